package site.js0.race;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Races on real threads against executors and schedulers that misbehave: caller-runs
 * executors, a pool whose only thread is stuck, an executor shut down under a queued
 * attempt, a wrapped scheduler, listeners that sleep. Real time is only ever asserted as
 * an order or a generous bound.
 */
class RaceHostileThreadsTests {

	private final ScheduledThreadPoolExecutor scheduler = RaceExecutors.newScheduler(1, "hostile-scheduler-");

	@AfterEach
	void shutDown() {
		this.scheduler.shutdownNow();
	}

	private RaceSettings.Builder settings() {
		return RaceSettings.builder().name("hostile").scheduler(this.scheduler);
	}

	// 5. Caller-runs executors: the deadline is armed first; no interrupt is left behind.

	@Test
	void callerRunsExecutorStillHonoursTheDeadline() {
		RaceTemplate template = new RaceTemplate(settings().executor(Runnable::run)
			.step(Duration.ofSeconds(10))
			.deadline(Duration.ofMillis(50))
			.build());
		long start = System.nanoTime();
		assertThatExceptionOfType(RaceTimeoutException.class)
			.isThrownBy(() -> template.invokeFirst(List.of("slow"), (argument, attempt) -> {
				Thread.sleep(5_000);
				return argument;
			}));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void callerRunsExecutorLeavesNoInterruptOnTheCallersThread() {
		RaceTemplate template = new RaceTemplate(settings().executor(Runnable::run)
			.step(Duration.ofSeconds(10))
			.deadline(Duration.ofMillis(50))
			.build());
		CompletableFuture<String> result = template.submitFirst(List.of("slow"), (argument, attempt) -> {
			Thread.sleep(5_000);
			return argument;
		});
		// get() itself would throw InterruptedException on a thread left interrupted.
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(RaceTimeoutException.class);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	// 6. A slow listener delays neither the deadline nor the result.

	@Test
	void slowListenerDoesNotDelayTheDeadline() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		RaceListener sleepy = new RaceListener() {
			@Override
			public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
				if (attempt.index() == 1) {
					await(release);
				}
			}
		};
		RaceTemplate template = new RaceTemplate(
				settings().step(Duration.ofMillis(20)).deadline(Duration.ofMillis(200)).listener(sleepy).build());
		CompletableFuture<String> result = template.firstAsync(List.of("a", "b"),
				(argument, attempt) -> new CompletableFuture<>());
		try {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(RaceTimeoutException.class);
		}
		finally {
			release.countDown();
		}
	}

	// 7. Hedges never wait for a thread of the pool that runs the attempts.

	@Test
	void hedgeLaunchesWhileTheAttemptsPoolIsStuck() throws Exception {
		ForkJoinPool single = new ForkJoinPool(1);
		CountDownLatch stuck = new CountDownLatch(1);
		try {
			RaceTemplate template = new RaceTemplate(
					settings().executor(single).step(Duration.ofMillis(20)).deadline(Duration.ofSeconds(10)).build());
			CompletableFuture<String> result = template.firstAsync(List.of("stall", "fast"),
					(argument, attempt) -> argument.equals("stall")
							? CompletableFuture.supplyAsync(() -> await(stuck), single)
							: CompletableFuture.completedFuture(argument));
			assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("fast");
		}
		finally {
			stuck.countDown();
			single.shutdownNow();
		}
	}

	// 7b. Starts that block, against their contract, on every launch runner do not hold
	// back another race's hedge.

	@Test
	void hedgeLaunchesWhileEveryLaunchRunnerIsStuckInAStart() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch stuck = new CountDownLatch(LaunchLane.RUNNERS);
		RaceTemplate template = new RaceTemplate(
				settings().step(Duration.ofMillis(20)).deadline(Duration.ofSeconds(30)).noHedgeBudget().build());
		try {
			for (int i = 0; i < LaunchLane.RUNNERS; i++) {
				template.firstAsync(List.of("pending", "blocker"), (argument, attempt) -> {
					if (argument.equals("blocker")) {
						stuck.countDown();
						await(release);
					}
					return new CompletableFuture<String>();
				});
			}
			assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<String> result = template.firstAsync(List.of("stall", "fast"),
					(argument, attempt) -> argument.equals("stall") ? new CompletableFuture<String>()
							: CompletableFuture.completedFuture(argument));
			assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("fast");
			assertThat(release.getCount()).isOne();
		}
		finally {
			release.countDown();
		}
	}

	// 3. shutdownNow drops a queued attempt: that attempt's failure, the race ends.

	@Test
	void attemptDroppedByShutdownNowIsThatAttemptsFailure() throws Exception {
		ExecutorService single = Executors.newSingleThreadExecutor();
		CountDownLatch busy = new CountDownLatch(1);
		single.execute(() -> await(busy));
		RaceTemplate template = new RaceTemplate(settings().executor(single).maxAttempts(1).build());
		CompletableFuture<String> result = template.submitFirst(List.of("queued"), (argument, attempt) -> argument);
		assertThat(single.shutdownNow()).hasSize(1);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(RaceFailedException.class)
			.satisfies((ex) -> assertThat(ex.getCause().getSuppressed()).singleElement()
				.isInstanceOf(RejectedExecutionException.class));
	}

	// 2. No user code on the scheduler thread.

	@Test
	void noUserCodeRunsOnTheSchedulerThread() throws Exception {
		Set<String> threads = ConcurrentHashMap.newKeySet();
		Object argument = new Object() {
			@Override
			public String toString() {
				threads.add(Thread.currentThread().getName());
				return "argument";
			}
		};
		RaceListener listener = new RaceListener() {
			@Override
			public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
				threads.add(Thread.currentThread().getName());
			}

			@Override
			public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
				threads.add(Thread.currentThread().getName());
			}

			@Override
			public void onRaceFinished(RaceInfo race, RaceSummary summary) {
				threads.add(Thread.currentThread().getName());
			}
		};
		RaceTemplate template = new RaceTemplate(settings().step(Duration.ofMillis(10))
			.deadline(Duration.ofMillis(100))
			.listener(listener)
			.successPredicate((value) -> {
				threads.add(Thread.currentThread().getName());
				return true;
			})
			.build());
		CompletableFuture<Object> result = template.firstAsync(List.of(argument, argument, argument),
				(value, attempt) -> {
					threads.add(Thread.currentThread().getName());
					return new CompletableFuture<>();
				});
		CompletableFuture<Object> dependent = result.handle((value, failure) -> {
			threads.add(Thread.currentThread().getName());
			return failure;
		});
		assertThat(dependent.get(5, TimeUnit.SECONDS)).isInstanceOf(RaceTimeoutException.class);
		assertThat(threads).isNotEmpty().noneMatch((name) -> name.startsWith("hostile-scheduler-"));
	}

	// 13. A wrapped scheduler collects no dead timers.

	@Test
	void wrappedSchedulerCollectsNoDeadTimers() throws Exception {
		ScheduledThreadPoolExecutor plain = new ScheduledThreadPoolExecutor(1);
		ScheduledExecutorService wrapped = Executors.unconfigurableScheduledExecutorService(plain);
		try {
			RaceTemplate template = new RaceTemplate(
					RaceSettings.builder().scheduler(wrapped).step(Duration.ofHours(1)).build());
			for (int i = 0; i < 10_000; i++) {
				CompletableFuture<String> answer = new CompletableFuture<>();
				CompletableFuture<String> result = template.firstAsync(List.of("a", "b"),
						(argument, attempt) -> answer);
				answer.complete("done");
				assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
			}
			assertThat(plain.getRemoveOnCancelPolicy()).isFalse();
			assertThat(plain.getQueue()).hasSizeLessThanOrEqualTo(1);
			assertThat(template.pendingWakeUps()).isZero();
		}
		finally {
			plain.shutdownNow();
		}
	}

	private static String await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "released";
	}

}
