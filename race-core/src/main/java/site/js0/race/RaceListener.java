package site.js0.race;

/**
 * Callbacks on the life of a race, for observability. All methods have empty defaults.
 *
 * <p>
 * Callbacks are invoked synchronously on whichever thread moves the race on (the caller,
 * the executor, or the thread that completed an attempt), never while the race holds a
 * lock, and possibly concurrently for different attempts of one race: keep them fast and
 * thread-safe. An exception thrown by a listener is logged and ignored; it never breaks
 * the race.
 *
 * <p>
 * For every race: {@link #onRaceStarted} once, then {@link #onAttemptLaunched} and,
 * later, {@link #onAttemptFinished} exactly once for each attempt, and
 * {@link #onRaceFinished} once when the race is decided. Losers that are still running
 * when the race is decided report {@link #onAttemptFinished} after
 * {@link #onRaceFinished}.
 */
public interface RaceListener {

	/**
	 * Called when a race starts, before its first attempt is launched.
	 * @param race the race
	 */
	default void onRaceStarted(RaceInfo race) {
	}

	/**
	 * Called when an attempt has been launched.
	 * @param race the race
	 * @param attempt the attempt
	 */
	default void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
	}

	/**
	 * Called exactly once for each launched attempt, when it ends.
	 * @param race the race
	 * @param outcome how the attempt ended
	 */
	default void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
	}

	/**
	 * Called once when the race is decided: a winner, every attempt failed, an abort, the
	 * deadline, or the consumer gave up.
	 * @param race the race
	 * @param summary how the race ended
	 */
	default void onRaceFinished(RaceInfo race, RaceSummary summary) {
	}

	/**
	 * Called when the hedge budget refused an extra attempt: the race launches nothing
	 * more, and the attempts in flight go on.
	 * @param race the race
	 * @param attemptIndex the index the refused attempt would have had
	 */
	default void onBudgetExhausted(RaceInfo race, int attemptIndex) {
	}

	/**
	 * Called in shadow mode when a race's primary attempt ran past the step, so that a
	 * hedge would have been launched, once that attempt has ended.
	 * @param race the race
	 * @param hedge when the hedge would have been launched and whether it would likely
	 * have helped
	 */
	default void onShadowHedge(RaceInfo race, ShadowHedge hedge) {
	}

}
