package site.js0.race;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The future of a first-success race, and the race's consumer. Completing it from
 * outside, by {@link #cancel}, {@link #complete}, {@link #completeExceptionally},
 * {@link #completeAsync}, {@link #obtrudeValue}, {@link #obtrudeException} or a timeout
 * such as {@link CompletableFuture#orTimeout}, closes the race: nothing more is launched
 * and in-flight attempts are cancelled. Once the race has decided, such calls (but the
 * {@code obtrude} ones, which by contract force the value) return {@code false} and the
 * race's own result stays. Dependent stages are plain {@link CompletableFuture}s.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
final class RaceFuture<A, T> extends CompletableFuture<T> implements RaceConsumer<A, T> {

	private final Race<A, T> race;

	RaceFuture(Race<A, T> race) {
		this.race = race;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		// The race's decision is the single point of decision: a cancellation that comes
		// after a success, a failure or the deadline loses, so that listeners and the
		// consumer always agree; one that comes after another cancellation answers true,
		// as a cancelled future does.
		if (this.race.closeByCancel()) {
			return super.cancel(mayInterruptIfRunning);
		}
		return this.race.endedByCancel() || isCancelled();
	}

	@Override
	public boolean complete(T value) {
		return this.race.close() && super.complete(value);
	}

	@Override
	public boolean completeExceptionally(Throwable ex) {
		return this.race.close() && super.completeExceptionally(ex);
	}

	@Override
	public void obtrudeValue(T value) {
		this.race.close();
		super.obtrudeValue(value);
	}

	@Override
	public void obtrudeException(Throwable ex) {
		this.race.close();
		super.obtrudeException(ex);
	}

	@Override
	public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
		if (supplier == null || executor == null) {
			throw new NullPointerException();
		}
		// CompletableFuture's own completeAsync completes through a private path that
		// bypasses complete(), and so would leave the race running.
		executor.execute(() -> {
			if (isDone()) {
				return;
			}
			try {
				complete(supplier.get());
			}
			catch (Throwable ex) {
				completeExceptionally(ex);
			}
		});
		return this;
	}

	@Override
	public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
		return completeAsync(supplier, defaultExecutor());
	}

	@Override
	public <U> CompletableFuture<U> newIncompleteFuture() {
		return new CompletableFuture<>();
	}

	// ---- RaceConsumer

	@Override
	public boolean isStream() {
		return false;
	}

	@Override
	public boolean hasCredit(int inFlight) {
		return true;
	}

	@Override
	public void offer(AttemptOutcome<A, T> outcome) {
	}

	@Override
	public void signal() {
	}

	@Override
	public void succeed(@Nullable T value) {
		super.complete(value);
	}

	@Override
	public void end(RaceOutcome outcome, @Nullable Throwable failure) {
		if (failure instanceof CancellationException) {
			super.cancel(false);
		}
		else if (failure != null) {
			super.completeExceptionally(failure);
		}
	}

	@Override
	public String toString() {
		return super.toString() + " of " + this.race;
	}

}
