package site.js0.race.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import site.js0.race.AttemptOutcome;
import site.js0.race.RaceStream;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Closing a context with ten thousand races in flight: the close returns within the configured
 * await time, every first-success future and every stream ends cancelled, and no race thread
 * survives.
 */
@Timeout(120)
class RaceShutdownUnderLoadTests {

	private static final int ASYNC_RACES = 9_000;

	private static final int STREAMS = 800;

	private static final int BLOCKING_RACES = 200;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class));

	@Test
	void closingWithTenThousandRacesInFlightCancelsThemAllPromptly() throws Exception {
		List<CompletableFuture<String>> futures = new ArrayList<>();
		List<RaceStream<Integer, String>> streams = new ArrayList<>();
		CountDownLatch blockingRunning = new CountDownLatch(BLOCKING_RACES);
		long[] closeStarted = new long[1];
		this.runner.withPropertyValues("race.step=50ms", "race.max-attempts=3", "race.shutdown.await-termination=10s")
			.run((context) -> {
				RaceTemplate template = context.getBean(RaceTemplate.class);
				for (int i = 0; i < ASYNC_RACES; i++) {
					futures.add(template.hedgeAsync(CompletableFuture::new));
				}
				for (int i = 0; i < STREAMS; i++) {
					streams.add(template.streamAsync(List.of(1, 2, 3), (argument, attempt) -> new CompletableFuture<>()));
				}
				for (int i = 0; i < BLOCKING_RACES; i++) {
					futures.add(template.hedge(() -> {
						blockingRunning.countDown();
						Thread.sleep(600_000);
						return "never";
					}));
				}
				assertThat(blockingRunning.await(30, TimeUnit.SECONDS)).isTrue();
				closeStarted[0] = System.nanoTime();
			});
		Duration closing = Duration.ofNanos(System.nanoTime() - closeStarted[0]);
		assertThat(closing).isLessThan(Duration.ofSeconds(10));
		assertThat(futures).hasSize(ASYNC_RACES + BLOCKING_RACES).allSatisfy((future) -> assertThat(future).isCancelled());
		for (RaceStream<Integer, String> stream : streams) {
			assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> {
				for (AttemptOutcome<Integer, String> outcome : stream) {
					assertThat(outcome).isNull();
				}
			});
		}
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.noneMatch((name) -> name.startsWith("race-executor-") || name.startsWith("race-scheduler-"));
	}

}
