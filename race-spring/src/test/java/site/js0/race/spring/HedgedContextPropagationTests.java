package site.js0.race.spring;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every attempt of a {@link Hedged @Hedged} call, hedges started later by the
 * timer included, runs in the caller's context: MDC, the current observation (and so the
 * trace), and what a {@link TaskDecorator} bean carries.
 */
class HedgedContextPropagationTests {

	private static final ThreadLocal<@Nullable String> TENANT = new ThreadLocal<>();

	private final SimpleTracer tracer = new SimpleTracer();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ContextConfiguration.class)
		.withBean(ObservationRegistry.class, () -> this.registry)
		.withBean(SimpleTracer.class, () -> this.tracer);

	HedgedContextPropagationTests() {
		this.registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer));
	}

	@AfterEach
	void clearCallerContext() {
		MDC.clear();
		TENANT.remove();
	}

	@Test
	void hedgeStartedByTheTimerAfterTheStepSeesTheCallersTraceAndMdc() {
		this.runner.run((context) -> {
			ContextService service = context.getBean(ContextService.class);
			Observation request = Observation.start("request", this.registry);
			String traceId;
			long calledAt;
			Seen seen;
			try (Observation.Scope scope = request.openScope()) {
				traceId = this.tracer.currentSpan().context().traceId();
				MDC.put("request.id", "r-42");
				calledAt = System.nanoTime();
				seen = service.firstStalls();
			}
			finally {
				request.stop();
			}
			assertThat(seen.index()).isEqualTo(1);
			assertThat(Duration.ofNanos(seen.startedAt() - calledAt)).as("the hedge starts one step after the call")
				.isGreaterThanOrEqualTo(Duration.ofMillis(100));
			assertThat(seen.thread()).isNotEqualTo(Thread.currentThread().getName());
			assertThat(seen.mdc()).isEqualTo("r-42");
			assertThat(seen.traceId()).isEqualTo(traceId);
			assertThat(MDC.get("request.id")).as("the caller's MDC is left as it was").isEqualTo("r-42");
		});
	}

	@Test
	void hedgeStartedByTheTimerSeesWhatTheTaskDecoratorCarries() {
		this.runner.withBean(TaskDecorator.class, () -> HedgedContextPropagationTests::copyTenant).run((context) -> {
			ContextService service = context.getBean(ContextService.class);
			TENANT.set("acme");
			Seen seen = service.firstStalls();
			assertThat(seen.index()).isEqualTo(1);
			assertThat(seen.tenant()).isEqualTo("acme");
		});
	}

	@Test
	void withoutTaskDecoratorTheTenantIsNotCarried() {
		this.runner.run((context) -> {
			ContextService service = context.getBean(ContextService.class);
			TENANT.set("acme");
			assertThat(service.firstStalls().tenant()).isNull();
		});
	}

	@Test
	void asynchronousHedgeStartedByTheTimerSeesTheCallersMdcAndTrace() {
		this.runner.run((context) -> {
			ContextService service = context.getBean(ContextService.class);
			Observation request = Observation.start("request", this.registry);
			String traceId;
			long calledAt;
			CompletableFuture<Seen> result;
			try (Observation.Scope scope = request.openScope()) {
				traceId = this.tracer.currentSpan().context().traceId();
				MDC.put("request.id", "r-43");
				calledAt = System.nanoTime();
				result = service.firstNeverCompletes();
			}
			Seen seen = result.get(5, TimeUnit.SECONDS);
			request.stop();
			assertThat(seen.index()).isEqualTo(1);
			assertThat(Duration.ofNanos(seen.startedAt() - calledAt)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
			assertThat(seen.thread()).isNotEqualTo(Thread.currentThread().getName());
			assertThat(seen.mdc()).isEqualTo("r-43");
			assertThat(seen.traceId()).isEqualTo(traceId);
		});
	}

	private static Runnable copyTenant(Runnable task) {
		String tenant = TENANT.get();
		return () -> {
			String previous = TENANT.get();
			TENANT.set(tenant);
			try {
				task.run();
			}
			finally {
				TENANT.set(previous);
			}
		};
	}

	record Seen(int index, long startedAt, String thread, @Nullable String mdc, @Nullable String traceId,
			@Nullable String tenant) {

		static Seen now(SimpleTracer tracer) {
			io.micrometer.tracing.Span span = tracer.currentSpan();
			return new Seen(HedgedAttempt.current().index(), System.nanoTime(), Thread.currentThread().getName(),
					MDC.get("request.id"), (span != null) ? span.context().traceId() : null, TENANT.get());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods
	static class ContextConfiguration {

		@Bean
		RaceTemplate raceTemplate() {
			return new RaceTemplate(RaceSettings.builder().step(Duration.ofMillis(100)).maxAttempts(2).build());
		}

		@Bean
		ContextService contextService(SimpleTracer tracer) {
			return new ContextService(tracer);
		}

	}

	static class ContextService {

		private final SimpleTracer tracer;

		ContextService(SimpleTracer tracer) {
			this.tracer = tracer;
		}

		/**
		 * The first attempt waits until it is interrupted as the loser; the hedge answers
		 * at once with what it saw.
		 */
		@Hedged
		Seen firstStalls() throws InterruptedException {
			if (HedgedAttempt.current().index() == 0) {
				new CountDownLatch(1).await(10, TimeUnit.SECONDS);
			}
			return Seen.now(this.tracer);
		}

		@Hedged
		CompletableFuture<Seen> firstNeverCompletes() {
			if (HedgedAttempt.current().index() == 0) {
				return new CompletableFuture<>();
			}
			return CompletableFuture.completedFuture(Seen.now(this.tracer));
		}

	}

}
