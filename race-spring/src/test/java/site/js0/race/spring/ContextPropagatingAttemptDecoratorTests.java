package site.js0.race.spring;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContextPropagatingAttemptDecorator} on a plain {@link RaceTemplate}.
 */
class ContextPropagatingAttemptDecoratorTests {

	private static final ThreadLocal<@Nullable String> TENANT = new ThreadLocal<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final AtomicInteger calls = new AtomicInteger();

	private final RaceTemplate template = new RaceTemplate(
			RaceSettings.builder().step(Duration.ofMillis(100)).maxAttempts(2).build());

	ContextPropagatingAttemptDecoratorTests() {
		this.registry.observationConfig().observationHandler((context) -> true);
	}

	@AfterEach
	void clear() {
		MDC.clear();
		TENANT.remove();
	}

	@Test
	void hedgeStartedByTheTimerRunsWithTheStartingThreadsObservationAndMdc() {
		Observation request = Observation.start("request", this.registry);
		String seen;
		try (Observation.Scope scope = request.openScope()) {
			MDC.put("request.id", "r-1");
			seen = this.template.withAttemptDecorator(new ContextPropagatingAttemptDecorator())
				.invokeHedge(this::stallFirstThenRead);
		}
		finally {
			request.stop();
		}
		assertThat(seen).isEqualTo("call 1: request r-1, observation request, tenant null");
	}

	@Test
	void hedgeRunsWithWhatTheTaskDecoratorCarries() {
		TENANT.set("acme");
		String seen = this.template
			.withAttemptDecorator(
					new ContextPropagatingAttemptDecorator(ContextPropagatingAttemptDecoratorTests::copyTenant))
			.invokeHedge(this::stallFirstThenRead);
		assertThat(seen).isEqualTo("call 1: request null, observation none, tenant acme");
	}

	@Test
	void attemptThreadGetsItsOwnMdcBackAfterTheAttempt() {
		MDC.put("request.id", "r-2");
		RaceTemplate decorated = this.template.withAttemptDecorator(new ContextPropagatingAttemptDecorator());
		// One thread runs both races: the undecorated second one must not find the
		// first one's MDC left on it.
		ExecutorService single = Executors.newSingleThreadExecutor();
		try {
			RaceTemplate onOneThread = decorated.mutate((settings) -> settings.executor(single).maxAttempts(1));
			assertThat(onOneThread.invokeHedge(() -> MDC.get("request.id"))).isEqualTo("r-2");
			RaceTemplate undecorated = onOneThread.withAttemptDecorator(null);
			assertThat(undecorated.invokeHedge(() -> String.valueOf(MDC.get("request.id")))).isEqualTo("null");
		}
		finally {
			single.shutdownNow();
		}
	}

	private String stallFirstThenRead() throws InterruptedException {
		int call = this.calls.getAndIncrement();
		if (call == 0) {
			new CountDownLatch(1).await(10, TimeUnit.SECONDS);
			return "too late";
		}
		Observation current = this.registry.getCurrentObservation();
		return "call " + call + ": request " + MDC.get("request.id") + ", observation "
				+ ((current != null) ? current.getContext().getName() : "none") + ", tenant " + TENANT.get();
	}

	private static Runnable copyTenant(Runnable task) {
		String tenant = TENANT.get();
		return () -> {
			TENANT.set(tenant);
			try {
				task.run();
			}
			finally {
				TENANT.remove();
			}
		};
	}

}
