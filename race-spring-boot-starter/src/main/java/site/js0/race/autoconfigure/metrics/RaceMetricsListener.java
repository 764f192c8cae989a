package site.js0.race.autoconfigure.metrics;

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
			Gauge.builder(ACTIVE, this.active, AtomicInteger::get)
				.description("Races in flight")
				.baseUnit("races")
				.tag("race", race)
				.strongReference(true)
				.register(registry);
		}

	}

}
