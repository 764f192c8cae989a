package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault-injection soak: many races whose tasks succeed fast or slowly, fail, throw,
 * return a null stage, hang until cancelled or ignore interruption; whose executor
 * rejects, throws errors or runs a task on the caller's thread; whose scheduler now and
 * then refuses a timer; whose arguments' {@code toString} throws; and whose consumers
 * cancel futures, force their value or failure ({@code obtrude*}) and close streams
 * early, some with deadlines. A task that runs must be reported as started. Afterwards
 * every race must balance (launched = won + failed + lost + aborted), no outcome may have
 * been reported twice or launched after the end, the scheduler queue must be empty, the
 * threads back to their baseline, and the heap must not grow from round to round.
 *
 * <p>
 * Short by default (50,000 races); {@code -Drace.soak.races=1000000} for the long run.
 */
@Tag("soak")
@Timeout(600)
class RaceSoakTests {

	private static final int RACES = Integer.getInteger("race.soak.races", 50_000);

	private static final int ROUNDS = 5;

	private static final int IN_FLIGHT = 1_000;

	private final Map<RaceInfo, Ledger> ledgers = new ConcurrentHashMap<>();

	private final AtomicLong problems = new AtomicLong();

	private final AtomicLong settled = new AtomicLong();

	private final List<String> firstProblems = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** The attempts whose task ran, until their race settles. */
	private final Set<AttemptContext> ran = ConcurrentHashMap.newKeySet();

	@Test
	void racesUnderRandomFaultsBalanceAndLeaveNothingBehind() throws Exception {
		long baselineThreads = liveThreads();
		ScheduledThreadPoolExecutor scheduler = new FlakyScheduler();
		ScheduledThreadPoolExecutor completer = RaceExecutors.newScheduler(1, "soak-completer-");
		ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 32, 100, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
				RaceExecutors.daemonThreads("soak-worker-"));
		// A fraction of submissions are rejected, as by an executor that is full or
		// shutting down; some throw an error, as when no thread can be created; some run
		// on the caller's thread, as with a caller-runs policy.
		Executor flaky = (command) -> {
			switch (ThreadLocalRandom.current().nextInt(100)) {
				case 0, 1 -> throw new RejectedExecutionException("injected rejection");
				case 2 -> throw new OutOfMemoryError("injected: unable to create native thread");
				case 3 -> throw new IllegalStateException("injected executor fault");
				case 4, 5, 6, 7, 8 -> command.run();
				default -> pool.execute(command);
			}
		};
		RaceListener auditor = new Auditor();
		RaceTemplate template = new RaceTemplate(
				RaceSettings.builder().name("soak").scheduler(scheduler).executor(flaky).listener(auditor).build());
		List<Long> heapAfterRound = new ArrayList<>();
		Semaphore inFlight = new Semaphore(IN_FLIGHT);
		AtomicInteger finishedRaces = new AtomicInteger();
		for (int round = 0; round < ROUNDS; round++) {
			for (int i = 0; i < RACES / ROUNDS; i++) {
				inFlight.acquire();
				CompletableFuture<?> done = startRandomRace(template, completer);
				done.whenComplete((value, failure) -> {
					finishedRaces.incrementAndGet();
					inFlight.release();
				});
			}
			inFlight.acquire(IN_FLIGHT);
			inFlight.release(IN_FLIGHT);
			heapAfterRound.add(usedHeapAfterGc());
		}
		assertThat(finishedRaces).hasValue(RACES / ROUNDS * ROUNDS);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.ledgers).isEmpty());
		assertThat(this.settled).hasValue(RACES / ROUNDS * ROUNDS);
		assertThat(this.firstProblems).isEmpty();
		assertThat(this.problems).hasValue(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.getQueue().isEmpty());
		scheduler.shutdown();
		completer.shutdownNow();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(liveThreads()).as(() -> "threads: " + Thread.getAllStackTraces().keySet())
				.isLessThanOrEqualTo(baselineThreads));
		long first = heapAfterRound.get(1);
		long last = heapAfterRound.get(heapAfterRound.size() - 1);
		assertThat(last).as("heap after each round %s", heapAfterRound).isLessThan(first + 64L * 1024 * 1024);
		pool.shutdown();
	}

	private CompletableFuture<?> startRandomRace(RaceTemplate template, ScheduledThreadPoolExecutor completer) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int maxAttempts = 1 + random.nextInt(4);
		RaceTemplate configured = template.mutate((builder) -> {
			builder.step(Duration.ofNanos(random.nextLong(2_000_000)))
				.maxAttempts(maxAttempts)
				.failureAdvances(random.nextBoolean())
				.abortOn(SecurityException.class);
			// Every race that may hang needs an end: a deadline, or a consumer who gives
			// up.
			builder.deadline(Duration.ofMillis(5 + random.nextInt(50)));
		});
		List<Argument> arguments = List.of(new Argument(0), new Argument(1), new Argument(2), new Argument(3));
		int consumer = random.nextInt(10);
		if (random.nextInt(4) == 0) {
			RaceStream<Argument, String> stream = random.nextBoolean()
					? configured.submitStream(arguments, (argument, attempt) -> blockingBehaviour(attempt))
					: configured.streamAsync(arguments, (argument, attempt) -> asyncBehaviour(completer, attempt));
			CompletableFuture<Void> consumed = new CompletableFuture<>();
			stream.subscribe(new java.util.concurrent.Flow.Subscriber<>() {

				private java.util.concurrent.Flow.Subscription subscription;

				@Override
				public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
					this.subscription = subscription;
					subscription.request(Long.MAX_VALUE);
				}

				@Override
				public void onNext(AttemptOutcome<Argument, String> item) {
					if (consumer == 0) {
						// A consumer that has seen enough: the seed's "receiver dropped".
						this.subscription.cancel();
						consumed.complete(null);
					}
				}

				@Override
				public void onError(Throwable throwable) {
					consumed.complete(null);
				}

				@Override
				public void onComplete() {
					consumed.complete(null);
				}

			});
			return consumed;
		}
		CompletableFuture<String> result = random.nextBoolean()
				? configured.submitFirst(arguments, (argument, attempt) -> blockingBehaviour(attempt))
				: configured.firstAsync(arguments, (argument, attempt) -> asyncBehaviour(completer, attempt));
		if (consumer == 0) {
			result.cancel(true);
		}
		else if (consumer == 1) {
			completer.schedule(() -> result.cancel(true), random.nextInt(3), TimeUnit.MILLISECONDS);
		}
		else if (consumer == 2) {
			completer.schedule(() -> result.obtrudeValue("forced"), random.nextInt(3), TimeUnit.MILLISECONDS);
		}
		else if (consumer == 3) {
			completer.schedule(() -> result.obtrudeException(new IOException("forced")), random.nextInt(3),
					TimeUnit.MILLISECONDS);
		}
		return result.handle((value, failure) -> null);
	}

	private String blockingBehaviour(AttemptContext attempt) throws Exception {
		this.ran.add(attempt);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		switch (random.nextInt(8)) {
			case 0, 1:
				return "fast";
			case 2:
				Thread.sleep(random.nextInt(5));
				return "slow";
			case 3:
				throw new IOException("failed");
			case 4:
				throw new SecurityException("non-retryable");
			case 5:
				Thread.sleep(60_000);
				return "hung until interrupted";
			case 6: {
				long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
				while (System.nanoTime() < end) {
					Thread.onSpinWait();
				}
				return "ignored interruption";
			}
			default:
				return null;
		}
	}

	private CompletableFuture<String> asyncBehaviour(ScheduledThreadPoolExecutor completer, AttemptContext attempt)
			throws Exception {
		this.ran.add(attempt);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		switch (random.nextInt(8)) {
			case 0:
				return CompletableFuture.completedFuture("fast");
			case 1: {
				CompletableFuture<String> slow = new CompletableFuture<>();
				completer.schedule(() -> slow.complete("slow"), random.nextInt(5), TimeUnit.MILLISECONDS);
				return slow;
			}
			case 2:
				return CompletableFuture.failedFuture(new IOException("failed"));
			case 3:
				throw new IOException("thrown synchronously");
			case 4:
				return null;
			case 5:
				return new CompletableFuture<>();
			case 6: {
				CompletableFuture<String> late = new CompletableFuture<>();
				completer.schedule(() -> late.completeExceptionally(new IOException("late failure")), random.nextInt(5),
						TimeUnit.MILLISECONDS);
				return late;
			}
			default:
				return CompletableFuture.failedFuture(new SecurityException("non-retryable"));
		}
	}

	/**
	 * Count the live threads, leaving out the one Awaitility polls on and the idle
	 * threads of the library's shared launch executor (a cached pool on Java 17, whose
	 * threads end a minute after their last task): they belong to no race.
	 */
	private static long liveThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !thread.getName().startsWith("awaitility"))
			.filter((thread) -> !thread.getName().startsWith("race-worker-"))
			.count();
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	private void problem(String description) {
		this.problems.incrementAndGet();
		if (this.firstProblems.size() < 10) {
			this.firstProblems.add(description);
		}
	}

	/**
	 * What one race reported to its listeners.
	 */
	private static final class Ledger {

		final int maxAttempts;

		final AtomicInteger launched = new AtomicInteger();

		final AtomicInteger won = new AtomicInteger();

		final AtomicInteger failed = new AtomicInteger();

		final AtomicInteger lost = new AtomicInteger();

		final AtomicInteger aborted = new AtomicInteger();

		final Set<Integer> finishedIndexes = ConcurrentHashMap.newKeySet();

		final Map<Integer, AttemptContext> attempts = new ConcurrentHashMap<>();

		volatile boolean ended;

		volatile String kind = "";

		Ledger(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		int finished() {
			return this.won.get() + this.failed.get() + this.lost.get() + this.aborted.get();
		}

		@Override
		public String toString() {
			return "launched=" + this.launched + " won=" + this.won + " failed=" + this.failed + " lost=" + this.lost
					+ " aborted=" + this.aborted + " finished=" + this.finishedIndexes + " ended=" + this.ended
					+ " kind=" + this.kind;
		}

	}

	private final class Auditor implements RaceListener {

		@Override
		public void onRaceStarted(RaceInfo race) {
			Ledger fresh = new Ledger(race.settings().maxAttempts());
			fresh.kind = "stream=" + race.isStream() + " thread=" + Thread.currentThread().getName();
			if (RaceSoakTests.this.ledgers.putIfAbsent(race, fresh) != null) {
				problem("race started twice: " + race);
			}
		}

		@Override
		public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
			Ledger ledger = RaceSoakTests.this.ledgers.get(race);
			if (ledger == null || ledger.ended) {
				problem("launched after the end: " + race + " " + attempt);
				return;
			}
			ledger.launched.incrementAndGet();
			ledger.attempts.put(attempt.index(), attempt);
		}

		@Override
		public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
			Ledger ledger = RaceSoakTests.this.ledgers.get(race);
			if (ledger == null) {
				problem("finished after its race settled: " + race + " " + outcome);
				return;
			}
			if (!ledger.finishedIndexes.add(outcome.index())) {
				problem("finished twice: " + race + " " + outcome);
			}
			AttemptContext attempt = ledger.attempts.get(outcome.index());
			if (attempt != null && !outcome.started() && RaceSoakTests.this.ran.contains(attempt)) {
				problem("task ran although reported as never started: " + race + " " + outcome);
			}
			switch (outcome.status()) {
				case WON -> ledger.won.incrementAndGet();
				case FAILED -> ledger.failed.incrementAndGet();
				case LOST -> ledger.lost.incrementAndGet();
				case ABORTED -> ledger.aborted.incrementAndGet();
			}
			settle(race, ledger);
		}

		@Override
		public void onRaceFinished(RaceInfo race, RaceSummary summary) {
			Ledger ledger = RaceSoakTests.this.ledgers.get(race);
			if (ledger == null || ledger.ended) {
				problem("finished twice: " + race);
				return;
			}
			ledger.ended = true;
			if (!race.isStream() && summary.outcome() == RaceOutcome.SUCCESS && ledger.won.get() != 1) {
				problem("success without exactly one winner: " + race + " " + summary);
			}
			if (summary.attemptsLaunched() != ledger.launched.get()) {
				problem("summary counts " + summary.attemptsLaunched() + " launches, listeners saw "
						+ ledger.launched.get() + ": " + race);
			}
			settle(race, ledger);
		}

		/**
		 * Check and forget a race once it has ended and every attempt it launched has
		 * finished, so that the audit itself does not grow the heap; what is left at the
		 * end did not balance.
		 */
		private void settle(RaceInfo race, Ledger ledger) {
			if (ledger.ended && ledger.finished() == ledger.launched.get()
					&& RaceSoakTests.this.ledgers.remove(race) != null) {
				if (ledger.launched.get() > ledger.maxAttempts) {
					problem("launched " + ledger.launched.get() + " of at most " + ledger.maxAttempts + ": " + race);
				}
				RaceSoakTests.this.settled.incrementAndGet();
				RaceSoakTests.this.ran.removeAll(ledger.attempts.values());
			}
		}

	}

	/**
	 * An argument whose {@code toString} throws for every other value, as a careless
	 * domain object's may: messages built from it must still be made.
	 */
	private record Argument(int value) {

		@Override
		public String toString() {
			if (this.value % 2 == 1) {
				throw new IllegalStateException("toString of " + this.value + " throws");
			}
			return "argument " + this.value;
		}

	}

	/**
	 * A scheduler that now and then refuses a timer, with an exception it is not
	 * documented to throw.
	 */
	private static final class FlakyScheduler extends ScheduledThreadPoolExecutor {

		FlakyScheduler() {
			super(1, RaceExecutors.daemonThreads("soak-race-scheduler-"));
			setRemoveOnCancelPolicy(true);
		}

		@Override
		public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
			if (ThreadLocalRandom.current().nextInt(2_000) == 0) {
				throw new IllegalStateException("injected scheduler fault");
			}
			return super.schedule(command, delay, unit);
		}

	}

}
