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
	 * Capture the caller's context with this call's observation in place, so that the
	 * attempts run with it as the current observation.
	 * @param capture captures the caller's context
	 * @return the captured context
	 */
	default CallerContext capture(Supplier<CallerContext> capture) {
		return capture.get();
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
