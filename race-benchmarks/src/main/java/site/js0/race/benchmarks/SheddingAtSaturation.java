package site.js0.race.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import site.js0.race.AttemptContext;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

/**
 * The effect of shedding hedges at a busy server (issue 12, item 6), in process and on a
 * {@link VirtualClock}, so that the numbers are the same on any machine: an open-loop
 * client sends requests at a fixed rate, hedged by race, to a {@link SimulatedServer}
 * with a fixed number of workers and a queue, whose service time follows the
 * Tail-at-Scale {@link LatencyModel}; once with every hedge served, once with the server
 * shedding hedges (a simulated 503) whenever its requests in flight reach its workers,
 * the rule of the starter's shedding filter with {@code race.shedding.max-in-flight} set
 * to the worker count. Each client policy runs both ways at a saturated load (primaries
 * alone use {@link #SATURATED} of the capacity) and at an unsaturated one
 * ({@link #UNSATURATED}), with a fresh server and template each.
 *
 * <p>
 * The service time of each attempt of each request is drawn from a seed of its own, so
 * that every run sees the same ones, and the server serves every request it admits in
 * full, a hedge's loser included (it does not learn that the client gave up). Requests
 * due in the first {@link #WARMUP} of a run, while the queue builds up, are not in the
 * percentiles. Hedge counts cover the whole run. Work offered is the worker time the
 * requests of a run asked for, as a share of the workers' time during the run.
 *
 * <p>
 * Run:
 * {@code java -Xmx1g -cp race-benchmarks/target/benchmarks.jar site.js0.race.benchmarks.SheddingAtSaturation}.
 */
public final class SheddingAtSaturation {

	/** Workers of the server, and its shedding limit. */
	static final int WORKERS = 64;

	/** Each run, warm-up included. */
	static final Duration RUN = Duration.ofSeconds(120);

	/** The start of each run left out of the percentiles. */
	static final Duration WARMUP = Duration.ofSeconds(10);

	/** Share of the capacity that primaries alone use at the saturated load. */
	static final double SATURATED = 0.9;

	/** Share of the capacity that primaries alone use at the unsaturated load. */
	static final double UNSATURATED = 0.5;

	private static final long SEED = 0x5eedL;

	private static final List<Integer> ATTEMPTS = List.of(0, 1, 2, 3, 4, 5, 6, 7);

	private SheddingAtSaturation() {
	}

	/**
	 * A client policy and whether the server sheds its hedges.
	 *
	 * @param client the client's name in the table
	 * @param maxAttempts the client's attempts per request, 1 for no hedging
	 * @param budget whether the client's hedges are under race's default hedge budget
	 * @param shedding whether the server sheds hedges
	 */
	public record Scenario(String client, int maxAttempts, boolean budget, boolean shedding) {

		boolean hedging() {
			return this.maxAttempts > 1;
		}

	}

	/**
	 * What one scenario gave at one load.
	 *
	 * @param scenario the scenario
	 * @param load share of the capacity the primaries use
	 * @param ratePerSecond requests per second
	 * @param requests requests sent
	 * @param latency request latency after the warm-up
	 * @param counts what the server received and did
	 * @param workOffered the worker time asked for, as a share of the workers' time
	 */
	public record Result(Scenario scenario, double load, int ratePerSecond, long requests, LatencySummary latency,
			SimulatedServer.Counts counts, double workOffered) {

		double perRequest(long count) {
			return (double) count / this.requests;
		}

	}

	/**
	 * Return the mean service time of the model: its log-normal body's mean and its
	 * stalls' mean, weighted.
	 * @param model the model
	 * @return the mean
	 */
	static Duration meanServiceTime(LatencyModel model) {
		double median = model.median().toNanos();
		double body = median * Math.exp(model.sigma() * model.sigma() / 2);
		double stall = median * (model.stallMinMultiple() + model.stallMaxMultiple()) / 2;
		double p = model.stallProbability();
		return Duration.ofNanos((long) ((1 - p) * body + p * stall));
	}

	/**
	 * Return the scenarios: no hedging; one hedge at the model's p95 without a budget,
	 * without and with shedding; and the same under race's default hedge budget, without
	 * and with shedding.
	 * @param model the latency model the step is read from
	 * @return the scenarios, in table order
	 */
	public static List<Scenario> scenarios(LatencyModel model) {
		String step = TailAtScale.formatMillis(model.quantile(0.95));
		List<Scenario> scenarios = new ArrayList<>();
		scenarios.add(new Scenario("no hedging", 1, false, false));
		for (boolean shedding : new boolean[] { false, true }) {
			scenarios.add(new Scenario("1 hedge at p95 (" + step + "), no budget", 2, false, shedding));
		}
		for (boolean shedding : new boolean[] { false, true }) {
			scenarios.add(new Scenario("1 hedge at p95 (" + step + ") + default budget", 2, true, shedding));
		}
		return scenarios;
	}

	/**
	 * Run every scenario at both loads and print the table.
	 * @param args optionally the length of each run in seconds, for a quick look (the
	 * published numbers use the default)
	 */
	public static void main(String[] args) {
		Duration run = (args.length > 0) ? Duration.ofSeconds(Long.parseLong(args[0])) : RUN;
		Duration warmup = (run.compareTo(RUN) < 0) ? run.dividedBy(4) : WARMUP;
		LaunchLateness.printMachine();
		LatencyModel model = LatencyModel.DEFAULT;
		Duration mean = meanServiceTime(model);
		double capacity = WORKERS * 1e9 / mean.toNanos();
		System.out.println("Model: " + model);
		System.out.printf("Server: %d workers, mean service time %s, capacity %.0f requests/s; shedding limit %d in"
				+ " flight%n", WORKERS, TailAtScale.formatMillis(mean), capacity, WORKERS);
		long start = System.nanoTime();
		List<Result> results = new ArrayList<>();
		for (double load : new double[] { SATURATED, UNSATURATED }) {
			for (Scenario scenario : scenarios(model)) {
				results.add(run(model, scenario, load, capacity, run, warmup));
			}
		}
		System.out.printf(
				"%nOpen loop, %d s of virtual time per run (the first %d s left out of the percentiles), in %.0f s:%n%n",
				run.toSeconds(), warmup.toSeconds(), (System.nanoTime() - start) / 1e9);
		System.out.println("| primaries use | client | server sheds hedges | requests | p50 ms | p99 ms | p99.9 ms "
				+ "| hedges sent | hedges shed | hedges served | work offered |");
		System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (Result result : results) {
			SimulatedServer.Counts counts = result.counts();
			boolean hedging = result.scenario().hedging();
			System.out.printf("| %.0f %% (%,d/s) | %s | %s | %,d | %.1f | %.1f | %.1f | %s | %s | %s | %.0f %% |%n",
					result.load() * 100, result.ratePerSecond(), result.scenario().client(),
					!hedging ? "—" : result.scenario().shedding() ? "yes" : "no", result.requests(),
					result.latency().p50Micros() / 1e3, result.latency().p99Micros() / 1e3,
					result.latency().p999Micros() / 1e3, percent(result.perRequest(counts.hedgesSent()), hedging),
					percent(result.perRequest(counts.hedgesShed()), hedging),
					percent(result.perRequest(counts.hedgesServed()), hedging), result.workOffered() * 100);
		}
		System.out.println();
		System.out.println("Hedges are per 100 requests; work offered is the worker time asked for, as a share of"
				+ " the workers' time during the run.");
	}

	/**
	 * Draw the service time of one attempt of one request, the same in every run: the
	 * scenarios differ only in what hedging and shedding do, not in luck.
	 */
	static long serviceNanos(LatencyModel model, long request, int attempt) {
		return model.sampleNanos(new SplittableRandom(SEED + request * ATTEMPTS.size() + attempt));
	}

	private static String percent(double fraction, boolean hedging) {
		return hedging ? String.format("%.1f %%", fraction * 100) : "—";
	}

	/**
	 * Run one scenario at one load against a fresh server, with a template of its own, on
	 * a fresh virtual clock.
	 * @param model the latency model
	 * @param scenario the scenario
	 * @param load share of the capacity the primaries use
	 * @param capacity requests per second the workers can serve
	 * @param duration the run, warm-up included, in virtual time
	 * @param warmup the start of the run left out of the percentiles
	 * @return the result
	 */
	static Result run(LatencyModel model, Scenario scenario, double load, double capacity, Duration duration,
			Duration warmup) {
		int rate = (int) Math.round(load * capacity);
		VirtualClock clock = new VirtualClock();
		RaceSettings.Builder settings = clock.settings()
			.name("shedding")
			.step(model.quantile(0.95))
			.maxAttempts(scenario.maxAttempts());
		RaceTemplate template = new RaceTemplate((scenario.budget()
				? settings.hedgeBudget(RaceSettings.HedgeBudget.defaults()) : settings.noHedgeBudget())
			.build());
		SimulatedServer server = new SimulatedServer(WORKERS, scenario.shedding() ? WORKERS : 0, clock);
		Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
		long total = rate * duration.toNanos() / 1_000_000_000L;
		long[] completed = new long[1];
		new Arrivals(clock, template, server, model, latency, completed, rate, total, warmup.toNanos()).arrive(0);
		clock.runUntil(() -> completed[0] == total);
		clock.shutdownNow();
		SimulatedServer.Counts counts = server.counts();
		double workOffered = (double) counts.busyNanos() / ((double) WORKERS * duration.toNanos());
		return new Result(scenario, load, rate, total, LatencySummary.ofNanos(latency), counts, workOffered);
	}

	/**
	 * The open-loop generator: request {@code i} is due at {@code i / rate}, whatever the
	 * server does; each arrival schedules the next.
	 */
	private record Arrivals(VirtualClock clock, RaceTemplate template, SimulatedServer server, LatencyModel model,
			Histogram latency, long[] completed, int rate, long total, long warmupNanos) {

		void arrive(long request) {
			long start = this.clock.nanoTime();
			boolean measured = start >= this.warmupNanos;
			this.template
				.firstAsync(ATTEMPTS,
						(Integer index, AttemptContext attempt) -> this.server.call(attempt.index() > 0,
								serviceNanos(this.model, request, attempt.index())))
				.whenComplete((value, failure) -> {
					if (measured) {
						this.latency.recordValue(this.clock.nanoTime() - start);
					}
					this.completed[0]++;
				});
			long next = request + 1;
			if (next < this.total) {
				this.clock.schedule(() -> arrive(next), next * 1_000_000_000L / this.rate - start,
						TimeUnit.NANOSECONDS);
			}
		}

	}

}
