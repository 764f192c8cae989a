package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that is down, failing fast or stalling: however the attempts end, no race
 * launches more than max attempts, so the extra load is bounded by
 * {@code maxAttempts - 1} per request.
 */
@Timeout(60)
class RaceHedgeStormTests {

	private static final int RACES = 2_000;

	private static final int MAX_ATTEMPTS = 4;

	private final ScheduledThreadPoolExecutor scheduler = RaceExecutors.newScheduler(1, "storm-scheduler-");

	private final ScheduledThreadPoolExecutor backend = RaceExecutors.newScheduler(1, "storm-backend-");

	private final Map<RaceInfo, AtomicInteger> launchesPerRace = new ConcurrentHashMap<>();

	@AfterEach
	void shutDown() {
		this.scheduler.shutdownNow();
		this.backend.shutdownNow();
	}

	private RaceTemplate template(Duration deadline) {
		return new RaceTemplate(RaceSettings.builder()
			.step(Duration.ofMillis(1))
			.maxAttempts(MAX_ATTEMPTS)
			// The bound of max attempts alone; HedgeBudgetTests bound a storm by the
			// budget.
			.noHedgeBudget()
			.deadline(deadline)
			.scheduler(this.scheduler)
			.executor(Runnable::run)
			.listener(new RaceListener() {
				@Override
				public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
					RaceHedgeStormTests.this.launchesPerRace.computeIfAbsent(race, (key) -> new AtomicInteger())
						.incrementAndGet();
				}
			})
			.build());
	}

	@Test
	void backendFailingFastNeverGetsMoreThanMaxAttemptsPerRequest() {
		// Every failure is immediate, so each race launches exactly max attempts, long
		// before this generous deadline.
		RaceTemplate template = template(Duration.ofMinutes(1));
		List<CompletableFuture<String>> results = new java.util.ArrayList<>();
		for (int i = 0; i < RACES; i++) {
			results.add(template.hedgeAsync(() -> CompletableFuture.failedFuture(new IOException("503"))));
		}
		CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).handle((v, ex) -> null).join();
		assertThat(results).allSatisfy((result) -> assertThat(result).isCompletedExceptionally());
		assertThat(this.launchesPerRace).hasSize(RACES);
		assertThat(this.launchesPerRace.values()).allSatisfy((launches) -> assertThat(launches).hasValue(MAX_ATTEMPTS));
	}

	@Test
	void backendStallingOrFailingSlowlyNeverGetsMoreThanMaxAttemptsPerRequest() {
		RaceTemplate template = template(Duration.ofMillis(200));
		List<CompletableFuture<String>> results = new java.util.ArrayList<>();
		for (int i = 0; i < RACES; i++) {
			results.add(template.hedgeAsync(() -> {
				CompletableFuture<String> call = new CompletableFuture<>();
				if (ThreadLocalRandom.current().nextBoolean()) {
					this.backend.schedule(() -> call.completeExceptionally(new IOException("timeout")),
							ThreadLocalRandom.current().nextInt(5), TimeUnit.MILLISECONDS);
				}
				return call;
			}));
		}
		CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).handle((v, ex) -> null).join();
		assertThat(results).allSatisfy((result) -> assertThat(result).isCompletedExceptionally());
		int total = this.launchesPerRace.values().stream().mapToInt(AtomicInteger::get).sum();
		assertThat(this.launchesPerRace.values())
			.allSatisfy((launches) -> assertThat(launches.get()).isBetween(1, MAX_ATTEMPTS));
		assertThat(total).isLessThanOrEqualTo(RACES * MAX_ATTEMPTS);
	}

}
