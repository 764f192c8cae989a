package site.js0.race.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import site.js0.race.AttemptContext;
import site.js0.race.AttemptOutcome;
import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;
import site.js0.race.RaceSummary;

/**
 * The last races of each race name with their attempt timelines, for the
 * {@link RecentRacesEndpoint}. Bounded in memory: at most {@code size} finished races per
 * name, each holding only texts and numbers (no result, no exception), and at most
 * {@value #MAX_TRACKED} races being followed at once (beyond that the oldest followed
 * race is dropped: one whose losers never report, or one of a burst). Each event costs
 * one short synchronized map operation on the listener's thread, never inside the
 * engine's locks; nothing is recorded for a template without this listener.
 */
final class RecentRaces implements RaceListener {

	/** The most races followed between their start and their last attempt's end. */
	static final int MAX_TRACKED = 1_000;

	/** The longest argument or failure text kept. */
	static final int MAX_TEXT = 120;

	private final int size;

	// Guarded by this.

	private final Map<RaceInfo, Timeline> inFlight = new IdentityHashMap<>();

	private final Deque<Timeline> order = new ArrayDeque<>();

	private final Map<String, Deque<Timeline>> finished = new LinkedHashMap<>();

	RecentRaces(int size) {
		this.size = size;
	}

	@Override
	public void onRaceStarted(RaceInfo race) {
		Timeline timeline = new Timeline(race, Instant.now());
		synchronized (this) {
			if (this.inFlight.size() >= MAX_TRACKED) {
				Timeline oldest = this.order.pollFirst();
				if (oldest != null) {
					this.inFlight.remove(oldest.race);
				}
			}
			this.inFlight.put(race, timeline);
			this.order.addLast(timeline);
		}
	}

	@Override
	public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
		synchronized (this) {
			Timeline timeline = this.inFlight.get(race);
			if (timeline != null) {
				timeline.attempts.add(new Attempt(attempt.index(), millis(attempt.launchOffset())));
			}
		}
	}

	@Override
	public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
		String argument = text(outcome.argument());
		Throwable thrown = outcome.failure();
		String failure = (thrown != null) ? text(thrown) : null;
		synchronized (this) {
			Timeline timeline = this.inFlight.get(race);
			if (timeline == null) {
				return;
			}
			for (Attempt attempt : timeline.attempts) {
				if (attempt.index == outcome.index()) {
					attempt.end(outcome, argument, failure);
				}
			}
			timeline.ended++;
			forgetIfComplete(race, timeline);
		}
	}

	@Override
	public void onRaceFinished(RaceInfo race, RaceSummary summary) {
		synchronized (this) {
			Timeline timeline = this.inFlight.get(race);
			if (timeline == null) {
				return;
			}
			timeline.finish(summary);
			Deque<Timeline> recent = this.finished.computeIfAbsent(race.name(), (name) -> new ArrayDeque<>());
			recent.addFirst(timeline);
			while (recent.size() > this.size) {
				recent.removeLast();
			}
			forgetIfComplete(race, timeline);
		}
	}

	// Losers report after the race is decided: follow the race until every launched
	// attempt has.
	private void forgetIfComplete(RaceInfo race, Timeline timeline) {
		if (timeline.finished && timeline.ended >= timeline.attempts.size()) {
			this.inFlight.remove(race);
			this.order.remove(timeline);
		}
	}

	/**
	 * Return the recent races of every name, the latest first.
	 * @return the races by name
	 */
	synchronized Map<String, List<RecentRacesEndpoint.RaceDescriptor>> snapshot() {
		Map<String, List<RecentRacesEndpoint.RaceDescriptor>> snapshot = new LinkedHashMap<>();
		this.finished.forEach((name, races) -> snapshot.put(name, describe(races)));
		return snapshot;
	}

	/**
	 * Return the recent races of one name, the latest first.
	 * @param name the race name
	 * @return the races, empty if none finished yet
	 */
	synchronized List<RecentRacesEndpoint.RaceDescriptor> snapshot(String name) {
		Deque<Timeline> races = this.finished.get(name);
		return (races != null) ? describe(races) : List.of();
	}

	private static List<RecentRacesEndpoint.RaceDescriptor> describe(Deque<Timeline> races) {
		List<RecentRacesEndpoint.RaceDescriptor> described = new ArrayList<>(races.size());
		for (Iterator<Timeline> it = races.iterator(); it.hasNext();) {
			described.add(it.next().describe());
		}
		return described;
	}

	private static double millis(Duration duration) {
		return duration.toNanos() / 1e6;
	}

	// A user's toString may throw or run long: it runs here, on the listener's thread,
	// outside every lock, and whatever it does costs only this text.
	private static String text(@Nullable Object value) {
		String text;
		try {
			text = (value instanceof Throwable failure)
					? failure.getClass().getSimpleName() + ": " + failure.getMessage() : String.valueOf(value);
		}
		catch (Throwable ex) {
			text = "(toString threw " + ex.getClass().getSimpleName() + ")";
		}
		return (text.length() > MAX_TEXT) ? text.substring(0, MAX_TEXT) + "…" : text;
	}

	/**
	 * One race followed from its start.
	 */
	private static final class Timeline {

		/** The race, while it is followed: the key to drop it by. */
		final RaceInfo race;

		final String name;

		final Instant started;

		final List<Attempt> attempts = new ArrayList<>(4);

		int ended;

		boolean finished;

		String outcome = "RUNNING";

		int winnerIndex = -1;

		double durationMillis = -1;

		Timeline(RaceInfo race, Instant started) {
			this.race = race;
			this.name = race.name();
			this.started = started;
		}

		// Only what is shown: the summary's failure would keep the attempts' exceptions,
		// and with them results, alive.
		void finish(RaceSummary summary) {
			this.finished = true;
			this.outcome = summary.outcome().name();
			this.winnerIndex = summary.winnerIndex();
			this.durationMillis = millis(summary.duration());
		}

		RecentRacesEndpoint.RaceDescriptor describe() {
			List<RecentRacesEndpoint.AttemptDescriptor> attempts = this.attempts.stream()
				.sorted(Comparator.comparingInt((Attempt attempt) -> attempt.index))
				.map(Attempt::describe)
				.toList();
			return new RecentRacesEndpoint.RaceDescriptor(this.name, this.started, this.outcome, this.winnerIndex,
					this.durationMillis, attempts);
		}

	}

	/**
	 * One attempt of a followed race.
	 */
	private static final class Attempt {

		final int index;

		final double launchedAtMillis;

		@Nullable String argument;

		@Nullable String status;

		double durationMillis = -1;

		boolean started = true;

		double afterDecisionMillis;

		@Nullable String failure;

		Attempt(int index, double launchedAtMillis) {
			this.index = index;
			this.launchedAtMillis = launchedAtMillis;
		}

		void end(AttemptOutcome<?, ?> outcome, String argument, @Nullable String failure) {
			this.argument = argument;
			this.status = outcome.status().name();
			this.durationMillis = millis(outcome.duration());
			this.started = outcome.started();
			this.afterDecisionMillis = millis(outcome.afterDecision());
			this.failure = failure;
		}

		RecentRacesEndpoint.AttemptDescriptor describe() {
			return new RecentRacesEndpoint.AttemptDescriptor(this.index, this.argument, this.launchedAtMillis,
					this.durationMillis, (this.status != null) ? this.status : "RUNNING", this.started,
					this.afterDecisionMillis, this.failure);
		}

	}

}
