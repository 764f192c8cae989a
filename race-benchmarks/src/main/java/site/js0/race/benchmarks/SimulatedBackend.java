package site.js0.race.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * An in-process backend whose latency is realised by timers, never by sleeping threads:
 * each call draws a latency from the {@link LatencyModel} and schedules its own
 * completion. A cancelled call (a hedge's loser) cancels its timer, as a server would
 * drop the request. Replicas are independent: every call draws afresh, which is the
 * paper's assumption for hedging to work. Capacity is unbounded, so extra load is
 * counted, not fed back into latency.
 *
 * <p>
 * A partial outage ({@link #outage}) multiplies every draw made during a span of time by
 * a factor: every replica is that much slower for a while, the case where hedging without
 * a budget multiplies the load on a backend that is already struggling.
 */
final class SimulatedBackend implements AutoCloseable {

	private final LatencyModel model;

	private final ScheduledThreadPoolExecutor timers;

	private final LongAdder calls = new LongAdder();

	private volatile long outageStartNanos;

	private volatile long outageEndNanos;

	private volatile double outageFactor = 1;

	private volatile @Nullable Timeline timeline;

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
		long now = System.nanoTime();
		Timeline timeline = this.timeline;
		if (timeline != null) {
			timeline.called(now);
		}
		CompletableFuture<String> response = new CompletableFuture<>();
		long latency = this.model.sampleNanos(ThreadLocalRandom.current());
		if (now - this.outageStartNanos >= 0 && now - this.outageEndNanos < 0) {
			latency = (long) (latency * this.outageFactor);
		}
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

	/**
	 * Make every call made from {@code startNanos} (inclusive) to {@code endNanos}
	 * (exclusive) take {@code factor} times its drawn latency.
	 * @param startNanos the start of the outage, a {@link System#nanoTime()} value
	 * @param endNanos its end
	 * @param factor the slow-down, such as 10
	 */
	void outage(long startNanos, long endNanos, double factor) {
		this.outageFactor = 1;
		this.outageStartNanos = startNanos;
		this.outageEndNanos = endNanos;
		this.outageFactor = factor;
	}

	/**
	 * Count every call in this timeline from now on; {@code null} to stop.
	 * @param timeline the timeline, or {@code null}
	 */
	void timeline(@Nullable Timeline timeline) {
		this.timeline = timeline;
	}

	@Override
	public void close() {
		this.timers.shutdownNow();
	}

}
