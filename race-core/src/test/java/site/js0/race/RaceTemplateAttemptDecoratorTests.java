package site.js0.race;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RaceTemplate#withAttemptDecorator}: the starting thread's context on
 * every attempt, hedges started later by the timer included.
 */
@Timeout(30)
class RaceTemplateAttemptDecoratorTests {

	private static final ThreadLocal<@Nullable String> CONTEXT = new ThreadLocal<>();

	private final ScheduledThreadPoolExecutor scheduler = RaceExecutors.newScheduler(1, "test-race-scheduler-");

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<String> capturedOn = new CopyOnWriteArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	private final AttemptDecorator decorator = () -> {
		String captured = CONTEXT.get();
		this.capturedOn.add(Thread.currentThread().getName());
		return new AttemptDecorator.Captured() {

			@Override
			public <T> T call(Callable<T> work) throws Exception {
				String previous = CONTEXT.get();
				CONTEXT.set(captured);
				try {
					return work.call();
				}
				finally {
					CONTEXT.set(previous);
				}
			}

		};
	};

	private RaceTemplate template() {
		return new RaceTemplate(RaceSettings.builder()
			.step(Duration.ofMillis(50))
			.scheduler(this.scheduler)
			.executor(this.executor)
			.build());
	}

	@AfterEach
	void shutDown() {
		CONTEXT.remove();
		this.scheduler.shutdownNow();
		this.executor.shutdownNow();
	}

	@Test
	void blockingHedgeStartedByTheTimerRunsInTheStartingThreadsContext() {
		CONTEXT.set("caller");
		String seen = template().withAttemptDecorator(this.decorator).invokeHedge(this::stallFirstThenReadContext);
		assertThat(seen).isEqualTo("attempt 1 saw caller");
		assertThat(this.capturedOn).containsExactly(Thread.currentThread().getName());
	}

	@Test
	void asynchronousHedgeStartedByTheTimerStartsInTheStartingThreadsContext() throws Exception {
		CONTEXT.set("caller");
		CompletableFuture<String> result = template().withAttemptDecorator(this.decorator)
			.firstAsync(List.of(0, 1), (index, attempt) -> (index == 0) ? new CompletableFuture<>()
					: CompletableFuture.completedFuture("attempt " + attempt.index() + " saw " + CONTEXT.get()));
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("attempt 1 saw caller");
		assertThat(this.capturedOn).hasSize(1);
	}

	@Test
	void withoutDecoratorTheHedgeDoesNotSeeTheStartingThreadsContext() {
		CONTEXT.set("caller");
		assertThat(template().invokeHedge(this::stallFirstThenReadContext)).isEqualTo("attempt 1 saw null");
	}

	@Test
	void mutatedTemplateKeepsTheDecorator() {
		CONTEXT.set("caller");
		RaceTemplate mutated = template().withAttemptDecorator(this.decorator)
			.mutate((settings) -> settings.name("other"));
		assertThat(mutated.invokeHedge(this::stallFirstThenReadContext)).isEqualTo("attempt 1 saw caller");
	}

	@Test
	void decoratorCanBeRemovedAgain() {
		CONTEXT.set("caller");
		RaceTemplate plain = template().withAttemptDecorator(this.decorator).withAttemptDecorator(null);
		assertThat(plain.invokeHedge(this::stallFirstThenReadContext)).isEqualTo("attempt 1 saw null");
		assertThat(this.capturedOn).isEmpty();
	}

	/** The first call waits until it is interrupted as the loser; the second answers. */
	private String stallFirstThenReadContext() throws InterruptedException {
		int call = this.calls.getAndIncrement();
		if (call == 0) {
			new CountDownLatch(1).await(10, TimeUnit.SECONDS);
			return "too late";
		}
		return "attempt " + call + " saw " + CONTEXT.get();
	}

}
