package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Races on real threads and real time: blocking tasks, interrupts, the convenience
 * methods and the default executors. Timing assertions are orderings and generous bounds
 * only.
 */
@Timeout(30)
class RaceTemplateRealTimeTests {

	private final ScheduledThreadPoolExecutor scheduler = RaceExecutors.newScheduler(1, "test-race-scheduler-");

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private RaceTemplate template(Duration step) {
		return new RaceTemplate(
				RaceSettings.builder().step(step).scheduler(this.scheduler).executor(this.executor).build());
	}

	@AfterEach
	void shutDown() {
		this.scheduler.shutdownNow();
		this.executor.shutdownNow();
	}

	@Test
	void blockingHedgeWinsWhenTheFirstAttemptStalls() {
		String result = template(Duration.ofMillis(20)).invokeFirst(List.of(10_000L, 0L), (sleep, attempt) -> {
			Thread.sleep(sleep);
			return "slept " + sleep + " in attempt #" + attempt.index();
		});
		assertThat(result).isEqualTo("slept 0 in attempt #1");
	}

	@Test
	void losingBlockingAttemptIsInterrupted() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch ended = new CountDownLatch(1);
		CompletableFuture<String> result = template(Duration.ofMillis(20)).submitFirst(List.of("stall", "fast"),
				(argument, attempt) -> {
					if (argument.equals("fast")) {
						started.await();
						return "fast";
					}
					started.countDown();
					try {
						Thread.sleep(60_000);
						return "stall";
					}
					catch (InterruptedException ex) {
						interrupted.set(true);
						throw ex;
					}
					finally {
						ended.countDown();
					}
				});
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("fast");
		assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(interrupted).isTrue();
	}

	@Test
	void losingAsyncAttemptsFutureIsCancelled() throws Exception {
		CompletableFuture<String> stalled = new CompletableFuture<>();
		CompletableFuture<String> result = template(Duration.ofMillis(20)).firstAsync(List.of("stall", "fast"),
				(argument, attempt) -> argument.equals("stall") ? stalled : CompletableFuture.completedFuture("fast"));
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("fast");
		assertThat(stalled).isCancelled();
	}

	@Test
	void hedgeRepeatsOneCallUntilASuccess() {
		AtomicInteger calls = new AtomicInteger();
		String result = template(Duration.ofMillis(10)).invokeHedge(() -> {
			if (calls.incrementAndGet() < 3) {
				throw new IOException("flaky");
			}
			return "ok";
		});
		assertThat(result).isEqualTo("ok");
		assertThat(calls).hasValue(3);
	}

	@Test
	void hedgeFailsAfterMaxAttempts() {
		AtomicInteger calls = new AtomicInteger();
		assertThatExceptionOfType(RaceFailedException.class)
			.isThrownBy(() -> template(Duration.ofMillis(1)).invokeHedge(() -> {
				calls.incrementAndGet();
				throw new IOException("down");
			}))
			.withMessage("All 3 attempts of race 'default' failed");
		assertThat(calls).hasValue(3);
	}

	@Test
	void hedgeAsyncTakesTheFirstSuccessOfTheRepeatedCall() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<Integer> result = template(Duration.ofMillis(10)).hedgeAsync(() -> {
			int call = calls.incrementAndGet();
			return (call == 1) ? new CompletableFuture<>() : CompletableFuture.completedFuture(call);
		});
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(2);
	}

	@Test
	void hungTaskEndsWithTheDeadline() {
		RaceTemplate template = template(Duration.ofMillis(10))
			.mutate((builder) -> builder.deadline(Duration.ofMillis(200)));
		long start = System.nanoTime();
		assertThatExceptionOfType(RaceTimeoutException.class).isThrownBy(() -> template.invokeHedge(() -> {
			new CountDownLatch(1).await();
			return "never";
		})).withMessageContaining("3 attempts launched");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200))
			.isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void deadlinePassesEvenWhenEveryExecutorThreadHangs() {
		ExecutorService single = Executors.newSingleThreadExecutor();
		try {
			RaceTemplate template = new RaceTemplate(RaceSettings.builder()
				.step(Duration.ofMillis(10))
				.deadline(Duration.ofMillis(200))
				.scheduler(this.scheduler)
				.executor(single)
				.build());
			CompletableFuture<Object> result = template.submitFirst(List.of("a", "b"), (argument, attempt) -> {
				// Ignores interrupts, so the only thread of the executor stays busy.
				long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
				while (System.nanoTime() < end) {
					Thread.onSpinWait();
				}
				return argument;
			});
			await().atMost(Duration.ofSeconds(10)).until(result::isDone);
			assertThat(result).failsWithin(Duration.ZERO)
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(RaceTimeoutException.class);
		}
		finally {
			single.shutdownNow();
		}
	}

	@Test
	void interruptedCallerCancelsTheRace() throws Exception {
		CompletableFuture<String> stalled = new CompletableFuture<>();
		RaceTemplate template = template(Duration.ofSeconds(10));
		AtomicBoolean cancelled = new AtomicBoolean();
		Thread caller = new Thread(() -> {
			try {
				template.invokeFirst(List.of("a"), (argument, attempt) -> stalled.get());
			}
			catch (CancellationException ex) {
				cancelled.set(Thread.currentThread().isInterrupted());
			}
		});
		caller.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.WAITING);
		caller.interrupt();
		caller.join(10_000);
		assertThat(cancelled).as("CancellationException with the interrupt flag kept").isTrue();
	}

	@Test
	void finishedRacesLeaveNothingInTheSchedulerQueue() throws Exception {
		RaceTemplate template = template(Duration.ofSeconds(30))
			.mutate((builder) -> builder.deadline(Duration.ofMinutes(5)));
		for (int i = 0; i < 1000; i++) {
			CompletableFuture<String> answer = new CompletableFuture<>();
			CompletableFuture<String> result = template.firstAsync(List.of("a", "b"), (argument, attempt) -> answer);
			assertThat(this.scheduler.getQueue()).isNotEmpty();
			answer.complete("done");
			assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("done");
		}
		assertThat(this.scheduler.getQueue()).isEmpty();
	}

	@Test
	void defaultSchedulerAndExecutorUseDaemonThreads() throws Exception {
		RaceTemplate template = new RaceTemplate(RaceSettings.builder().step(Duration.ofMillis(5)).build());
		Thread worker = template.submitFirst(List.of("a"), (argument, attempt) -> Thread.currentThread())
			.get(10, TimeUnit.SECONDS);
		assertThat(worker.isDaemon()).isTrue();
		assertThat(RaceSettings.defaults().scheduler()).isSameAs(RaceExecutors.scheduler());
		assertThat(((ScheduledThreadPoolExecutor) RaceExecutors.scheduler()).getRemoveOnCancelPolicy()).isTrue();
	}

	@Test
	@org.junit.jupiter.api.condition.EnabledForJreRange(min = org.junit.jupiter.api.condition.JRE.JAVA_21)
	void defaultExecutorRunsBlockingTasksOnVirtualThreadsOnJava21AndLater() throws Exception {
		Thread worker = new RaceTemplate().submitFirst(List.of("a"), (argument, attempt) -> Thread.currentThread())
			.get(10, TimeUnit.SECONDS);
		assertThat(Thread.class.getMethod("isVirtual").invoke(worker)).isEqualTo(true);
		assertThat(worker.getName()).startsWith("race-virtual-");
	}

	@Test
	@org.junit.jupiter.api.condition.EnabledForJreRange(max = org.junit.jupiter.api.condition.JRE.JAVA_20)
	void defaultExecutorRunsBlockingTasksOnPooledPlatformThreadsBeforeJava21() throws Exception {
		Thread worker = new RaceTemplate().submitFirst(List.of("a"), (argument, attempt) -> Thread.currentThread())
			.get(10, TimeUnit.SECONDS);
		assertThat(RaceExecutors.virtualThreadsAvailable()).isFalse();
		assertThat(worker.getName()).startsWith("race-worker-");
	}

}
