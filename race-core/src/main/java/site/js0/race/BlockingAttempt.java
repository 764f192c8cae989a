package site.js0.race;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * An attempt of a {@link BlockingTask}: handed to the race's executor after the launch,
 * admitted when an executor thread picks it up, cancelled by interrupting that thread.
 *
 * <p>
 * The unit handed to the executor is a {@link FutureTask}, which gives a single
 * {@link FutureTask#done() done} however the attempt ends and is a
 * {@link java.util.concurrent.Future} that an executor shutting down can cancel (Spring's
 * executors cancel the tasks that {@code shutdownNow} returns). Its {@code run} first
 * asks the race for admission, so that a task picked up after the race was decided never
 * runs, and afterwards clears the interrupt that a cancellation delivered, so that a
 * caller-runs executor never leaves it on the caller's thread.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
final class BlockingAttempt<A, T> extends Attempt<A, T> {

	private final BlockingTask<? super A, ? extends T> task;

	private final Executor executor;

	private final Job job = new Job();

	/**
	 * Whether the task was entered: written by the thread that runs it, read by whichever
	 * ends it.
	 */
	private volatile boolean entered;

	/**
	 * The executor refused the attempt because it is shut down: the next one would fare
	 * no better.
	 */
	private volatile boolean refusedForGood;

	/**
	 * The next attempt to hand to the executor once the launching thread leaves the
	 * drain.
	 */
	@Nullable BlockingAttempt<A, T> nextHandOff;

	BlockingAttempt(Race<A, T> race, A argument, int index, long launchNanos, BlockingTask<? super A, ? extends T> task,
			Executor executor) {
		super(race, argument, index, launchNanos);
		this.task = task;
		this.executor = executor;
	}

	/**
	 * Return how attempts of the given task are made.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param task the task
	 * @param executor the executor that runs them
	 * @return the kind of attempt
	 */
	static <A, T> Attempt.Kind<A, T> kind(BlockingTask<? super A, ? extends T> task, Executor executor) {
		return new Attempt.Kind<>() {

			@Override
			public Attempt<A, T> create(Race<A, T> race, A argument, int index, long launchNanos) {
				return new BlockingAttempt<>(race, argument, index, launchNanos, task, executor);
			}

			@Override
			public boolean queues() {
				return true;
			}

			@Override
			public boolean mayDrop() {
				return executor instanceof ExecutorService;
			}

		};
	}

	@Override
	void launch() {
		// Not here: a caller-runs executor would run the whole attempt inside the
		// launching thread's drain, and hold back every other launch of the race
		// meanwhile.
		this.race.handOffLater(this);
	}

	/**
	 * Hand the attempt to the executor. A failure to take it, whatever it is (a
	 * rejection, an {@code Error} such as a thread that cannot be created), is this
	 * attempt's failure.
	 */
	void handOff() {
		if (this.job.isDone()) {
			return;
		}
		try {
			this.executor.execute(this.job);
		}
		catch (Throwable ex) {
			this.refusedForGood = isShutdown(this.executor);
			this.job.fail(ex);
		}
	}

	@Override
	boolean advancesOnFailure(boolean started) {
		return started || this.refusedForGood;
	}

	/**
	 * End the attempt as dropped if its executor has terminated without ever running it.
	 * @return {@code true} if it was dropped
	 */
	boolean failIfDropped() {
		if (!this.job.isDone() && isTerminated(this.executor)) {
			return this.job.fail(new RejectedExecutionException("Attempt #" + this.index + " of race '"
					+ this.race.name() + "' was dropped by its executor, which terminated before running it"));
		}
		return false;
	}

	private static boolean isShutdown(Executor executor) {
		try {
			return executor instanceof ExecutorService service && service.isShutdown();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static boolean isTerminated(Executor executor) {
		try {
			return executor instanceof ExecutorService service && service.isTerminated();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	@Override
	void cancel() {
		this.cancelled = true;
		this.job.cancel(true);
	}

	/**
	 * The task handed to the executor.
	 */
	private final class Job extends FutureTask<T> {

		Job() {
			super(() -> {
				BlockingAttempt<A, T> attempt = BlockingAttempt.this;
				// Entered before the last look at the cancellation: a task that runs is
				// always reported as started, whichever thread reports it.
				attempt.entered = true;
				if (attempt.job.isCancelled()) {
					throw new CancellationException();
				}
				return attempt.task.call(attempt.argument, attempt);
			});
		}

		@Override
		public void run() {
			BlockingAttempt<A, T> attempt = BlockingAttempt.this;
			if (isDone() || !attempt.race.admit(attempt)) {
				return;
			}
			super.run();
			if (attempt.entered && isCancelled()) {
				// FutureTask has waited for the cancelling thread's interrupt to land; it
				// was meant for the task, not for whatever this thread runs next (the
				// caller's code, with a caller-runs executor).
				Thread.interrupted();
			}
		}

		boolean fail(Throwable failure) {
			if (isDone()) {
				return false;
			}
			setException(failure);
			return true;
		}

		@Override
		protected void done() {
			BlockingAttempt<A, T> attempt = BlockingAttempt.this;
			boolean started = attempt.entered;
			if (isCancelled()) {
				attempt.race.attemptDone(
						attempt, null, new CancellationException("Attempt #" + attempt.index + " of race '"
								+ attempt.race.name() + "' was cancelled" + (started ? "" : " before it started")),
						started);
				return;
			}
			try {
				attempt.race.attemptDone(attempt, get(), null, started);
			}
			catch (ExecutionException ex) {
				attempt.race.attemptDone(attempt, null, ex.getCause(), started);
			}
			catch (InterruptedException | CancellationException ex) {
				attempt.race.attemptDone(attempt, null, ex, started);
			}
		}

	}

}
