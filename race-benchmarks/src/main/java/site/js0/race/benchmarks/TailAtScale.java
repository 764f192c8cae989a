package site.js0.race.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

/**
 * The Tail-at-Scale experiment (Dean and Barroso, CACM 2013) in process: a closed-loop
 * load generator keeps a fixed number of requests in flight against a
 * {@link SimulatedBackend} whose latency follows a heavy-tailed {@link LatencyModel}, and
 * measures each request from its start to its first success, for each hedging policy in
 * turn. Extra load is the number of backend calls per request minus one.
 *
 * <p>
 * Policies are {@link HedgingPolicy} values: a name and the race settings it stands for,
 * so a new policy (adaptive step, hedge budget) is one more entry in {@link #policies}.
 *
 * <p>
 * Run:
 * {@code java -Djava.awt.headless=true -Xmx2g -cp race-benchmarks/target/benchmarks.jar
 * site.js0.race.benchmarks.TailAtScale [output-dir]}.
 */
public final class TailAtScale {

	/** Requests per policy. */
	static final int REQUESTS = 100_000;

	/** Requests in flight at any time. */
	static final int CONCURRENCY = 500;

	private TailAtScale() {
	}

	/**
	 * A hedging policy under test.
	 *
	 * @param name the name in tables and charts
	 * @param settings the race settings; {@code maxAttempts(1)} is no hedging
	 */
	public record HedgingPolicy(String name, RaceSettings settings) {

	}

	/**
	 * What one policy achieved.
	 *
	 * @param policy the policy
	 * @param latency the request latency percentiles
	 * @param extraLoad backend calls per request minus one
	 */
	public record PolicyResult(HedgingPolicy policy, LatencySummary latency, double extraLoad) {

	}

	/**
	 * Return the policies of the issue for the given model: no hedging, and one hedge
	 * after a fixed step at the model's p95, p98 (the paper's 2 % of extra requests) and
	 * p99.
	 * @param model the latency model the steps are read from
	 * @return the policies, in table order
	 */
	public static List<HedgingPolicy> policies(LatencyModel model) {
		List<HedgingPolicy> policies = new ArrayList<>();
		policies.add(new HedgingPolicy("no hedging", RaceSettings.builder().name("no-hedging").maxAttempts(1).build()));
		for (double quantile : new double[] { 0.95, 0.98, 0.99 }) {
			Duration step = model.quantile(quantile);
			String name = String.format("hedge at p%.0f (%s)", quantile * 100, formatMillis(step));
			policies.add(new HedgingPolicy(name,
					RaceSettings.builder().name("p" + Math.round(quantile * 100)).step(step).maxAttempts(2).build()));
		}
		return policies;
	}

	/**
	 * Run every policy, print the table and draw the chart.
	 * @param args the output directory of the chart, {@code docs} by default
	 * @throws Exception if the run fails
	 */
	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Path output = Path.of((args.length > 0) ? args[0] : "docs");
		LaunchLateness.printMachine();
		LatencyModel model = LatencyModel.DEFAULT;
		System.out.println("Model: " + model);
		System.out.printf("Model quantiles: p50 %s, p95 %s, p98 %s, p99 %s, p99.9 %s%n",
				formatMillis(model.quantile(0.5)), formatMillis(model.quantile(0.95)),
				formatMillis(model.quantile(0.98)), formatMillis(model.quantile(0.99)),
				formatMillis(model.quantile(0.999)));
		List<PolicyResult> results = run(model, policies(model), REQUESTS, CONCURRENCY, 20_000);
		System.out.println();
		System.out.printf("%,d requests per policy, %d in flight, one hedge at most:%n%n", REQUESTS, CONCURRENCY);
		System.out.println("| policy | p50 ms | p99 ms | p99.9 ms | max ms | extra load |");
		System.out.println("|---|---:|---:|---:|---:|---:|");
		Map<String, LatencySummary> chart = new LinkedHashMap<>();
		for (PolicyResult result : results) {
			LatencySummary latency = result.latency();
			System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f %% |%n", result.policy().name(),
					latency.p50Micros() / 1e3, latency.p99Micros() / 1e3, latency.p999Micros() / 1e3,
					latency.maxMicros() / 1e3, result.extraLoad() * 100);
			chart.put(result.policy().name(), latency);
		}
		Path file = output.resolve("tail-at-scale-latency.png");
		Charts.percentilesBySeries(file,
				"Request latency by hedging policy (" + REQUESTS / 1000 + "k requests, " + CONCURRENCY + " in flight)",
				chart);
		System.out.println();
		System.out.println("Chart: " + file);
	}

	/**
	 * Run the policies one after the other against one backend.
	 * @param model the latency model
	 * @param policies the policies
	 * @param requests requests per policy
	 * @param concurrency requests in flight
	 * @param warmupRequests requests sent without hedging before any measurement, to
	 * compile the path
	 * @return one result per policy, in order
	 * @throws InterruptedException if interrupted
	 */
	public static List<PolicyResult> run(LatencyModel model, List<HedgingPolicy> policies, int requests,
			int concurrency, int warmupRequests) throws InterruptedException {
		List<PolicyResult> results = new ArrayList<>();
		try (SimulatedBackend backend = new SimulatedBackend(model)) {
			if (warmupRequests > 0) {
				runPolicy(backend, policies.get(0), warmupRequests, concurrency);
			}
			for (HedgingPolicy policy : policies) {
				results.add(runPolicy(backend, policy, requests, concurrency));
			}
		}
		return results;
	}

	private static PolicyResult runPolicy(SimulatedBackend backend, HedgingPolicy policy, int requests, int concurrency)
			throws InterruptedException {
		RaceTemplate template = new RaceTemplate(policy.settings());
		Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3);
		Semaphore inFlight = new Semaphore(concurrency);
		long callsBefore = backend.calls();
		for (int i = 0; i < requests; i++) {
			inFlight.acquire();
			long start = System.nanoTime();
			CompletableFuture<String> response = template.hedgeAsync(backend::call);
			response.whenComplete((value, failure) -> {
				latency.recordValue(System.nanoTime() - start);
				inFlight.release();
			});
		}
		// Wait for the last requests: every permit back means nothing is in flight.
		inFlight.acquire(concurrency);
		double extraLoad = (double) (backend.calls() - callsBefore) / requests - 1;
		return new PolicyResult(policy, LatencySummary.ofNanos(latency), extraLoad);
	}

	static String formatMillis(Duration duration) {
		return String.format("%.1f ms", duration.toNanos() / 1e6);
	}

}
