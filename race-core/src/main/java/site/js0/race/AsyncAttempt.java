package site.js0.race;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * An attempt of an {@link AsyncTask}: admitted as it is launched, started on the
 * launching thread, ended by its stage, cancelled through the stage's
 * {@link CompletableFuture}.
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

	/**
	 * Return how attempts of the given task are made.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param task the task
	 * @return the kind of attempt
	 */
	static <A, T> Attempt.Kind<A, T> kind(AsyncTask<? super A, ? extends T> task) {
		return new Attempt.Kind<>() {

			@Override
			public Attempt<A, T> create(Race<A, T> race, A argument, int index, long launchNanos) {
				return new AsyncAttempt<>(race, argument, index, launchNanos, task);
			}

			@Override
			public boolean queues() {
				return false;
			}

			@Override
			public boolean mayDrop() {
				return false;
			}

		};
	}

	@Override
	void launch() {
		CompletionStage<? extends T> stage;
		try {
			stage = this.task.start(this.argument, this);
		}
		catch (Throwable ex) {
			this.race.attemptDone(this, null, ex, true);
			return;
		}
		if (stage == null) {
			this.race.attemptDone(this, null,
					new NullPointerException(
							"The task of race '" + this.race.name() + "' returned a null CompletionStage for attempt #"
									+ this.index + " (" + SafeStrings.of(this.argument) + ")"),
					true);
			return;
		}
		CompletableFuture<? extends T> future;
		try {
			future = stage.toCompletableFuture();
		}
		catch (Throwable ex) {
			// A stage that cannot be cancelled (UnsupportedOperationException): it ends
			// when it ends.
			future = null;
		}
		if (future == null) {
			try {
				stage.handle(this);
			}
			catch (Throwable ex) {
				this.race.attemptDone(this, null, ex, true);
			}
			return;
		}
		this.future = future;
		if (this.cancelled) {
			cancel(future);
		}
		try {
			// handle, not whenComplete: whenComplete completes its dependent future with
			// a new CompletionException, stack trace and all, for every attempt that
			// fails or is cancelled.
			future.handle(this);
		}
		catch (Throwable ex) {
			// A user's CompletableFuture subclass that throws from handle.
			this.race.attemptDone(this, null, ex, true);
		}
	}

	@Override
	public @Nullable Void apply(@Nullable T value, @Nullable Throwable failure) {
		this.race.attemptDone(this, value, failure, true);
		return null;
	}

	@Override
	void cancel() {
		this.cancelled = true;
		CompletableFuture<? extends T> future = this.future;
		if (future != null) {
			cancel(future);
		}
	}

	private static void cancel(CompletableFuture<?> future) {
		try {
			future.cancel(true);
		}
		catch (Throwable ex) {
			// A user's future subclass that throws from cancel: the attempt ends when its
			// future does.
		}
	}

}
