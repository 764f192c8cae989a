package site.js0.race;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The future of a first-success race. Completing it from outside, by {@link #cancel},
 * {@link #complete}, {@link #completeExceptionally} or a timeout such as
 * {@link CompletableFuture#orTimeout}, closes the race: nothing more is launched and in-flight
 * attempts are cancelled. Once the race has decided, such calls return {@code false} and the race's
 * own result follows. Dependent stages are plain {@link CompletableFuture}s.
 *
 * @param <T> the result type
 */
final class RaceFuture<T> extends CompletableFuture<T> {

	private final Race<?, T> race;

	RaceFuture(Race<?, T> race) {
		this.race = race;
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		// The race's end is the single point of decision: a cancellation that comes after a success,
		// a failure or the deadline loses, so that listeners and the consumer always agree; one that
		// comes after another cancellation answers true, as a cancelled future does.
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

	void succeed(@Nullable T value) {
		super.complete(value);
	}

	void fail(Throwable failure) {
		super.completeExceptionally(failure);
	}

	void cancelFromRace() {
		super.cancel(false);
	}

	@Override
	public <U> CompletableFuture<U> newIncompleteFuture() {
		return new CompletableFuture<>();
	}

	@Override
	public String toString() {
		return super.toString() + " of " + this.race;
	}

}
