package site.js0.race.benchmarks;

import java.util.concurrent.CompletableFuture;

/**
 * The simulated calls of the overhead benchmarks: futures that are already complete, so
 * that the measured path contains only the hedging machinery, never a sleeping thread or
 * a timer.
 */
final class SimulatedTasks {

	/** The value every successful call returns. */
	static final String VALUE = "ok";

	/**
	 * A failure without a stack trace: filling one in would dwarf the cost being
	 * measured.
	 */
	static final RuntimeException FAILURE = new RuntimeException("simulated failure", null, false, false) {

		private static final long serialVersionUID = 1L;

	};

	private static final CompletableFuture<String> SUCCEEDED = CompletableFuture.completedFuture(VALUE);

	private static final CompletableFuture<String> FAILED = CompletableFuture.failedFuture(FAILURE);

	private SimulatedTasks() {
	}

	/**
	 * A call that has already succeeded. Shared: attaching a callback to a completed
	 * future runs it at once and leaves the future unchanged, so every variant pays the
	 * same (nothing) for it.
	 * @return a completed future
	 */
	static CompletableFuture<String> succeeded() {
		return SUCCEEDED;
	}

	/**
	 * A call that has already failed, so that failure-advance launches the next attempt
	 * at once.
	 * @return a failed future
	 */
	static CompletableFuture<String> failed() {
		return FAILED;
	}

	/**
	 * The call of scenario (b): attempts 0 and 1 fail, attempt 2 and later succeed.
	 * @param attempt the zero-based attempt number
	 * @return a completed future
	 */
	static CompletableFuture<String> thirdSucceeds(int attempt) {
		return (attempt < 2) ? FAILED : SUCCEEDED;
	}

}
