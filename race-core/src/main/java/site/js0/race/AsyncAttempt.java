package site.js0.race;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * An attempt of an {@link AsyncTask}: started on the launching thread, ended by its stage,
 * cancelled through the stage's {@link CompletableFuture}.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
final class AsyncAttempt<A, T> extends Attempt<A, T> implements BiFunction<T, @Nullable Throwable, @Nullable Void> {

	private final AsyncTask<? super A, ? extends T> task;

	private volatile @Nullable CompletableFuture<? extends T> future;

	AsyncAttempt(Race<A, T> race, A argument, int index, long launchNanos, AsyncTask<? super A, ? extends T> task) {
		super(race, argument, index, launchNanos);
		this.task = task;
	}

	@Override
	void start() {
		if (this.cancelled) {
			// The race ended between the launch and this start: do not run the task at all.
			this.race.attemptDone(this, null, new CancellationException(
					"Attempt #" + this.index + " of race '" + this.race.name() + "' was cancelled before it started"));
			return;
		}
		CompletionStage<? extends T> stage;
		try {
			stage = this.task.start(this.argument, this);
		}
		catch (Throwable ex) {
			Race.rethrowIfFatal(ex);
			this.race.attemptDone(this, null, ex);
			return;
		}
		if (stage == null) {
			this.race.attemptDone(this, null,
					new NullPointerException("The task of race '" + this.race.name() + "' returned a null "
							+ "CompletionStage for attempt #" + this.index + " (" + this.argument + ")"));
			return;
		}
		CompletableFuture<? extends T> future;
		try {
			future = stage.toCompletableFuture();
		}
		catch (UnsupportedOperationException ex) {
			// A stage that cannot be cancelled: the attempt ends when the stage does.
			stage.handle(this);
			return;
		}
		this.future = future;
		if (this.cancelled) {
			future.cancel(true);
		}
		// handle, not whenComplete: whenComplete completes its dependent future with a new
		// CompletionException, stack trace and all, for every attempt that fails or is cancelled.
		future.handle(this);
	}

	@Override
	void reject(Throwable failure) {
		this.race.attemptDone(this, null, failure);
	}

	@Override
	public @Nullable Void apply(@Nullable T value, @Nullable Throwable failure) {
		this.race.attemptDone(this, value, failure);
		return null;
	}

	@Override
	void cancel() {
		this.cancelled = true;
		CompletableFuture<? extends T> future = this.future;
		if (future != null) {
			future.cancel(true);
		}
	}

}
