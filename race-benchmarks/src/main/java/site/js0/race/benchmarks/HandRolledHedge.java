package site.js0.race.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * A hedge written with nothing but {@link CompletableFuture}, as a competent user would
 * write it instead of using the library: the baseline of the overhead benchmarks.
 *
 * <p>
 * What makes it competent rather than naive: the result completes on the first
 * <em>success</em> ({@code anyOf} and {@code applyToEither} complete on the first failure
 * too); a failure launches the next attempt at once; a compare-and-set makes sure the
 * timer and a failure never both launch the same attempt; no timer is armed when the
 * first call has already won; and the losers and the pending timer are cancelled once the
 * result is known. The timer is {@link CompletableFuture#completeOnTimeout}, which runs
 * on the same JDK delayer thread as {@link CompletableFuture#delayedExecutor} but, unlike
 * it, removes its task from the delayer's queue when cancelled, so that a benchmark
 * running millions of hedges does not flood that thread with expired timers.
 *
 * @param <T> the result type
 */
final class HandRolledHedge<T> {

	private final IntFunction<CompletableFuture<T>> call;

	private final long stepNanos;

	private final int maxAttempts;

	private final CompletableFuture<T> result = new CompletableFuture<>();

	private final AtomicInteger launched = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final CompletableFuture<T>[] attempts;

	// The pending timer of the next launch; null until the first one is armed.
	private volatile @Nullable CompletableFuture<Void> timer;

	@SuppressWarnings("unchecked")
	private HandRolledHedge(IntFunction<CompletableFuture<T>> call, long stepNanos, int maxAttempts) {
		this.call = call;
		this.stepNanos = stepNanos;
		this.maxAttempts = maxAttempts;
		this.attempts = (CompletableFuture<T>[]) new CompletableFuture<?>[maxAttempts];
	}

	/**
	 * Call, then call again after each step without a success, up to {@code maxAttempts}
	 * times, and return the first success.
	 * @param <T> the result type
	 * @param call the call, given the attempt number
	 * @param stepNanos the delay between launches
	 * @param maxAttempts the maximum number of calls
	 * @return the first success, or the last failure if every call failed
	 */
	static <T> CompletableFuture<T> hedge(IntFunction<CompletableFuture<T>> call, long stepNanos, int maxAttempts) {
		HandRolledHedge<T> hedge = new HandRolledHedge<>(call, stepNanos, maxAttempts);
		hedge.launch(0);
		if (!hedge.result.isDone()) {
			// Registered only now: a race won by its first call has no loser and no timer
			// to cancel.
			hedge.result.whenComplete((value, failure) -> hedge.cancelLosers());
		}
		return hedge.result;
	}

	private void launch(int index) {
		if (index >= this.maxAttempts || this.result.isDone() || !this.launched.compareAndSet(index, index + 1)) {
			return;
		}
		CompletableFuture<T> attempt = this.call.apply(index);
		this.attempts[index] = attempt;
		attempt.whenComplete((value, failure) -> {
			if (failure == null) {
				this.result.complete(value);
			}
			else if (this.failed.incrementAndGet() == this.maxAttempts) {
				this.result.completeExceptionally(failure);
			}
			else {
				launch(index + 1);
			}
		});
		if (!this.result.isDone() && index + 1 < this.maxAttempts && this.launched.get() == index + 1) {
			CompletableFuture<Void> previous = this.timer;
			if (previous != null) {
				previous.cancel(false);
			}
			CompletableFuture<Void> next = new CompletableFuture<Void>().completeOnTimeout(null, this.stepNanos,
					TimeUnit.NANOSECONDS);
			this.timer = next;
			next.thenRun(() -> launch(index + 1));
		}
	}

	private void cancelLosers() {
		CompletableFuture<Void> timer = this.timer;
		if (timer != null) {
			timer.cancel(false);
		}
		int launched = this.launched.get();
		for (int i = 0; i < launched; i++) {
			CompletableFuture<T> attempt = this.attempts[i];
			if (attempt != null) {
				attempt.cancel(true);
			}
		}
	}

}
