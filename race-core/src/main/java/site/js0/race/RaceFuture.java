package site.js0.race;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The future of a first-success race. Completing it from outside, by {@link #cancel},
 * {@link #complete}, {@link #completeExceptionally} or a timeout such as
 * {@link CompletableFuture#orTimeout}, closes the race: nothing more is launched and in-flight
 * attempts are cancelled. Dependent stages are plain {@link CompletableFuture}s.
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
		boolean cancelled = super.cancel(mayInterruptIfRunning);
		if (cancelled) {
			this.race.close();
		}
		return cancelled;
	}

	@Override
	public boolean complete(T value) {
		boolean completed = super.complete(value);
		if (completed) {
			this.race.close();
		}
		return completed;
	}

	@Override
	public boolean completeExceptionally(Throwable ex) {
		boolean completed = super.completeExceptionally(ex);
		if (completed) {
			this.race.close();
		}
		return completed;
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
