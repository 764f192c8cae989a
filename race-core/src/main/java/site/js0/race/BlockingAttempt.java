package site.js0.race;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * An attempt of a {@link BlockingTask}: run on the race's executor, cancelled by interrupting its
 * thread.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
final class BlockingAttempt<A, T> extends Attempt<A, T> implements Callable<T> {

	private final BlockingTask<? super A, ? extends T> task;

	private final Job job = new Job();

	BlockingAttempt(Race<A, T> race, A argument, int index, long launchNanos,
			BlockingTask<? super A, ? extends T> task) {
		super(race, argument, index, launchNanos);
		this.task = task;
	}

	@Override
	void start() {
		if (this.job.isCancelled()) {
			// The race ended between the launch and this start; the cancellation was reported.
			return;
		}
		try {
			this.race.executor().execute(this.job);
		}
		catch (RuntimeException ex) {
			// Typically a RejectedExecutionException from an executor that has been shut down.
			this.job.fail(ex);
		}
	}

	@Override
	void reject(Throwable failure) {
		this.job.fail(failure);
	}

	@Override
	public T call() throws Exception {
		return this.task.call(this.argument, this);
	}

	@Override
	void cancel() {
		this.cancelled = true;
		this.job.cancel(true);
	}

	/**
	 * The unit of work handed to the executor. {@link FutureTask} gives a safe interrupt on cancel
	 * (never one that leaks into the thread's next task) and a single {@link #done()} however the
	 * attempt ends.
	 */
	private final class Job extends FutureTask<T> {

		Job() {
			super(BlockingAttempt.this);
		}

		void fail(Throwable failure) {
			setException(failure);
		}

		@Override
		protected void done() {
			BlockingAttempt<A, T> attempt = BlockingAttempt.this;
			if (isCancelled()) {
				attempt.race.attemptDone(attempt, null, new CancellationException(
						"Attempt #" + attempt.index + " of race '" + attempt.race.name() + "' was cancelled"));
				return;
			}
			try {
				attempt.race.attemptDone(attempt, get(), null);
			}
			catch (ExecutionException ex) {
				attempt.race.attemptDone(attempt, null, ex.getCause());
			}
			catch (InterruptedException | CancellationException ex) {
				attempt.race.attemptDone(attempt, null, ex);
			}
		}

	}

}
