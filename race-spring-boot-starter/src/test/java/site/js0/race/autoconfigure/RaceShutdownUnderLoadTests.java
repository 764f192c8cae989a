package site.js0.race.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import site.js0.race.RaceStream;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Closing a context with ten thousand races in flight: the close returns within the
 * configured await time, every first-success future and every stream ends cancelled,
 * every blocking attempt is interrupted, and no race thread survives. The context is
 * closed once, before the tests, and each test checks one of these on what that close
 * left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RaceShutdownUnderLoadTests {

	private static final int ASYNC_RACES = 9_000;

	private static final int STREAMS = 800;

	private static final int BLOCKING_RACES = 200;

	private static final Duration AWAIT_TERMINATION = Duration.ofSeconds(10);

	private final List<CompletableFuture<String>> asyncRaces = new ArrayList<>();

	private final List<CompletableFuture<String>> blockingRaces = new ArrayList<>();

	private final List<RaceStream<Integer, String>> streams = new ArrayList<>();

	private final AtomicInteger blockingAttemptsStarted = new AtomicInteger();

	private final AtomicInteger blockingAttemptsInterrupted = new AtomicInteger();

	private Duration closing = Duration.ZERO;

	@BeforeAll
	@Timeout(120)
	void closeAContextWithTenThousandRacesInFlight() {
		CountDownLatch blockingRunning = new CountDownLatch(BLOCKING_RACES);
		// Never opened: a blocking attempt waits on it until it is interrupted.
		CountDownLatch never = new CountDownLatch(1);
		long[] closeStarted = new long[1];
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class))
			.withPropertyValues("race.step=50ms", "race.max-attempts=3",
					"race.shutdown.await-termination=" + AWAIT_TERMINATION.toSeconds() + "s")
			.run((context) -> {
				RaceTemplate template = context.getBean(RaceTemplate.class);
				for (int i = 0; i < ASYNC_RACES; i++) {
					this.asyncRaces.add(template.hedgeAsync(CompletableFuture::new));
				}
				for (int i = 0; i < STREAMS; i++) {
					this.streams
						.add(template.streamAsync(List.of(1, 2, 3), (argument, attempt) -> new CompletableFuture<>()));
				}
				for (int i = 0; i < BLOCKING_RACES; i++) {
					this.blockingRaces.add(template.submitHedge(() -> {
						this.blockingAttemptsStarted.incrementAndGet();
						blockingRunning.countDown();
						try {
							never.await();
						}
						catch (InterruptedException ex) {
							this.blockingAttemptsInterrupted.incrementAndGet();
							throw ex;
						}
						return "never";
					}));
				}
				assertThat(blockingRunning.await(30, TimeUnit.SECONDS))
					.as("blocking attempts running on executor threads before the close")
					.isTrue();
				closeStarted[0] = System.nanoTime();
			});
		this.closing = Duration.ofNanos(System.nanoTime() - closeStarted[0]);
	}

	@Test
	void closeReturnsWithinTheAwaitTerminationPeriod() {
		assertThat(this.closing).isLessThan(AWAIT_TERMINATION);
	}

	@Test
	void everyAsyncRaceInFlightEndsCancelled() {
		assertThat(this.asyncRaces).hasSize(ASYNC_RACES).allSatisfy((race) -> assertThat(race).isCancelled());
	}

	@Test
	void everyBlockingRaceInFlightEndsCancelled() {
		assertThat(this.blockingRaces).hasSize(BLOCKING_RACES).allSatisfy((race) -> assertThat(race).isCancelled());
	}

	@Test
	void everyBlockingAttemptThatStartedIsInterrupted() {
		assertThat(this.blockingAttemptsStarted).hasValueGreaterThanOrEqualTo(BLOCKING_RACES);
		assertThat(this.blockingAttemptsInterrupted).hasValue(this.blockingAttemptsStarted.get());
	}

	@Test
	void everyStreamInFlightEndsCancelledWithoutAnOutcome() {
		// The attempts never completed, so the first thing a consumer sees is the
		// cancellation.
		assertThat(this.streams).hasSize(STREAMS)
			.allSatisfy((stream) -> assertThatExceptionOfType(CancellationException.class)
				.isThrownBy(stream.iterator()::hasNext));
	}

	@Test
	void noSchedulerOrExecutorThreadOutlivesTheClose() {
		// The close waits until the pools have terminated, which their last worker
		// signals just before its thread ends: allow it that moment.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive)
				.extracting(Thread::getName)
				.noneMatch((name) -> name.startsWith("race-executor-") || name.startsWith("race-scheduler-")));
	}

}
