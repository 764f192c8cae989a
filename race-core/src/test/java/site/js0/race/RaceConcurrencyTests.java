package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several threads deciding one race at the same moment: successes against each other,
 * against cancellation, against the deadline, and failure-advance against cancellation.
 * Each round checks the invariants: one decision, every launched attempt finished exactly
 * once, nothing launched after the decision, and one winner at most.
 */
@Timeout(60)
class RaceConcurrencyTests {

	private static final int ROUNDS = 1000;

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	private final ScheduledThreadPoolExecutor scheduler = RaceExecutors.newScheduler(1, "test-race-scheduler-");

	@AfterEach
	void shutDown() {
		this.threads.shutdownNow();
		this.scheduler.shutdownNow();
	}

	@RepeatedTest(3)
	void simultaneousSuccessesCancellationAndDeadlineDecideOnce() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			RecordingListener listener = new RecordingListener();
			PendingCalls<String> calls = new PendingCalls<>();
			RaceTemplate template = template(listener,
					(settings) -> settings.step(Duration.ZERO).deadline(Duration.ofMillis(1)));
			CompletableFuture<String> result = template.firstAsync(List.of("a", "b", "c"), calls);
			CountDownLatch go = new CountDownLatch(1);
			CountDownLatch done = new CountDownLatch(3);
			// The 1 ms deadline, armed before the first launch, may pass before it on a
			// slow
			// machine: then nothing is launched at all.
			run(go, done, () -> {
				if (calls.launched() > 0) {
					calls.succeed(0, "A");
				}
			});
			run(go, done, () -> {
				if (calls.launched() > 1) {
					calls.succeed(1, "B");
				}
			});
			run(go, done, () -> result.cancel(true));
			go.countDown();
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			// A 1 ms deadline may pass while the attempts are being launched on a slow
			// machine.
			calls.futures.forEach((future) -> future.completeExceptionally(new IOException("late")));
			assertInvariants(listener, result, calls);
		}
	}

	@RepeatedTest(3)
	void failureAdvanceRacingCancellationLaunchesNothingAfterTheDecision() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			RecordingListener listener = new RecordingListener();
			PendingCalls<String> calls = new PendingCalls<>();
			RaceTemplate template = template(listener, (settings) -> settings.fallback(true));
			CompletableFuture<String> result = template.firstAsync(List.of("a", "b", "c"), calls);
			CountDownLatch go = new CountDownLatch(1);
			CountDownLatch done = new CountDownLatch(2);
			run(go, done, () -> calls.fail(0, new IOException("a down")));
			run(go, done, () -> result.cancel(true));
			go.countDown();
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertInvariants(listener, result, calls);
			assertThat(listener.summaries.get(0).attemptsLaunched()).isBetween(1, 2);
		}
	}

	private RaceTemplate template(RecordingListener listener,
			java.util.function.Consumer<RaceSettings.Builder> customizer) {
		RaceSettings.Builder settings = RaceSettings.builder()
			.scheduler(this.scheduler)
			.executor(this.threads)
			.listener(listener);
		customizer.accept(settings);
		return new RaceTemplate(settings.build());
	}

	private void run(CountDownLatch go, CountDownLatch done, Runnable action) {
		this.threads.execute(() -> {
			try {
				go.await();
				action.run();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				done.countDown();
			}
		});
	}

	private static void assertInvariants(RecordingListener listener, CompletableFuture<String> result,
			PendingCalls<String> calls) throws Exception {
		// The consumer has its result first; listeners hear of the end after it.
		result.handle((value, failure) -> value).get(10, TimeUnit.SECONDS);
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1))
			.atMost(Duration.ofSeconds(10))
			.until(() -> !listener.summaries.isEmpty());
		assertThat(listener.summaries).hasSize(1);
		RaceSummary summary = listener.summaries.get(0);
		int launched = summary.attemptsLaunched();
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1))
			.atMost(Duration.ofSeconds(10))
			.until(() -> listener.outcomes.size() >= launched);
		assertThat(listener.events).filteredOn((event) -> event.startsWith("launched")).hasSize(launched);
		// A launch that the end overtakes is reported but never starts its task.
		assertThat(calls.launched()).isLessThanOrEqualTo(launched);
		assertThat(listener.outcomes).extracting(AttemptOutcome::index)
			.as("every launched attempt finished exactly once")
			.containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, launched).boxed().toList());
		long won = listener.outcomes.stream().filter((outcome) -> outcome.status() == AttemptStatus.WON).count();
		assertThat(won).isLessThanOrEqualTo(1);
		if (summary.outcome() == RaceOutcome.SUCCESS) {
			assertThat(won).isEqualTo(1);
			assertThat(result.join()).isIn("A", "B");
		}
		else {
			assertThat(won).isZero();
			assertThat(result).isCompletedExceptionally();
		}
		int decision = listener.events
			.indexOf(listener.events.stream().filter((event) -> event.startsWith("race ")).findFirst().orElseThrow());
		assertThat(listener.events.subList(decision, listener.events.size())).as("nothing launched after the decision")
			.noneMatch((event) -> event.startsWith("launched"));
	}

}
