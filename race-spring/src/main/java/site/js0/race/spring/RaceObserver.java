package site.js0.race.spring;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import site.js0.race.AttemptContext;

/**
 * What the interceptor tells about one {@code @Hedged} call as it runs; implemented over
 * Micrometer's observations when there is an {@code ObservationRegistry}, and a no-op
 * otherwise, so that the interceptor does not load Micrometer's classes. Its methods are
 * called from the caller's thread and from the attempts' threads.
 */
interface RaceObserver {

	/** Observes nothing. */
	RaceObserver NONE = new RaceObserver() {
	};

	/**
	 * Run the given action with this call's observation as the current one, so that the
	 * race it starts captures it and its attempts run with it.
	 * @param <T> the result type
	 * @param action starts the race
	 * @return what the action returns
	 */
	default <T> T inScope(Supplier<T> action) {
		return action.get();
	}

	/**
	 * An attempt started, on the thread that runs it.
	 * @param attempt the attempt
	 */
	default void attemptStarted(AttemptContext attempt) {
	}

	/**
	 * An attempt ended.
	 * @param attempt the attempt
	 * @param failure its failure, or {@code null} for a success
	 */
	default void attemptEnded(AttemptContext attempt, @Nullable Throwable failure) {
	}

	/**
	 * The race ended.
	 * @param raceFailure the race's own failure, or {@code null} for a success
	 * @param thrown what the caller gets in its place, or {@code null} for a success
	 */
	default void stop(@Nullable Throwable raceFailure, @Nullable Throwable thrown) {
	}

}
