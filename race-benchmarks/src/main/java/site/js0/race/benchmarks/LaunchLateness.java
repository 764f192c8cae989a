package site.js0.race.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import site.js0.race.AttemptContext;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

/**
 * How late hedges are launched when many races are pending at once: N races started back
 * to back, step 10 ms, three attempts, tasks that never finish, so that every race
 * launches both hedges. Each hedge records its actual launch offset
 * ({@link AttemptContext#launchOffset()}) minus the scheduled one ({@code index * step})
 * in an HdrHistogram; after the last hedge the races are cancelled and the next round
 * starts.
 *
 * <p>
 * Two configurations: the library's defaults (one shared scheduler thread; fired timers
 * handed to the default executor in batches, one hand-off per burst of due races; a
 * cached pool on Java 17 and virtual threads from Java 21), and a direct executor, which
 * launches the hedge on the scheduler thread itself, to separate the timer's lateness
 * from the executor hand-off.
 *
 * <p>
 * Run:
 * {@code java -Djava.awt.headless=true -Xmx2g -cp race-benchmarks/target/benchmarks.jar
 * site.js0.race.benchmarks.LaunchLateness [output-dir [chart-name]]}.
 */
public final class LaunchLateness {

	static final Duration STEP = Duration.ofMillis(10);

	static final int MAX_ATTEMPTS = 3;

	/** The concurrencies of the issue. */
	static final int[] CONCURRENCIES = { 1_000, 10_000, 100_000 };

	/**
	 * Rounds are repeated until this many races have run, so that small concurrencies
	 * still give a stable p99.9.
	 */
	static final int RACES_PER_CONCURRENCY = 200_000;

	private static final List<Integer> ATTEMPT_NUMBERS = List.of(0, 1, 2);

	private LaunchLateness() {
	}

	/**
	 * The lateness at one concurrency.
	 *
	 * @param lateness the lateness of every hedge
	 * @param burstMillis how long starting the races of one round took, on average: the
	 * races are started back to back, so when this exceeds the step the first hedges are
	 * due while races are still being started
	 * @param threadsStarted the threads started during the measurement (by the executor)
	 */
	record Result(LatencySummary lateness, double burstMillis, long threadsStarted) {

	}

	/**
	 * Run every concurrency in both configurations, print the tables and draw the chart.
	 * @param args the output directory of the chart, {@code docs} by default
	 * @throws Exception if the run fails
	 */
	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Path output = Path.of((args.length > 0) ? args[0] : "docs");
		printMachine();
		// Warm-up: the JIT compiles the launch path before anything is recorded.
		measure(10_000, 100_000, null);
		Map<String, Result> defaults = new LinkedHashMap<>();
		Map<String, Result> direct = new LinkedHashMap<>();
		Map<String, Result> floor = new LinkedHashMap<>();
		measureTimerFloor(10_000, 100_000);
		for (int concurrency : CONCURRENCIES) {
			defaults.put(label(concurrency), measure(concurrency, RACES_PER_CONCURRENCY, null));
			direct.put(label(concurrency), measure(concurrency, RACES_PER_CONCURRENCY, Runnable::run));
			floor.put(label(concurrency), measureTimerFloor(concurrency, RACES_PER_CONCURRENCY));
		}
		System.out.println();
		System.out.println("Launch lateness (actual - scheduled launch offset of every hedge), step " + STEP.toMillis()
				+ " ms, " + MAX_ATTEMPTS + " attempts per race, microseconds:");
		System.out.println();
		System.out.println("| executor | concurrent races | start burst | threads started | hedges recorded | p50 µs "
				+ "| p99 µs | p99.9 µs | max µs |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		printRows("default", defaults);
		printRows("direct", direct);
		printRows("JDK timer alone (floor)", floor);
		Map<String, LatencySummary> chart = new LinkedHashMap<>();
		defaults
			.forEach((concurrency, result) -> chart.put(concurrency + " races, default executor", result.lateness()));
		direct.forEach((concurrency, result) -> chart.put(concurrency + " races, direct executor", result.lateness()));
		floor.forEach((concurrency, result) -> chart.put(concurrency + ", JDK timer alone", result.lateness()));
		Path file = output.resolve((args.length > 1) ? args[1] : "lateness-by-concurrency.png");
		Charts.percentilesBySeries(file,
				"Hedge launch lateness by concurrent races (step 10 ms, Java " + Runtime.version().feature() + ")",
				chart);
		System.out.println();
		System.out.println("Chart: " + file);
	}

	/**
	 * Run rounds of {@code concurrency} races until {@code totalRaces} have run, and
	 * summarise the lateness of every hedge.
	 * @param concurrency the number of races pending at once
	 * @param totalRaces the number of races in all, at least {@code concurrency}
	 * @param executor the executor of the races, or {@code null} for the library's
	 * default
	 * @return the lateness summary
	 * @throws InterruptedException if interrupted while waiting for a round
	 */
	static Result measure(int concurrency, int totalRaces, @Nullable Executor executor) throws InterruptedException {
		// No hedge budget: every race launches both hedges, which the default budget (on
		// since the production-hedging issue) would refuse after its first few hundred.
		RaceSettings.Builder settings = RaceSettings.builder().step(STEP).maxAttempts(MAX_ATTEMPTS).noHedgeBudget();
		if (executor != null) {
			settings.executor(executor);
		}
		RaceTemplate template = new RaceTemplate(settings.build());
		Histogram lateness = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
		long stepNanos = STEP.toNanos();
		int rounds = Math.max(1, totalRaces / concurrency);
		long startedBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
		long burstNanos = 0;
		for (int round = 0; round < rounds; round++) {
			CountDownLatch hedges = new CountDownLatch(concurrency * (MAX_ATTEMPTS - 1));
			List<CompletableFuture<Object>> races = new ArrayList<>(concurrency);
			long burstStart = System.nanoTime();
			for (int i = 0; i < concurrency; i++) {
				races.add(template.firstAsync(ATTEMPT_NUMBERS, (Integer attempt, AttemptContext context) -> {
					if (context.index() > 0) {
						long late = context.launchOffset().toNanos() - context.index() * stepNanos;
						lateness.recordValue(Math.max(0, late));
						hedges.countDown();
					}
					return new CompletableFuture<Object>();
				}));
			}
			burstNanos += System.nanoTime() - burstStart;
			if (!hedges.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Hedges still missing after 60 s: " + hedges.getCount());
			}
			races.forEach((race) -> race.cancel(true));
		}
		long threadsStarted = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - startedBefore;
		return new Result(LatencySummary.ofNanos(lateness), burstNanos / rounds / 1e6, threadsStarted);
	}

	/**
	 * The floor that no engine on this machine can beat: the same pattern of timers
	 * without any race, on a scheduler configured as the library's (one thread, remove on
	 * cancel), each timer of a "race" armed when the previous one fires, as the engine
	 * does, and recording its own lateness on the scheduler thread. What this shows is
	 * the JDK's timer and the machine's noise; what the races add on top of it is the
	 * engine's.
	 * @param concurrency the number of timer chains pending at once
	 * @param totalRaces the number of chains in all
	 * @return the lateness summary
	 * @throws InterruptedException if interrupted while waiting for a round
	 */
	static Result measureTimerFloor(int concurrency, int totalRaces) throws InterruptedException {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
		scheduler.setRemoveOnCancelPolicy(true);
		Histogram lateness = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
		long stepNanos = STEP.toNanos();
		int rounds = Math.max(1, totalRaces / concurrency);
		long burstNanos = 0;
		try {
			for (int round = 0; round < rounds; round++) {
				CountDownLatch fired = new CountDownLatch(concurrency * (MAX_ATTEMPTS - 1));
				long burstStart = System.nanoTime();
				for (int i = 0; i < concurrency; i++) {
					long start = System.nanoTime();
					scheduler.schedule(new Runnable() {

						private int index = 1;

						@Override
						public void run() {
							long now = System.nanoTime();
							lateness.recordValue(Math.max(0, now - start - this.index * stepNanos));
							fired.countDown();
							if (++this.index < MAX_ATTEMPTS) {
								scheduler.schedule(this, start + this.index * stepNanos - now, TimeUnit.NANOSECONDS);
							}
						}

					}, stepNanos, TimeUnit.NANOSECONDS);
				}
				burstNanos += System.nanoTime() - burstStart;
				if (!fired.await(60, TimeUnit.SECONDS)) {
					throw new IllegalStateException("Timers still missing after 60 s: " + fired.getCount());
				}
			}
		}
		finally {
			scheduler.shutdownNow();
		}
		return new Result(LatencySummary.ofNanos(lateness), burstNanos / rounds / 1e6, 0);
	}

	private static String label(int concurrency) {
		return (concurrency >= 1000) ? (concurrency / 1000) + "k" : Integer.toString(concurrency);
	}

	private static void printRows(String executor, Map<String, Result> results) {
		results.forEach((concurrency, result) -> {
			LatencySummary summary = result.lateness();
			System.out.printf("| %s | %s | %.1f ms | %,d | %,d | %,.0f | %,.0f | %,.0f | %,.0f |%n", executor,
					concurrency, result.burstMillis(), result.threadsStarted(), summary.count(), summary.p50Micros(),
					summary.p99Micros(), summary.p999Micros(), summary.maxMicros());
		});
	}

	static void printMachine() {
		System.out.println("JVM: " + System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.runtime.version") + ", cores: " + Runtime.getRuntime().availableProcessors()
				+ ", max heap: " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
	}

}
