package site.js0.race.autoconfigure;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskDecorator;

import site.js0.race.RaceTemplate;
import site.js0.race.spring.ContextPropagatingAttemptDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the auto-configured templates run every attempt, hedges started by the timer
 * included, in the context of the thread that started the race.
 */
class RaceTemplateContextTests {

	private static final ThreadLocal<@Nullable String> TENANT = new ThreadLocal<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class))
		.withPropertyValues("race.step=100ms", "race.max-attempts=2", "race.instances.dns.step=100ms");

	@AfterEach
	void clear() {
		MDC.clear();
		TENANT.remove();
	}

	@Test
	void everyTemplateHasTheContextPropagatingDecorator() {
		this.runner.run((context) -> {
			RaceTemplates templates = context.getBean(RaceTemplates.class);
			assertThat(templates.asMap().values()).isNotEmpty()
				.allSatisfy((template) -> assertThat(template.attemptDecorator())
					.containsInstanceOf(ContextPropagatingAttemptDecorator.class));
		});
	}

	@Test
	void hedgeStartedByTheTimerSeesTheStartingThreadsMdc() {
		this.runner.run((context) -> {
			MDC.put("request.id", "r-9");
			String seen = context.getBean(RaceTemplate.class).invokeHedge(new StallFirst());
			assertThat(seen).isEqualTo("call 1: request r-9, tenant null");
		});
	}

	@Test
	void hedgeStartedByTheTimerSeesWhatTheTaskDecoratorBeanCarries() {
		this.runner.withBean(TaskDecorator.class, () -> RaceTemplateContextTests::copyTenant).run((context) -> {
			TENANT.set("acme");
			String seen = context.getBean(RaceTemplates.class).get("dns").invokeHedge(new StallFirst());
			assertThat(seen).isEqualTo("call 1: request null, tenant acme");
		});
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

	/** The first call waits until it is interrupted as the loser; the second answers. */
	private static final class StallFirst implements java.util.concurrent.Callable<String> {

		private final AtomicInteger calls = new AtomicInteger();

		@Override
		public String call() throws InterruptedException {
			int call = this.calls.getAndIncrement();
			if (call == 0) {
				new CountDownLatch(1).await(10, TimeUnit.SECONDS);
				return "too late";
			}
			return "call " + call + ": request " + MDC.get("request.id") + ", tenant " + TENANT.get();
		}

	}

}
