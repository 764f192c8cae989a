package site.js0.race;

import java.util.concurrent.Callable;

/**
 * Carries the context of the thread that starts a race (a logging MDC, a trace, a
 * security context) to the threads that run its attempts, hedges that the timer starts
 * later included. Give one to {@link RaceTemplate#withAttemptDecorator}.
 *
 * <p>
 * {@link #capture()} is called once per race, on the thread that calls the
 * {@link RaceTemplate} method, before the first attempt is launched. Each attempt's work
 * then runs inside {@link Captured#call} on the thread that runs it: an
 * {@link AsyncTask}'s {@code start} (what runs later, in the stage's callbacks, is not
 * covered), or a {@link BlockingTask}'s whole call. Attempts of one race may run at once
 * on several threads, so a captured context must be safe to restore on several threads at
 * once, and must give each thread its own context back when the work returns.
 */
@FunctionalInterface
public interface AttemptDecorator {

	/**
	 * Capture the current thread's context.
	 * @return the captured context, restored around each attempt of the race
	 */
	Captured capture();

	/**
	 * A context captured for one race.
	 */
	interface Captured {

		/**
		 * Run one attempt's work with the captured context in place, on the current
		 * thread, and restore the thread's own context afterwards.
		 * @param <T> the result type
		 * @param work the attempt's work; it must be called exactly once
		 * @return what the work returns
		 * @throws Exception what the work throws; it becomes the attempt's failure
		 */
		<T> T call(Callable<T> work) throws Exception;

	}

}
