package site.js0.race.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

/**
 * Heap and threads per pending race: start N races (one million by default) whose
 * attempts never finish and whose next hedge is an hour away, collect garbage, and
 * compare the live heap and the thread counts with those before. Each race holds its
 * first attempt (a fresh, never-completed {@link CompletableFuture}, counted in the
 * figure) and one pending timer. A class histogram of the live heap shows where the bytes
 * go. Then every race is cancelled, to show that cancelled timers leave the scheduler's
 * queue and the heap returns to where it was.
 *
 * <p>
 * Run: {@code java -Xmx4g -cp race-benchmarks/target/benchmarks.jar
 * site.js0.race.benchmarks.PendingRaceMemory [races]}.
 */
public final class PendingRaceMemory {

	private PendingRaceMemory() {
	}

	/**
	 * The measured figures.
	 *
	 * @param races the number of pending races
	 * @param bytesPerRace live heap per pending race, after a full collection
	 * @param totalBytes live heap held by all the races
	 * @param threadsBefore live threads before the races started
	 * @param threadsAfter live threads with every race pending
	 * @param threadsStarted threads started while the races were created
	 * @param bytesLeftAfterCancel live heap above the baseline once every race is
	 * cancelled and dropped
	 * @param startMillis how long starting the races took
	 */
	public record Result(int races, double bytesPerRace, long totalBytes, int threadsBefore, int threadsAfter,
			long threadsStarted, long bytesLeftAfterCancel, long startMillis) {

	}

	/**
	 * Measure and print.
	 * @param args the number of races, one million by default
	 * @throws Exception if the run fails
	 */
	public static void main(String[] args) throws Exception {
		int races = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		LaunchLateness.printMachine();
		Result result = measure(races, true);
		System.out.println();
		System.out.println("| pending races | live heap | bytes per race | threads before → with races pending "
				+ "| threads started | heap left after cancelling and dropping them | time to start them |");
		System.out.println("|---:|---:|---:|---|---:|---:|---:|");
		System.out.printf("| %,d | %,.1f MiB | %,.0f | %d → %d | %d | %,.1f MiB | %,d ms |%n", result.races(),
				result.totalBytes() / 1048576.0, result.bytesPerRace(), result.threadsBefore(), result.threadsAfter(),
				result.threadsStarted(), result.bytesLeftAfterCancel() / 1048576.0, result.startMillis());
	}

	/**
	 * Start the races, measure, cancel them.
	 * @param races the number of races
	 * @param printHistogram whether to print the top of the live-heap class histogram
	 * @return the figures
	 * @throws Exception if the diagnostic command fails
	 */
	public static Result measure(int races, boolean printHistogram) throws Exception {
		RaceTemplate template = new RaceTemplate(
				RaceSettings.builder().step(Duration.ofHours(1)).maxAttempts(3).build());
		// Warm the library up (its shared scheduler is created on first use) before the
		// baseline.
		template.hedgeAsync(() -> new CompletableFuture<Object>()).cancel(true);
		// The array that keeps the futures for cancelling is allocated before the
		// baseline: it is the benchmark's, not the races'.
		@SuppressWarnings("unchecked")
		CompletableFuture<Object>[] futures = (CompletableFuture<Object>[]) new CompletableFuture<?>[races];
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long baseline = liveHeap();
		int threadsBefore = threads.getThreadCount();
		long startedBefore = threads.getTotalStartedThreadCount();
		long start = System.nanoTime();
		for (int i = 0; i < races; i++) {
			futures[i] = template.hedgeAsync(() -> new CompletableFuture<Object>());
		}
		long startMillis = (System.nanoTime() - start) / 1_000_000;
		long pending = liveHeap() - baseline;
		int threadsAfter = threads.getThreadCount();
		long started = threads.getTotalStartedThreadCount() - startedBefore;
		if (printHistogram) {
			printHistogramTop(20);
		}
		for (CompletableFuture<Object> future : futures) {
			future.cancel(true);
		}
		// Dropped before measuring: a cancelled future keeps its CancellationException,
		// stack trace and all, which is the caller's to keep or drop; what matters is
		// that the library keeps nothing, the scheduler's queue included.
		Arrays.fill(futures, null);
		long left = liveHeap() - baseline;
		return new Result(races, (double) pending / races, pending, threadsBefore, threadsAfter, started, left,
				startMillis);
	}

	/**
	 * Return the live heap after full collections; repeated until it stops shrinking,
	 * because one {@code System.gc()} may leave objects that only became garbage during
	 * it.
	 */
	private static long liveHeap() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long previous = Long.MAX_VALUE;
		for (int i = 0; i < 10; i++) {
			System.gc();
			Thread.sleep(100);
			long used = memory.getHeapMemoryUsage().getUsed();
			if (used >= previous - 64 * 1024) {
				return Math.min(used, previous);
			}
			previous = used;
		}
		return previous;
	}

	/**
	 * Print the largest classes of the live heap, through the HotSpot diagnostic command
	 * that {@code jcmd GC.class_histogram} runs.
	 */
	private static void printHistogramTop(int lines) throws Exception {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
		String histogram = (String) server.invoke(diagnostics, "gcClassHistogram", new Object[] { new String[0] },
				new String[] { String[].class.getName() });
		histogram.lines().limit(lines + 3).forEach(System.out::println);
	}

}
