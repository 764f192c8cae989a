package site.js0.race.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

import site.js0.race.AttemptContext;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

/**
 * The sustained-load soak of issue 13: races started open-loop at a fixed rate for a long
 * time, with random outcomes, while the scheduler's queue, the heap after a full GC, the
 * live threads and the races in flight are sampled. Each must stay flat: whatever a race
 * holds (its timer, its attempts, its buffers, a launch thread) must be let go when it
 * ends, so that nothing grows with the number of races run.
 *
 * <p>
 * The template has the production settings (adaptive step and hedge budget on, a
 * deadline), and its scheduler is set up as the library's own (one thread,
 * remove-on-cancel) so that its queue can be read. Each attempt draws its outcome: it
 * succeeds or fails at once or after up to 25 ms, throws from {@code start}, or never
 * completes (cancelled when it loses, or ended by the deadline).
 *
 * <p>
 * Run: {@code java -Xmx1g -cp race-benchmarks/target/benchmarks.jar
 * site.js0.race.benchmarks.SustainedSoak [--rate=50000] [--duration=600] [--sample=30]}
 * (seconds). Prints one row per sample and the verdict; exits with status 1 if something
 * grew.
 */
public final class SustainedSoak {

	static final Duration STEP = Duration.ofMillis(5);

	static final Duration DEADLINE = Duration.ofMillis(100);

	private static final Duration SLOWEST_CALL = Duration.ofMillis(25);

	private static final List<Integer> CANDIDATES = List.of(0, 1, 2);

	private static final RuntimeException FAILURE = new RuntimeException("soak failure", null, false, false) {

		private static final long serialVersionUID = 1L;

	};

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	/** Completes the delayed calls; the backend, not part of what is measured. */
	private final ScheduledThreadPoolExecutor backend = new ScheduledThreadPoolExecutor(1);

	private final RaceTemplate template;

	private final LongAdder started = new LongAdder();

	private final LongAdder won = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder launched = new LongAdder();

	SustainedSoak() {
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.backend.setRemoveOnCancelPolicy(true);
		this.template = new RaceTemplate(RaceSettings.builder()
			.name("soak")
			.step(STEP)
			.maxAttempts(CANDIDATES.size())
			.deadline(DEADLINE)
			.adaptiveStep(RaceSettings.AdaptiveStep.defaults())
			.hedgeBudget(RaceSettings.HedgeBudget.defaults())
			.scheduler(this.scheduler)
			.build());
	}

	/**
	 * One sample.
	 *
	 * @param seconds time since the soak began
	 * @param started races started so far
	 * @param inFlight races started and not yet ended
	 * @param launched attempts launched so far
	 * @param schedulerQueue tasks in the scheduler's queue
	 * @param heapAfterGc heap in use after a full collection, bytes
	 * @param threads live threads
	 * @param startLagMicros how far the starting thread was behind its schedule
	 */
	record Sample(double seconds, long started, long inFlight, long launched, int schedulerQueue, long heapAfterGc,
			int threads, long startLagMicros) {

		String row() {
			return String.format("| %.0f | %,d | %,d | %,d | %d | %.1f | %d | %,d |", this.seconds, this.started,
					this.inFlight, this.launched, this.schedulerQueue, this.heapAfterGc / 1048576.0, this.threads,
					this.startLagMicros);
		}

		static String header() {
			return "| s | races started | in flight | attempts launched | scheduler queue | heap after GC MiB "
					+ "| threads | start lag µs |\n|---:|---:|---:|---:|---:|---:|---:|---:|";
		}

	}

	/**
	 * What the soak saw.
	 *
	 * @param samples the samples, in order
	 * @param started races started
	 * @param ended races ended (won or failed) once the soak drained
	 * @param growth what grew, empty if everything stayed flat
	 */
	record Report(List<Sample> samples, long started, long ended, List<String> growth) {

		boolean flat() {
			return this.growth.isEmpty();
		}

	}

	/**
	 * Run the soak: start races at the rate for the duration, sampling as it goes, then
	 * wait for the last races to end.
	 * @param rate races per second
	 * @param duration how long to start races
	 * @param sampleEvery how often to sample
	 * @param out where each sample row goes as it is taken
	 * @return the report
	 * @throws InterruptedException if interrupted
	 */
	Report run(int rate, Duration duration, Duration sampleEvery, java.io.PrintStream out) throws InterruptedException {
		long begin = System.nanoTime();
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		long end = begin + duration.toNanos();
		long nextSample = begin + sampleEvery.toNanos();
		long worstLag = 0;
		List<Sample> samples = new ArrayList<>();
		out.println(Sample.header());
		for (long n = 0;; n++) {
			long due = begin + n * interval;
			if (due >= end) {
				break;
			}
			long now = System.nanoTime();
			if (now < due) {
				LockSupport.parkNanos(due - now);
				now = System.nanoTime();
			}
			worstLag = Math.max(worstLag, now - due);
			startOne();
			if (now >= nextSample) {
				Sample sample = sample(begin, worstLag);
				samples.add(sample);
				out.println(sample.row());
				worstLag = 0;
				nextSample = System.nanoTime() + sampleEvery.toNanos();
			}
		}
		long drainBy = System.nanoTime() + DEADLINE.toNanos() + TimeUnit.SECONDS.toNanos(5);
		while (ended() < this.started.sum() && System.nanoTime() < drainBy) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		return new Report(List.copyOf(samples), this.started.sum(), ended(), growth(samples));
	}

	private long ended() {
		return this.won.sum() + this.failed.sum();
	}

	private void startOne() {
		this.started.increment();
		this.template.firstAsync(CANDIDATES, (Integer candidate, AttemptContext context) -> call())
			.whenComplete((value, failure) -> {
				if (failure == null) {
					this.won.increment();
				}
				else {
					this.failed.increment();
				}
			});
	}

	private CompletableFuture<String> call() {
		this.launched.increment();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int draw = random.nextInt(100);
		if (draw < 20) {
			return SimulatedTasks.succeeded();
		}
		if (draw < 25) {
			return SimulatedTasks.failed();
		}
		if (draw < 30) {
			throw FAILURE;
		}
		CompletableFuture<String> call = new CompletableFuture<>();
		if (draw < 40) {
			// Never completes: cancelled when it loses, or ended by the deadline.
			return call;
		}
		long delay = random.nextLong(SLOWEST_CALL.toNanos());
		boolean succeeds = draw < 85;
		this.backend.schedule(() -> {
			if (succeeds) {
				call.complete(SimulatedTasks.VALUE);
			}
			else {
				call.completeExceptionally(FAILURE);
			}
		}, delay, TimeUnit.NANOSECONDS);
		return call;
	}

	private Sample sample(long begin, long worstLagNanos) {
		System.gc();
		long started = this.started.sum();
		return new Sample((System.nanoTime() - begin) / 1e9, started, started - ended(), this.launched.sum(),
				this.scheduler.getQueue().size(), MEMORY.getHeapMemoryUsage().getUsed(), THREADS.getThreadCount(),
				TimeUnit.NANOSECONDS.toMicros(worstLagNanos));
	}

	/**
	 * Compare the second half of the soak with the first: a resource that a finished race
	 * failed to let go grows with the races run, so its second half rises above the
	 * first's highest value by more than noise.
	 */
	static List<String> growth(List<Sample> samples) {
		List<String> growth = new ArrayList<>();
		if (samples.size() < 4) {
			growth.add("too few samples (" + samples.size() + ") to judge; sample more often");
			return growth;
		}
		// The first sample still holds the warm-up (classes, JIT, the pools' first
		// threads).
		List<Sample> steady = samples.subList(1, samples.size());
		int half = steady.size() / 2;
		List<Sample> first = steady.subList(0, half);
		List<Sample> second = steady.subList(half, steady.size());
		check(growth, "heap after GC", first, second, Sample::heapAfterGc, (max) -> max / 10 + 8 * 1048576);
		check(growth, "threads", first, second, Sample::threads, (max) -> 4);
		check(growth, "scheduler queue", first, second, (sample) -> sample.schedulerQueue(), (max) -> 4);
		check(growth, "races in flight", first, second, Sample::inFlight, (max) -> max / 2 + 100);
		return growth;
	}

	private static void check(List<String> growth, String what, List<Sample> first, List<Sample> second,
			ToLongFunction<Sample> value, java.util.function.LongUnaryOperator slack) {
		long firstMax = first.stream().mapToLong(value).max().orElse(0);
		long secondMax = second.stream().mapToLong(value).max().orElse(0);
		long allowed = firstMax + slack.applyAsLong(firstMax);
		if (secondMax > allowed) {
			growth.add(String.format("%s grew: highest %,d in the second half against %,d in the first (allowed %,d)",
					what, secondMax, firstMax, allowed));
		}
	}

	void close() {
		this.scheduler.shutdownNow();
		this.backend.shutdownNow();
	}

	/**
	 * Run the soak from the command line, as the class comment says.
	 * @param args the options
	 * @throws InterruptedException if interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		int rate = 50_000;
		Duration duration = Duration.ofMinutes(10);
		Duration sample = Duration.ofSeconds(30);
		for (String arg : args) {
			if (arg.startsWith("--rate=")) {
				rate = Integer.parseInt(arg.substring("--rate=".length()));
			}
			else if (arg.startsWith("--duration=")) {
				duration = Duration.ofSeconds(Long.parseLong(arg.substring("--duration=".length())));
			}
			else if (arg.startsWith("--sample=")) {
				sample = Duration.ofSeconds(Long.parseLong(arg.substring("--sample=".length())));
			}
			else {
				throw new IllegalArgumentException("Unknown argument " + arg
						+ "; accepted: --rate=<races per second> --duration=<seconds> --sample=<seconds>");
			}
		}
		LaunchLateness.printMachine();
		System.out.printf("Soak: %,d races/s for %s, sampled every %s; step %s, deadline %s, adaptive step and "
				+ "hedge budget on%n%n", rate, duration, sample, STEP, DEADLINE);
		SustainedSoak soak = new SustainedSoak();
		Report report;
		try {
			report = soak.run(rate, duration, sample, System.out);
		}
		finally {
			soak.close();
		}
		System.out.printf("%nRaces started %,d, ended %,d (won %,d, failed %,d); attempts launched %,d%n",
				report.started(), report.ended(), soak.won.sum(), soak.failed.sum(), soak.launched.sum());
		if (report.started() != report.ended()) {
			System.out.println("NOT DRAINED: " + (report.started() - report.ended()) + " races never ended");
		}
		if (report.flat()) {
			System.out.println("Flat: heap after GC, threads, scheduler queue and races in flight did not grow.");
		}
		else {
			report.growth().forEach((line) -> System.out.println("GREW: " + line));
		}
		if (!report.flat() || report.started() != report.ended()) {
			System.exit(1);
		}
	}

}
