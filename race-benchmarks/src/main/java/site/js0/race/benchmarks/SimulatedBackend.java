package site.js0.race.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process backend whose latency is realised by timers, never by sleeping threads:
 * each call draws a latency from the {@link LatencyModel} and schedules its own
 * completion. A cancelled call (a hedge's loser) cancels its timer, as a server would
 * drop the request. Replicas are independent: every call draws afresh, which is the
 * paper's assumption for hedging to work. Capacity is unbounded, so extra load is
 * counted, not fed back into latency.
 */
final class SimulatedBackend implements AutoCloseable {

	private final LatencyModel model;

	private final ScheduledThreadPoolExecutor timers;

	private final LongAdder calls = new LongAdder();

	SimulatedBackend(LatencyModel model) {
		this.model = model;
		this.timers = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "simulated-backend");
			thread.setDaemon(true);
			return thread;
		});
		this.timers.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Send one request.
	 * @return its response, after the drawn latency
	 */
	CompletableFuture<String> call() {
		this.calls.increment();
		CompletableFuture<String> response = new CompletableFuture<>();
		long latency = this.model.sampleNanos(ThreadLocalRandom.current());
		ScheduledFuture<?> timer = this.timers.schedule(() -> response.complete(SimulatedTasks.VALUE), latency,
				TimeUnit.NANOSECONDS);
		response.whenComplete((value, failure) -> {
			if (response.isCancelled()) {
				timer.cancel(false);
			}
		});
		return response;
	}

	/**
	 * Return the number of requests received so far, hedges included.
	 * @return the call count
	 */
	long calls() {
		return this.calls.sum();
	}

	@Override
	public void close() {
		this.timers.shutdownNow();
	}

}
