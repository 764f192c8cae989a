package site.js0.race.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import site.js0.race.AttemptOutcome;
import site.js0.race.AttemptStatus;
import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;
import site.js0.race.RaceOutcome;
import site.js0.race.RaceSummary;
import site.js0.race.ShadowHedge;

/**
 * Records the race meters. Tags are the race name and an outcome or status, never an
 * argument or a value, so the number of series stays bounded by the number of configured
 * races. Meters are registered once per race name, on its first event, and cached: the
 * hot path is a map lookup and an array index, with no meter builder or registry lookup
 * per event.
 */
final class RaceMetricsListener implements RaceListener {

	static final String DURATION = "race.duration";

	static final String ATTEMPTS = "race.attempts";

	static final String HEDGES = "race.hedges";

	static final String WINNER = "race.winner";

	static final String ATTEMPT_DURATION = "race.attempt.duration";

	static final String ACTIVE = "race.active";

	static final String STEP = "race.step";

	static final String HEDGES_WON = "race.hedges.won";

	static final String HEDGES_WASTED = "race.hedges.wasted";

	static final String LOSER_LINGER = "race.losers.linger";

	static final String LOSERS_LINGERING = "race.losers.lingering";

	static final String BUDGET_EXHAUSTED = "race.budget.exhausted";

	static final String SHADOW_HEDGES = "race.shadow.hedges";

	/**
	 * How long after the decision a loser's end may be reported before it counts as
	 * lingering: the time a cancellation should take to reach a socket. A blocking
	 * attempt's end is reported when it is interrupted, an async one's when its stage
	 * completes or is cancelled.
	 */
	static final Duration LINGERING = Duration.ofMillis(100);

	private final MeterRegistry registry;

	private final double[] percentiles;

	private final boolean histogram;

	private final Map<String, RaceMeters> meters = new ConcurrentHashMap<>();

	RaceMetricsListener(MeterRegistry registry, List<Double> percentiles, boolean histogram) {
		this.registry = registry;
		this.percentiles = percentiles.stream().mapToDouble(Double::doubleValue).toArray();
		this.histogram = histogram;
	}

	@Override
	public void onRaceStarted(RaceInfo race) {
		metersFor(race).active.incrementAndGet();
	}

	@Override
	public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
		RaceMeters meters = metersFor(race);
		int status = outcome.status().ordinal();
		meters.attempts[status].increment();
		meters.attemptDurations[status].record(outcome.duration().toNanos(), TimeUnit.NANOSECONDS);
		if (outcome.status() == AttemptStatus.LOST && outcome.started()) {
			Duration afterDecision = outcome.afterDecision();
			meters.linger.record(afterDecision);
			if (afterDecision.compareTo(LINGERING) > 0) {
				meters.lingering.increment();
			}
		}
	}

	@Override
	public void onBudgetExhausted(RaceInfo race, int attemptIndex) {
		metersFor(race).budgetExhausted.increment();
	}

	@Override
	public void onShadowHedge(RaceInfo race, ShadowHedge hedge) {
		RaceMeters meters = metersFor(race);
		(hedge.likelyHelped() ? meters.shadowHelped : meters.shadowNotHelped).increment();
	}

	@Override
	public void onRaceFinished(RaceInfo race, RaceSummary summary) {
		RaceMeters meters = metersFor(race);
		meters.active.decrementAndGet();
		meters.durations[summary.outcome().ordinal()].record(summary.duration().toNanos(), TimeUnit.NANOSECONDS);
		int hedges = summary.hedges();
		if (hedges > 0) {
			meters.hedges.increment(hedges);
		}
		if (summary.winnerIndex() >= 0) {
			meters.winner.record(summary.winnerIndex());
		}
		if (summary.winnerIndex() > 0) {
			meters.hedgesWon.increment();
		}
		else if (summary.winnerIndex() == 0 && hedges > 0) {
			meters.hedgesWasted.increment(hedges);
		}
	}

	private RaceMeters metersFor(RaceInfo race) {
		String name = race.name();
		RaceMeters existing = this.meters.get(name);
		return (existing != null) ? existing : this.meters.computeIfAbsent(name, this::register);
	}

	private RaceMeters register(String race) {
		return new RaceMeters(race);
	}

	private Timer timer(String name, String description, String race, String tagKey, String tagValue) {
		return Timer.builder(name)
			.description(description)
			.tag("race", race)
			.tag(tagKey, tagValue)
			.publishPercentiles(this.percentiles)
			.publishPercentileHistogram(this.histogram)
			.register(this.registry);
	}

	private Counter counter(String name, String description, String race) {
		return Counter.builder(name).description(description).tag("race", race).register(this.registry);
	}

	private Counter shadowCounter(String race, boolean helped) {
		return Counter.builder(SHADOW_HEDGES)
			.description(
					"In shadow mode, hedges that would have been launched, by whether they would likely have helped")
			.tag("race", race)
			.tag("helped", Boolean.toString(helped))
			.register(this.registry);
	}

	private static String tagValue(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The meters of one race name, indexed by enum ordinal.
	 */
	private final class RaceMeters {

		final Timer[] durations = new Timer[RaceOutcome.values().length];

		final Counter[] attempts = new Counter[AttemptStatus.values().length];

		final Timer[] attemptDurations = new Timer[AttemptStatus.values().length];

		final Counter hedges;

		final DistributionSummary winner;

		final AtomicInteger active = new AtomicInteger();

		final Counter hedgesWon;

		final Counter hedgesWasted;

		final Timer linger;

		final Counter lingering;

		final Counter budgetExhausted;

		final Counter shadowHelped;

		final Counter shadowNotHelped;

		RaceMeters(String race) {
			MeterRegistry registry = RaceMetricsListener.this.registry;
			for (RaceOutcome outcome : RaceOutcome.values()) {
				this.durations[outcome.ordinal()] = timer(DURATION,
						"Duration of whole races, from start to success, failure, timeout or cancellation", race,
						"outcome", tagValue(outcome));
			}
			for (AttemptStatus status : AttemptStatus.values()) {
				this.attempts[status.ordinal()] = Counter.builder(ATTEMPTS)
					.description("Attempts that ended, by result: won, failed, lost (cancelled or too late) or aborted")
					.baseUnit("attempts")
					.tag("race", race)
					.tag("result", tagValue(status))
					.register(registry);
				this.attemptDurations[status.ordinal()] = timer(ATTEMPT_DURATION,
						"Duration of single attempts, from launch to their end, by result", race, "result",
						tagValue(status));
			}
			this.hedges = Counter.builder(HEDGES)
				.description("Attempts launched beyond the first one of their race")
				.baseUnit("attempts")
				.tag("race", race)
				.register(registry);
			this.winner = DistributionSummary.builder(WINNER)
				.description("Index of the winning attempt: 0 is the original call, more means a hedge won")
				.tag("race", race)
				.register(registry);
			this.hedgesWon = counter(HEDGES_WON, "Races won by a hedge: hedges that helped", race);
			this.hedgesWasted = counter(HEDGES_WASTED,
					"Hedges launched in races that the original call won anyway: extra load that did not help", race);
			this.linger = Timer.builder(LOSER_LINGER)
				.description("How long losers that had started kept running after their race was decided")
				.tag("race", race)
				.register(registry);
			this.lingering = counter(LOSERS_LINGERING, "Losers still running more than " + LINGERING.toMillis()
					+ " ms after their race was decided: cancellation that did not reach them", race);
			this.budgetExhausted = counter(BUDGET_EXHAUSTED,
					"Extra attempts (hedges or failure advances) not launched because the hedge budget was spent",
					race);
			this.shadowHelped = shadowCounter(race, true);
			this.shadowNotHelped = shadowCounter(race, false);
			Gauge.builder(ACTIVE, this.active, AtomicInteger::get)
				.description("Races in flight")
				.baseUnit("races")
				.tag("race", race)
				.strongReference(true)
				.register(registry);
		}

	}

}
