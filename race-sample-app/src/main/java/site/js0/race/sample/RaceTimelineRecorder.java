package site.js0.race.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import site.js0.race.AttemptContext;
import site.js0.race.AttemptOutcome;
import site.js0.race.AttemptStatus;
import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;
import site.js0.race.RaceSummary;
import site.js0.race.UnsuccessfulResultException;

/**
 * Records the timeline of one race through the {@link RaceListener} callbacks: when each
 * attempt was launched, how long it ran and how it ended, and how the race ended. Add it
 * to a template used for that one race only.
 *
 * <p>
 * Losers report their end after the race has been decided (the race does not wait for a
 * cancelled call to unwind), so {@link #await} waits a little for them before drawing the
 * timeline; an attempt that has still not ended by then (a DNS lookup cannot be
 * interrupted) is shown as running.
 */
public final class RaceTimelineRecorder implements RaceListener {

	private final List<?> arguments;

	private final Function<Object, String> describeValue;

	private final Map<Integer, Duration> launchOffsets = new ConcurrentHashMap<>();

	private final Map<Integer, AttemptOutcome<?, ?>> outcomes = new ConcurrentHashMap<>();

	private final CountDownLatch raceFinished = new CountDownLatch(1);

	private volatile @Nullable RaceSummary summary;

	private volatile @Nullable String raceName;

	private volatile Duration step = Duration.ZERO;

	/**
	 * Create a recorder for a race over the given arguments.
	 * @param arguments the race's arguments, in order: attempt {@code k} runs with the
	 * {@code k}-th, which names the attempt in the timeline
	 * @param describeValue how to describe an attempt's value in one short phrase
	 */
	public RaceTimelineRecorder(List<?> arguments, Function<Object, String> describeValue) {
		this.arguments = List.copyOf(arguments);
		this.describeValue = describeValue;
	}

	@Override
	public void onRaceStarted(RaceInfo race) {
		this.raceName = race.name();
		this.step = race.settings().step();
	}

	@Override
	public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
		this.launchOffsets.put(attempt.index(), attempt.launchOffset());
	}

	@Override
	public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
		this.outcomes.put(outcome.index(), outcome);
		synchronized (this) {
			notifyAll();
		}
	}

	@Override
	public void onRaceFinished(RaceInfo race, RaceSummary summary) {
		this.summary = summary;
		this.raceFinished.countDown();
		synchronized (this) {
			notifyAll();
		}
	}

	/**
	 * Wait until the race has been decided and every attempt has ended, or the grace
	 * period is over, and return the timeline as it then stands.
	 * @param grace how long to wait
	 * @return the timeline
	 * @throws InterruptedException if interrupted while waiting
	 */
	public RaceTimeline await(Duration grace) throws InterruptedException {
		long deadline = System.nanoTime() + grace.toNanos();
		if (!this.raceFinished.await(grace.toNanos(), TimeUnit.NANOSECONDS)) {
			return snapshot();
		}
		synchronized (this) {
			long left;
			while (!allAttemptsEnded() && (left = deadline - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
		}
		return snapshot();
	}

	private boolean allAttemptsEnded() {
		RaceSummary decided = this.summary;
		return decided != null && this.outcomes.size() >= decided.attemptsLaunched();
	}

	/**
	 * Return the timeline as it stands now.
	 * @return the timeline
	 */
	public RaceTimeline snapshot() {
		List<RaceTimeline.Attempt> attempts = new ArrayList<>();
		this.launchOffsets.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((launch) -> {
			int index = launch.getKey();
			String target = (index < this.arguments.size()) ? String.valueOf(this.arguments.get(index)) : "#" + index;
			double launchMs = millis(launch.getValue());
			AttemptOutcome<?, ?> outcome = this.outcomes.get(index);
			if (outcome == null) {
				attempts
					.add(new RaceTimeline.Attempt(index, target, launchMs, null, "RUNNING", false, "still running"));
			}
			else {
				attempts.add(new RaceTimeline.Attempt(index, target, launchMs, millis(outcome.duration()),
						outcome.status().name(), outcome.isCancelled(), describe(outcome)));
			}
		});
		RaceSummary decided = this.summary;
		if (decided == null) {
			return new RaceTimeline(nameOrDefault(), millis(this.step), "RUNNING", -1, null, attempts, null);
		}
		Throwable failure = decided.failure();
		return new RaceTimeline(nameOrDefault(), millis(this.step), decided.outcome().name(), decided.winnerIndex(),
				millis(decided.duration()), attempts, (failure != null) ? failure.getMessage() : null);
	}

	private String nameOrDefault() {
		String name = this.raceName;
		return (name != null) ? name : "";
	}

	private String describe(AttemptOutcome<?, ?> outcome) {
		Throwable failure = outcome.failure();
		if (failure == null) {
			String value = this.describeValue.apply(outcome.value());
			return (outcome.status() == AttemptStatus.LOST) ? "too late: " + value : value;
		}
		if (failure instanceof CancellationException) {
			return "cancelled";
		}
		if (failure instanceof UnsuccessfulResultException unsuccessful) {
			return "rejected: " + this.describeValue.apply(unsuccessful.getResult());
		}
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	private static double millis(Duration duration) {
		// One decimal: enough to tell attempts apart, short enough to read.
		return Math.round(duration.toNanos() / 100_000.0) / 10.0;
	}

}
