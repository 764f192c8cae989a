package site.js0.race.sample;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

import site.js0.race.AttemptContext;
import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;

/**
 * Sends the same load through the unhedged and the hedged mirror client, one after the
 * other, and measures each request end to end as its caller sees it. A small load: it
 * shows the shape of the tail in a few seconds, it is not a benchmark.
 */
@Component
public class LoadComparison {

	/** The most requests one comparison makes per client. */
	public static final int MAX_REQUESTS = 20_000;

	/** The most requests one comparison keeps in flight at once. */
	public static final int MAX_CONCURRENCY = 64;

	private final DirectMirrorClient directClient;

	private final HedgedRestMirrorClient hedgedClient;

	private final CallerBoundRaceListener raceListener;

	/**
	 * Create the comparison.
	 * @param directClient the unhedged client
	 * @param hedgedClient the hedged client
	 * @param raceListener gets the hedged client's races to the attempt counter
	 */
	public LoadComparison(DirectMirrorClient directClient, HedgedRestMirrorClient hedgedClient,
			CallerBoundRaceListener raceListener) {
		this.directClient = directClient;
		this.hedgedClient = hedgedClient;
		this.raceListener = raceListener;
	}

	/**
	 * Run the comparison. Comparisons run one at a time, so that two of them do not load
	 * the mirrors at once and blur each other's numbers.
	 * @param requests how many requests each client makes
	 * @param concurrency how many requests are in flight at once
	 * @param mirrors the mirrors in order of preference; the unhedged client uses the
	 * first only
	 * @return the results of both clients
	 * @throws InterruptedException if interrupted while the load runs
	 * @throws IllegalArgumentException if a count is out of range
	 */
	public synchronized Comparison compare(int requests, int concurrency, List<String> mirrors)
			throws InterruptedException {
		if (requests < 1 || requests > MAX_REQUESTS) {
			throw new IllegalArgumentException("requests must be between 1 and " + MAX_REQUESTS);
		}
		if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
			throw new IllegalArgumentException("concurrency must be between 1 and " + MAX_CONCURRENCY);
		}
		AttemptCounter attempts = new AttemptCounter();
		// Each hedged call's race counted by the thread that makes the call: the client's
		// template is shared, so counting its every race would count other callers' too.
		MirrorClient hedged = (method, order, forced) -> {
			try (CallerBoundRaceListener.Binding binding = this.raceListener.bind(attempts)) {
				return this.hedgedClient.exchange(method, order, forced);
			}
		};
		// Unmeasured warm-up of both: opens connections and warms the JIT, which would
		// otherwise land in whichever client ran first.
		int warmUp = Math.min(requests, 4 * concurrency);
		run(this.directClient, warmUp, concurrency, mirrors);
		run(hedged, warmUp, concurrency, mirrors);

		Load direct = run(this.directClient, requests, concurrency, mirrors);
		long attemptsBefore = attempts.launched.sum();
		Load hedgedLoad = run(hedged, requests, concurrency, mirrors);
		long hedgedAttempts = attempts.launched.sum() - attemptsBefore;
		return new Comparison(requests, concurrency, mirrors, direct.result("unhedged", requests),
				hedgedLoad.result("hedged", hedgedAttempts));
	}

	private static Load run(MirrorClient client, int requests, int concurrency, List<String> mirrors)
			throws InterruptedException {
		long[] latencies = new long[requests];
		AtomicInteger next = new AtomicInteger();
		LongAdder errors = new LongAdder();
		ExecutorService workers = Executors.newFixedThreadPool(concurrency, (task) -> {
			Thread thread = new Thread(task, "load-comparison");
			thread.setDaemon(true);
			return thread;
		});
		long started = System.nanoTime();
		try {
			Future<?>[] running = new Future<?>[concurrency];
			for (int i = 0; i < concurrency; i++) {
				running[i] = workers.submit(() -> {
					int index;
					while ((index = next.getAndIncrement()) < requests && !Thread.currentThread().isInterrupted()) {
						long start = System.nanoTime();
						try {
							if (!client.get(mirrors).isSuccess()) {
								errors.increment();
							}
						}
						catch (RuntimeException ex) {
							errors.increment();
						}
						latencies[index] = System.nanoTime() - start;
					}
				});
			}
			for (Future<?> worker : running) {
				worker.get();
			}
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("A load worker failed", ex.getCause());
		}
		finally {
			workers.shutdownNow();
		}
		return new Load(latencies, errors.sum(), System.nanoTime() - started);
	}

	private record Load(long[] latencies, long errors, long elapsedNanos) {

		ClientResult result(String client, long attempts) {
			long[] sorted = this.latencies.clone();
			Arrays.sort(sorted);
			Percentiles percentiles = new Percentiles(percentile(sorted, 50), percentile(sorted, 90),
					percentile(sorted, 99), percentile(sorted, 99.9), millis(sorted[sorted.length - 1]));
			double extraLoad = (double) attempts / sorted.length - 1;
			return new ClientResult(client, percentiles, this.errors, attempts, Math.round(extraLoad * 1000) / 1000.0,
					millis(this.elapsedNanos));
		}

		// Nearest rank: the smallest latency that at least p % of the requests did not
		// exceed.
		private static double percentile(long[] sorted, double p) {
			// Less a hair, so that 99.9 % of 1000 is rank 999 despite binary floating
			// point.
			int rank = (int) Math.ceil(p * sorted.length / 100 - 1e-9);
			return millis(sorted[Math.max(0, rank - 1)]);
		}

		private static double millis(long nanos) {
			return Math.round(nanos / 100_000.0) / 10.0;
		}

	}

	/**
	 * Counts attempts launched, to measure the extra load that hedging puts on the
	 * mirrors.
	 */
	private static final class AttemptCounter implements RaceListener {

		final LongAdder launched = new LongAdder();

		@Override
		public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
			this.launched.increment();
		}

	}

	/**
	 * The result of one comparison.
	 *
	 * @param requests requests made by each client
	 * @param concurrency requests in flight at once
	 * @param mirrors the mirrors in order of preference
	 * @param unhedged the unhedged client's results
	 * @param hedged the hedged client's results
	 */
	public record Comparison(int requests, int concurrency, List<String> mirrors, ClientResult unhedged,
			ClientResult hedged) {
	}

	/**
	 * What one client did under the load.
	 *
	 * @param client {@code unhedged} or {@code hedged}
	 * @param latencyMs the latency percentiles, in milliseconds
	 * @param errors requests that got no 2xx answer
	 * @param attempts calls made to the mirrors
	 * @param extraLoad calls per request beyond one: {@code attempts / requests - 1}
	 * @param elapsedMs how long the whole load took
	 */
	public record ClientResult(String client, Percentiles latencyMs, long errors, long attempts, double extraLoad,
			double elapsedMs) {
	}

	/**
	 * Latency percentiles, in milliseconds.
	 *
	 * @param p50 the median
	 * @param p90 the 90th percentile
	 * @param p99 the 99th percentile
	 * @param p999 the 99.9th percentile
	 * @param max the slowest request
	 */
	public record Percentiles(double p50, double p90, double p99, double p999, double max) {
	}

}
