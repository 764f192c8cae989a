package site.js0.race.autoconfigure.actuate;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;
import site.js0.race.RaceOutcome;
import site.js0.race.RaceSummary;
import site.js0.race.ShadowHedge;

/**
 * Live counts per race name, for the {@link RacesEndpoint}: kept apart from Micrometer so
 * that the endpoint works in an application without it. Counters are adders, so recording
 * costs no lock and reads are only approximately simultaneous, which is fine for a status
 * page.
 */
final class RaceStatistics implements RaceListener {

	// Wins beyond this index share the last slot: max-attempts can be "unlimited", the
	// array cannot.
	static final int MAX_TRACKED_WINNER_INDEX = 15;

	private final Map<String, Counts> counts = new ConcurrentHashMap<>();

	@Override
	public void onRaceStarted(RaceInfo race) {
		Counts counts = countsFor(race.name());
		counts.started.increment();
		counts.active.increment();
	}

	@Override
	public void onRaceFinished(RaceInfo race, RaceSummary summary) {
		Counts counts = countsFor(race.name());
		counts.active.decrement();
		counts.outcomes[summary.outcome().ordinal()].increment();
		counts.hedges.add(summary.hedges());
		int winner = summary.winnerIndex();
		if (winner > 0) {
			counts.hedgesWon.increment();
		}
		else if (winner == 0) {
			counts.hedgesWasted.add(summary.hedges());
		}
		if (winner >= 0) {
			counts.wins.incrementAndGet(Math.min(winner, MAX_TRACKED_WINNER_INDEX));
		}
	}

	@Override
	public void onBudgetExhausted(RaceInfo race, int attemptIndex) {
		countsFor(race.name()).budgetExhausted.increment();
	}

	@Override
	public void onShadowHedge(RaceInfo race, ShadowHedge hedge) {
		Counts counts = countsFor(race.name());
		counts.shadowHedges.increment();
		if (hedge.likelyHelped()) {
			counts.shadowHelped.increment();
		}
	}

	private Counts countsFor(String name) {
		Counts existing = this.counts.get(name);
		return (existing != null) ? existing : this.counts.computeIfAbsent(name, (key) -> new Counts());
	}

	/**
	 * Return a snapshot of the counts of one race.
	 * @param name the race name
	 * @return the counts, all zero if the race never ran
	 */
	RacesEndpoint.CountsDescriptor snapshot(String name) {
		Counts counts = this.counts.get(name);
		return (counts != null) ? counts.snapshot() : new Counts().snapshot();
	}

	/**
	 * Return the names of every race seen so far.
	 * @return the names
	 */
	Iterable<String> names() {
		return this.counts.keySet();
	}

	private static final class Counts {

		final LongAdder started = new LongAdder();

		final LongAdder active = new LongAdder();

		final LongAdder[] outcomes = new LongAdder[RaceOutcome.values().length];

		final LongAdder hedges = new LongAdder();

		final LongAdder hedgesWon = new LongAdder();

		final LongAdder hedgesWasted = new LongAdder();

		final LongAdder budgetExhausted = new LongAdder();

		final LongAdder shadowHedges = new LongAdder();

		final LongAdder shadowHelped = new LongAdder();

		final AtomicLongArray wins = new AtomicLongArray(MAX_TRACKED_WINNER_INDEX + 1);

		Counts() {
			for (int i = 0; i < this.outcomes.length; i++) {
				this.outcomes[i] = new LongAdder();
			}
		}

		RacesEndpoint.CountsDescriptor snapshot() {
			Map<Integer, Long> winsByIndex = new TreeMap<>();
			for (int i = 0; i < this.wins.length(); i++) {
				long value = this.wins.get(i);
				if (value > 0) {
					winsByIndex.put(i, value);
				}
			}
			return new RacesEndpoint.CountsDescriptor(this.active.sum(), this.started.sum(),
					outcome(RaceOutcome.SUCCESS), outcome(RaceOutcome.FAILURE), outcome(RaceOutcome.TIMEOUT),
					outcome(RaceOutcome.CANCELLED), this.hedges.sum(), this.hedgesWon.sum(), this.hedgesWasted.sum(),
					this.budgetExhausted.sum(), this.shadowHedges.sum(), this.shadowHelped.sum(), winsByIndex);
		}

		private long outcome(RaceOutcome outcome) {
			return this.outcomes[outcome.ordinal()].sum();
		}

	}

}
