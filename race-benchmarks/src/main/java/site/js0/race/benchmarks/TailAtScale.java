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
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import site.js0.race.RaceSettings;
import site.js0.race.RaceSettings.AdaptiveStep;
import site.js0.race.RaceSettings.HedgeBudget;
import site.js0.race.RaceTemplate;

/**
 * The Tail-at-Scale experiment (Dean and Barroso, CACM 2013) in process, in two parts.
 *
 * <p>
 * <b>Steady state.</b> A closed-loop load generator keeps a fixed number of requests in
 * flight against a {@link SimulatedBackend} whose latency follows a heavy-tailed
 * {@link LatencyModel}, and measures each request from its start to its first success,
 * for each hedging policy in turn, each with a template of its own. Extra load is the
 * number of backend calls per request minus one. Requests started in the first
 * {@link #WARMUP} of a policy are its warm-up, reported apart: an adaptive step uses the
 * configured step (the library's default, 500 ms, untuned) until its window has rotated
 * once with enough samples.
 *
 * <p>
 * <b>Partial outage.</b> An open-loop generator sends requests at a fixed rate, as users
 * keep doing when a service slows down; after a healthy period every backend call is
 * {@link #OUTAGE_FACTOR} times slower for a while, then healthy again. A {@link Timeline}
 * counts requests, backend calls and the template's current step per bucket, which gives
 * the extra load during the outage and its course over time.
 *
 * <p>
 * Policies are {@link HedgingPolicy} values: a name and the race settings they stand for.
 * Each names its hedge budget explicitly, since race-core turns the budget on by default.
 *
 * <p>
 * Run:
 * {@code java -Djava.awt.headless=true -Xmx2g -cp race-benchmarks/target/benchmarks.jar
 * site.js0.race.benchmarks.TailAtScale [output-dir]}.
 */
public final class TailAtScale {

	/** Requests per policy, warm-up included. */
	static final int REQUESTS = 200_000;

	/** Requests in flight at any time. */
	static final int CONCURRENCY = 500;

	/** The start of each policy's run that is reported apart as its warm-up. */
	static final Duration WARMUP = Duration.ofSeconds(2);

	/** Requests per second of the outage scenario. */
	static final int OUTAGE_RATE = 5_000;

	/** The healthy period before the outage: a full window of the step and budget. */
	static final Duration BEFORE_OUTAGE = Duration.ofSeconds(10);

	/** The outage: as long as the budget's window. */
	static final Duration OUTAGE = Duration.ofSeconds(10);

	/** The healthy period after the outage. */
	static final Duration AFTER_OUTAGE = Duration.ofSeconds(5);

	/** How much slower every call is during the outage. */
	static final double OUTAGE_FACTOR = 10;

	/** The bucket of the outage timeline. */
	static final Duration BUCKET = Duration.ofMillis(100);

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
	 * What one policy achieved in the steady-state run.
	 *
	 * @param policy the policy
	 * @param latency the request latency percentiles after the warm-up
	 * @param extraLoad backend calls per request minus one, after the warm-up
	 * @param warmupLatency the request latency percentiles of the warm-up
	 * @param warmupExtraLoad the extra load of the warm-up
	 * @param overall the request latency percentiles of the whole run
	 * @param overallExtraLoad the extra load of the whole run
	 * @param stepAtEnd the template's step at the end of the run
	 */
	public record PolicyResult(HedgingPolicy policy, LatencySummary latency, double extraLoad,
			LatencySummary warmupLatency, double warmupExtraLoad, LatencySummary overall, double overallExtraLoad,
			Duration stepAtEnd) {

	}

	/**
	 * What one policy did through the partial outage.
	 *
	 * @param policy the policy
	 * @param timeline requests, calls and step per bucket
	 * @param outageFrom the first bucket of the outage
	 * @param outageTo the bucket after the outage
	 * @param requests the requests of the whole run
	 * @param extraLoad the extra load of the whole run
	 * @param outageRequests the requests started during the outage
	 * @param outageExtraLoad calls made during the outage minus requests started in it,
	 * over those requests
	 * @param outageLatency the latency of the requests started during the outage
	 * @param afterLatency the latency of the requests started after the outage
	 * @param stepBefore the step just before the outage
	 * @param stepAtOutageEnd the step at the end of the outage
	 */
	public record OutageResult(HedgingPolicy policy, Timeline timeline, int outageFrom, int outageTo, long requests,
			double extraLoad, long outageRequests, double outageExtraLoad, LatencySummary outageLatency,
			LatencySummary afterLatency, Duration stepBefore, Duration stepAtOutageEnd) {

		/**
		 * Return the extra load the policy's budget allows over the outage: its ratio,
		 * plus its per-second minimum over the outage, per request of the outage.
		 * @return the bound, or {@code NaN} without a budget
		 */
		public double budgetBound() {
			return this.policy.settings()
				.hedgeBudget()
				.map((budget) -> budget.ratio() + budget.minPerSecond()
						* (this.timeline.bucketSeconds() * (this.outageTo - this.outageFrom)) / this.outageRequests)
				.orElse(Double.NaN);
		}

	}

	/**
	 * Return the policies of the steady-state run for the given model: no hedging; one
	 * hedge after a fixed step at the model's p90, p95, p98 (the paper's 2 % of extra
	 * requests) and p99; the adaptive step with its defaults (p95), at p90 and at p98,
	 * from the library's default step of 500 ms; and the adaptive step under the default
	 * hedge budget, with one hedge and with two.
	 * @param model the latency model the fixed steps are read from
	 * @return the policies, in table order
	 */
	public static List<HedgingPolicy> policies(LatencyModel model) {
		List<HedgingPolicy> policies = new ArrayList<>();
		policies.add(new HedgingPolicy("no hedging",
				RaceSettings.builder().name("no-hedging").maxAttempts(1).noHedgeBudget().build()));
		for (double quantile : new double[] { 0.90, 0.95, 0.98, 0.99 }) {
			policies.add(fixed(model, quantile, false));
		}
		policies.add(adaptive(90));
		policies.add(adaptive(95));
		policies.add(adaptive(98));
		policies.add(adaptiveWithBudget(2));
		policies.add(adaptiveWithBudget(3));
		return policies;
	}

	/**
	 * Return the policies of the outage run: no hedging, a fixed step at the healthy
	 * model's p95 with and without the default budget, and the adaptive step with its
	 * defaults with and without the default budget.
	 * @param model the healthy latency model the fixed step is read from
	 * @return the policies, in table order
	 */
	public static List<HedgingPolicy> outagePolicies(LatencyModel model) {
		List<HedgingPolicy> policies = new ArrayList<>();
		policies.add(new HedgingPolicy("no hedging",
				RaceSettings.builder().name("no-hedging").maxAttempts(1).noHedgeBudget().build()));
		policies.add(fixed(model, 0.95, false));
		policies.add(fixed(model, 0.95, true));
		policies.add(adaptive(95));
		policies.add(adaptiveWithBudget(2));
		return policies;
	}

	private static HedgingPolicy fixed(LatencyModel model, double quantile, boolean budget) {
		Duration step = model.quantile(quantile);
		String name = String.format("fixed p%.0f (%s)%s", quantile * 100, formatMillis(step),
				budget ? " + budget" : "");
		RaceSettings.Builder settings = RaceSettings.builder()
			.name("p" + Math.round(quantile * 100))
			.step(step)
			.fixedStep()
			.maxAttempts(2);
		if (budget) {
			settings.hedgeBudget(HedgeBudget.defaults());
		}
		else {
			settings.noHedgeBudget();
		}
		return new HedgingPolicy(name, settings.build());
	}

	private static HedgingPolicy adaptive(double percentile) {
		AdaptiveStep defaults = AdaptiveStep.defaults();
		String name = "adaptive p" + Math.round(percentile)
				+ ((percentile == defaults.percentile()) ? " (defaults)" : "");
		return new HedgingPolicy(name,
				RaceSettings.builder()
					.name("adaptive-p" + Math.round(percentile))
					.adaptiveStep(defaults.withPercentile(percentile))
					.maxAttempts(2)
					.noHedgeBudget()
					.build());
	}

	private static HedgingPolicy adaptiveWithBudget(int maxAttempts) {
		String name = "adaptive p95 + budget" + ((maxAttempts == 2) ? "" : ", " + (maxAttempts - 1) + " hedges");
		return new HedgingPolicy(name,
				RaceSettings.builder()
					.name("adaptive-budget-" + maxAttempts)
					.adaptiveStep(AdaptiveStep.defaults())
					.hedgeBudget(HedgeBudget.defaults())
					.maxAttempts(maxAttempts)
					.build());
	}

	/**
	 * Run every policy, print the tables and draw the charts.
	 * @param args the output directory of the charts, {@code docs} by default
	 * @throws Exception if the run fails
	 */
	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Path output = Path.of((args.length > 0) ? args[0] : "docs");
		LaunchLateness.printMachine();
		LatencyModel model = LatencyModel.DEFAULT;
		System.out.println("Model: " + model);
		System.out.printf("Model quantiles: p50 %s, p90 %s, p95 %s, p98 %s, p99 %s, p99.9 %s%n",
				formatMillis(model.quantile(0.5)), formatMillis(model.quantile(0.90)),
				formatMillis(model.quantile(0.95)), formatMillis(model.quantile(0.98)),
				formatMillis(model.quantile(0.99)), formatMillis(model.quantile(0.999)));
		steadyState(model, output);
		outage(model, output);
	}

	private static void steadyState(LatencyModel model, Path output) throws Exception {
		long start = System.nanoTime();
		List<PolicyResult> results = run(model, policies(model), REQUESTS, CONCURRENCY, 20_000, WARMUP);
		System.out.println();
		System.out.printf(
				"Steady state: %,d requests per policy, %d in flight, in %.0f s; the first %d s of each "
						+ "policy are its warm-up:%n%n",
				REQUESTS, CONCURRENCY, (System.nanoTime() - start) / 1e9, WARMUP.toSeconds());
		System.out.println("| policy | step at end | requests | p50 ms | p99 ms | p99.9 ms | max ms | extra load |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
		Map<String, LatencySummary> chart = new LinkedHashMap<>();
		for (PolicyResult result : results) {
			LatencySummary latency = result.latency();
			System.out.printf("| %s | %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f %% |%n", result.policy().name(),
					stepName(result.policy(), result.stepAtEnd()), latency.count(), latency.p50Micros() / 1e3,
					latency.p99Micros() / 1e3, latency.p999Micros() / 1e3, latency.maxMicros() / 1e3,
					result.extraLoad() * 100);
			chart.put(result.policy().name(), latency);
		}
		System.out.println();
		System.out.println("Warm-up and whole run:");
		System.out.println();
		System.out.println("| policy | warm-up requests | warm-up p99.9 ms | warm-up extra load | whole run p99 ms "
				+ "| whole run p99.9 ms | whole run extra load |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");
		for (PolicyResult result : results) {
			System.out.printf("| %s | %,d | %.1f | %.1f %% | %.1f | %.1f | %.1f %% |%n", result.policy().name(),
					result.warmupLatency().count(), result.warmupLatency().p999Micros() / 1e3,
					result.warmupExtraLoad() * 100, result.overall().p99Micros() / 1e3,
					result.overall().p999Micros() / 1e3, result.overallExtraLoad() * 100);
		}
		Path file = output.resolve("tail-at-scale-latency.png");
		Charts.percentilesBySeries(file, "Request latency by hedging policy, after warm-up (" + REQUESTS / 1000
				+ "k requests per policy, " + CONCURRENCY + " in flight)", chart);
		System.out.println();
		System.out.println("Chart: " + file);
	}

	private static void outage(LatencyModel model, Path output) throws Exception {
		long start = System.nanoTime();
		List<OutageResult> results = runOutage(model, outagePolicies(model), OUTAGE_RATE, BEFORE_OUTAGE, OUTAGE,
				AFTER_OUTAGE, BUCKET, OUTAGE_FACTOR);
		System.out.println();
		System.out.printf(
				"Partial outage: %,d requests per second, open loop; healthy %d s, every call %.0f× slower "
						+ "for %d s, healthy %d s; in %.0f s:%n%n",
				OUTAGE_RATE, BEFORE_OUTAGE.toSeconds(), OUTAGE_FACTOR, OUTAGE.toSeconds(), AFTER_OUTAGE.toSeconds(),
				(System.nanoTime() - start) / 1e9);
		System.out.println("| policy | step before → end of outage | extra load, healthy | extra load during outage "
				+ "| budget bound | outage p50 ms | outage p99 ms | outage p99.9 ms | extra load after | after p99.9 ms "
				+ "| extra load, whole run |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		Map<String, double[]> extra = new LinkedHashMap<>();
		Map<String, double[]> steps = new LinkedHashMap<>();
		int shown = results.get(0).outageTo() + (int) (AFTER_OUTAGE.toNanos() / BUCKET.toNanos());
		double[] seconds = new double[shown];
		for (int i = 0; i < shown; i++) {
			seconds[i] = (i + 0.5) * BUCKET.toNanos() / 1e9;
		}
		for (OutageResult result : results) {
			Timeline timeline = result.timeline();
			double bound = result.budgetBound();
			LatencySummary latency = result.outageLatency();
			int after = result.outageTo() + (int) (AFTER_OUTAGE.toNanos() / BUCKET.toNanos());
			System.out.printf("| %s | %s | %.1f %% | %.1f %% | %s | %.1f | %.1f | %.1f | %.1f %% | %.1f | %.1f %% |%n",
					result.policy().name(),
					(result.policy().settings().maxAttempts() < 2) ? "—"
							: formatMillis(result.stepBefore()) + " → " + formatMillis(result.stepAtOutageEnd()),
					percent(timeline.extraLoad(0, result.outageFrom())), percent(result.outageExtraLoad()),
					Double.isNaN(bound) ? "none" : String.format("%.1f %%", bound * 100), latency.p50Micros() / 1e3,
					latency.p99Micros() / 1e3, latency.p999Micros() / 1e3,
					percent(timeline.extraLoad(result.outageTo(), after)), result.afterLatency().p999Micros() / 1e3,
					percent(result.extraLoad()));
			if (result.policy().settings().maxAttempts() > 1) {
				double[] load = new double[shown];
				double[] step = new double[shown];
				for (int i = 0; i < shown; i++) {
					load[i] = timeline.extraLoad(i, i + 1) * 100;
					step[i] = Math.max(timeline.stepNanos(i), 1) / 1e6;
				}
				extra.put(result.policy().name(), load);
				steps.put(result.policy().name(), step);
			}
		}
		double from = BEFORE_OUTAGE.toNanos() / 1e9;
		double to = from + OUTAGE.toNanos() / 1e9;
		Path loadFile = output.resolve("tail-at-scale-outage-load.png");
		Charts.timeSeries(loadFile,
				String.format("Extra load per %d ms during a %.0f× outage (%d–%d s), %,d requests/s", BUCKET.toMillis(),
						OUTAGE_FACTOR, (long) from, (long) to, OUTAGE_RATE),
				"extra load, % of requests started", seconds, extra, false, from, to);
		Path stepFile = output.resolve("tail-at-scale-outage-step.png");
		Charts.timeSeries(stepFile, String.format("Step per %d ms during a %.0f× outage (%d–%d s)", BUCKET.toMillis(),
				OUTAGE_FACTOR, (long) from, (long) to), "step, ms (log scale)", seconds, steps, true, from, to);
		System.out.println();
		System.out.println("Charts: " + loadFile + ", " + stepFile);
	}

	/**
	 * A fraction in percent, with the bucket-edge noise of a policy without hedges as 0.
	 */
	private static double percent(double fraction) {
		return (Math.abs(fraction) < 0.0005) ? 0 : fraction * 100;
	}

	private static String stepName(HedgingPolicy policy, Duration step) {
		return (policy.settings().maxAttempts() < 2) ? "—" : formatMillis(step);
	}

	/**
	 * Run the policies one after the other against one backend, each with a template of
	 * its own.
	 * @param model the latency model
	 * @param policies the policies
	 * @param requests requests per policy, warm-up included
	 * @param concurrency requests in flight
	 * @param jitRequests requests sent without hedging before any policy, to compile the
	 * path
	 * @param warmup the start of each policy's run whose requests are reported apart
	 * @return one result per policy, in order
	 * @throws InterruptedException if interrupted
	 */
	public static List<PolicyResult> run(LatencyModel model, List<HedgingPolicy> policies, int requests,
			int concurrency, int jitRequests, Duration warmup) throws InterruptedException {
		List<PolicyResult> results = new ArrayList<>();
		try (SimulatedBackend backend = new SimulatedBackend(model)) {
			if (jitRequests > 0) {
				runPolicy(backend, policies.get(0), jitRequests, concurrency, Duration.ZERO);
			}
			for (HedgingPolicy policy : policies) {
				results.add(runPolicy(backend, policy, requests, concurrency, warmup));
			}
		}
		return results;
	}

	private static PolicyResult runPolicy(SimulatedBackend backend, HedgingPolicy policy, int requests, int concurrency,
			Duration warmup) throws InterruptedException {
		RaceTemplate template = new RaceTemplate(policy.settings());
		Histogram warmLatency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3);
		Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3);
		LongAdder warmCalls = new LongAdder();
		LongAdder calls = new LongAdder();
		Semaphore inFlight = new Semaphore(concurrency);
		long warmupEnd = System.nanoTime() + warmup.toNanos();
		long warmRequests = 0;
		for (int i = 0; i < requests; i++) {
			inFlight.acquire();
			long start = System.nanoTime();
			boolean warm = start - warmupEnd < 0;
			if (warm) {
				warmRequests++;
			}
			LongAdder counter = warm ? warmCalls : calls;
			Histogram histogram = warm ? warmLatency : latency;
			CompletableFuture<String> response = template.hedgeAsync(() -> {
				counter.increment();
				return backend.call();
			});
			response.whenComplete((value, failure) -> {
				histogram.recordValue(System.nanoTime() - start);
				inFlight.release();
			});
		}
		// Wait for the last requests: every permit back means nothing is in flight.
		inFlight.acquire(concurrency);
		Duration step = template.currentStep();
		long steadyRequests = requests - warmRequests;
		Histogram overall = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
		overall.add(warmLatency);
		overall.add(latency);
		return new PolicyResult(policy, LatencySummary.ofNanos(latency), extraLoad(calls.sum(), steadyRequests),
				LatencySummary.ofNanos(warmLatency), extraLoad(warmCalls.sum(), warmRequests),
				LatencySummary.ofNanos(overall), extraLoad(calls.sum() + warmCalls.sum(), requests), step);
	}

	private static double extraLoad(long calls, long requests) {
		return (requests == 0) ? 0 : (double) calls / requests - 1;
	}

	/**
	 * Run the policies one after the other through the partial outage, against one
	 * backend, each with a template of its own.
	 * @param model the healthy latency model
	 * @param policies the policies
	 * @param ratePerSecond requests started per second, whatever the latency
	 * @param before the healthy period before the outage
	 * @param outage the outage
	 * @param after the healthy period after it
	 * @param bucket the bucket of the timeline
	 * @param factor how much slower every call is during the outage
	 * @return one result per policy, in order
	 * @throws InterruptedException if interrupted
	 */
	public static List<OutageResult> runOutage(LatencyModel model, List<HedgingPolicy> policies, int ratePerSecond,
			Duration before, Duration outage, Duration after, Duration bucket, double factor)
			throws InterruptedException {
		List<OutageResult> results = new ArrayList<>();
		try (SimulatedBackend backend = new SimulatedBackend(model)) {
			for (HedgingPolicy policy : policies) {
				results.add(runOutagePolicy(backend, policy, ratePerSecond, before, outage, after, bucket, factor));
			}
		}
		return results;
	}

	private static OutageResult runOutagePolicy(SimulatedBackend backend, HedgingPolicy policy, int ratePerSecond,
			Duration before, Duration outage, Duration after, Duration bucket, double factor)
			throws InterruptedException {
		RaceTemplate template = new RaceTemplate(policy.settings());
		Histogram outageLatency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3);
		Histogram afterLatency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3);
		LongAdder completed = new LongAdder();
		long total = ratePerSecond * (before.toNanos() + outage.toNanos() + after.toNanos()) / 1_000_000_000L;
		long origin = System.nanoTime();
		long outageStart = origin + before.toNanos();
		long outageEnd = outageStart + outage.toNanos();
		// Two more seconds of buckets for the hedges of the last requests.
		int buckets = (int) ((before.toNanos() + outage.toNanos() + after.toNanos() + Duration.ofSeconds(2).toNanos())
				/ bucket.toNanos());
		Timeline timeline = new Timeline(origin, bucket.toNanos(), buckets);
		backend.timeline(timeline);
		backend.outage(outageStart, outageEnd, factor);
		long callsBefore = backend.calls();
		Duration stepBefore = template.currentStep();
		Duration stepAtOutageEnd = stepBefore;
		long issued = 0;
		while (issued < total) {
			long now = System.nanoTime();
			long due = Math.min(total, (now - origin) * ratePerSecond / 1_000_000_000L);
			while (issued < due) {
				// Measured from the time the request was due, not from when the generator
				// got to it, so that a late generator shows in the latency.
				long start = origin + issued * 1_000_000_000L / ratePerSecond;
				timeline.requestStarted(start);
				@Nullable Histogram histogram = (start - outageStart < 0) ? null
						: (start - outageEnd < 0) ? outageLatency : afterLatency;
				template.hedgeAsync(backend::call).whenComplete((value, failure) -> {
					if (histogram != null) {
						histogram.recordValue(System.nanoTime() - start);
					}
					completed.increment();
				});
				issued++;
			}
			long step = template.currentStep().toNanos();
			timeline.step(now, step);
			if (now - outageStart < 0) {
				stepBefore = Duration.ofNanos(step);
			}
			else if (now - outageEnd < 0) {
				stepAtOutageEnd = Duration.ofNanos(step);
			}
			LockSupport.parkNanos(200_000);
		}
		while (completed.sum() < total) {
			Thread.sleep(10);
		}
		backend.timeline(null);
		backend.outage(0, 0, 1);
		int from = timeline.bucket(outageStart);
		int to = timeline.bucket(outageEnd);
		return new OutageResult(policy, timeline, from, to, total, extraLoad(backend.calls() - callsBefore, total),
				timeline.requests(from, to), timeline.extraLoad(from, to), LatencySummary.ofNanos(outageLatency),
				LatencySummary.ofNanos(afterLatency), stepBefore, stepAtOutageEnd);
	}

	static String formatMillis(Duration duration) {
		return String.format("%.1f ms", duration.toNanos() / 1e6);
	}

}
