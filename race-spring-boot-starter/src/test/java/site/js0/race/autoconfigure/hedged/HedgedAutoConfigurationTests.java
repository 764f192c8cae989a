package site.js0.race.autoconfigure.hedged;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

import site.js0.race.AttemptContext;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.spring.EnableHedgedMethods;
import site.js0.race.spring.Hedged;
import site.js0.race.spring.HedgedAnnotationBeanPostProcessor;
import site.js0.race.spring.HedgedAttempt;
import site.js0.race.spring.RaceTemplateResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HedgedAutoConfiguration}.
 */
class HedgedAutoConfigurationTests {

	private static final ThreadLocal<@Nullable String> TENANT = new ThreadLocal<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, HedgedAutoConfiguration.class))
		.withBean(Lookup.class, Lookup::new)
		// A long default step: a call answers in its first attempt, whatever the load.
		.withPropertyValues("race.step=10s", "race.instances.dns.step=10ms", "race.instances.dns.max-attempts=5");

	@Test
	void hedgedMethodsAreProxiedByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasBean(HedgedAnnotationBeanPostProcessor.BEAN_NAME);
			assertThat(context.getBean(Lookup.class).defaultRace()).isEqualTo("default, attempt 0");
		});
	}

	@Test
	void hedgedEnabledFalseLeavesMethodsUnproxied() {
		this.runner.withPropertyValues("race.hedged.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(HedgedAnnotationBeanPostProcessor.class);
			assertThat(context.getBean(Lookup.class)).isNotInstanceOf(Advised.class);
		});
	}

	@Test
	void hedgedNameIsARaceInstancesEntry() {
		this.runner.run((context) -> {
			AttemptContext attempt = context.getBean(Lookup.class).dns();
			assertThat(attempt.raceName()).isEqualTo("dns");
			RaceSettings settings = context.getBean(RaceTemplateResolver.class).getTemplate("dns").settings();
			assertThat(settings.step()).isEqualTo(Duration.ofMillis(10));
			assertThat(settings.maxAttempts()).isEqualTo(5);
		});
	}

	@Test
	void emptyNameIsTheApplicationsOwnRaceTemplate() {
		this.runner
			.withBean(RaceTemplate.class,
					() -> new RaceTemplate(RaceSettings.builder().name("mine").step(Duration.ofSeconds(10)).build()))
			.run((context) -> assertThat(context.getBean(Lookup.class).defaultRace()).isEqualTo("mine, attempt 0"));
	}

	@Test
	void classesAreProxiedAsSpringBootProxiesThem() {
		this.runner.withBean(Greeter.class, SimpleGreeter::new)
			.run((context) -> assertThat(AopUtils.isCglibProxy(context.getBean(Greeter.class))).isTrue());
	}

	@Test
	void proxyTargetClassFalseProxiesInterfaces() {
		this.runner.withBean(Greeter.class, SimpleGreeter::new)
			.withPropertyValues("spring.aop.proxy-target-class=false")
			.run((context) -> assertThat(AopUtils.isJdkDynamicProxy(context.getBean(Greeter.class))).isTrue());
	}

	@Test
	void enableHedgedMethodsInTheApplicationReplacesTheAutoConfiguredPostProcessor() {
		this.runner.withUserConfiguration(EnableWithOrder.class).run((context) -> {
			assertThat(context).hasSingleBean(HedgedAnnotationBeanPostProcessor.class);
			assertThat(context.getBean(HedgedAnnotationBeanPostProcessor.class).getOrder()).isEqualTo(42);
		});
	}

	@Test
	void retryableEnabledByTheApplicationRunsInsideEachAttempt() {
		this.runner.withUserConfiguration(Resilient.class).withBean(Retried.class, Retried::new).run((context) -> {
			Retried retried = context.getBean(Retried.class);
			List<AttemptContext> attempts = retried.call();
			assertThat(attempts).hasSize(3).allSatisfy((attempt) -> assertThat(attempt).isSameAs(attempts.get(0)));
		});
	}

	@Test
	void raceExecutorAppliesTheTaskDecoratorBean() {
		this.runner.withBean(TaskDecorator.class, () -> HedgedAutoConfigurationTests::copyTenant).run((context) -> {
			Executor executor = context.getBean(RaceAutoConfiguration.EXECUTOR_BEAN_NAME, Executor.class);
			CompletableFuture<@Nullable String> seen = new CompletableFuture<>();
			TENANT.set("acme");
			try {
				executor.execute(() -> seen.complete(TENANT.get()));
			}
			finally {
				TENANT.remove();
			}
			assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("acme");
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void raceExecutorOnVirtualThreadsAppliesTheTaskDecoratorBean() throws Exception {
		// Thread.isVirtual() is Java 21 API: called reflectively, as this code targets
		// 17.
		Method isVirtual = Thread.class.getMethod("isVirtual");
		this.runner.withBean(TaskDecorator.class, () -> HedgedAutoConfigurationTests::copyTenant)
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> {
				Executor executor = context.getBean(RaceAutoConfiguration.EXECUTOR_BEAN_NAME, Executor.class);
				CompletableFuture<@Nullable String> seen = new CompletableFuture<>();
				TENANT.set("acme");
				try {
					executor.execute(() -> seen.complete(virtual(isVirtual) + " " + TENANT.get()));
				}
				finally {
					TENANT.remove();
				}
				assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("true acme");
			});
	}

	@Test
	void hedgedEnabledIsDescribedInTheConfigurationMetadata() throws Exception {
		Path metadata = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
		List<Map<String, Object>> hedged = JsonPath.parse(Files.readString(metadata))
			.read("$.properties[?(@.name == 'race.hedged.enabled')]");
		assertThat(hedged).singleElement().satisfies((property) -> {
			assertThat(property).containsEntry("type", "java.lang.Boolean").containsEntry("defaultValue", true);
			assertThat((String) property.get("description")).startsWith("Whether");
		});
	}

	private static boolean virtual(Method isVirtual) {
		try {
			return (boolean) isVirtual.invoke(Thread.currentThread());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
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

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods(order = 42)
	static class EnableWithOrder {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods
	static class Resilient {

	}

	static class Lookup {

		@Hedged
		String defaultRace() {
			AttemptContext attempt = HedgedAttempt.current();
			return attempt.raceName() + ", attempt " + attempt.index();
		}

		@Hedged("dns")
		AttemptContext dns() {
			return HedgedAttempt.current();
		}

	}

	static class Retried {

		private final List<AttemptContext> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Hedged(maxAttempts = 1)
		@Retryable(maxRetries = 2, delay = 0)
		List<AttemptContext> call() {
			this.attempts.add(HedgedAttempt.current());
			if (this.attempts.size() < 3) {
				throw new IllegalStateException("call " + this.attempts.size() + " fails");
			}
			return List.copyOf(this.attempts);
		}

	}

	interface Greeter {

		String greet();

	}

	static class SimpleGreeter implements Greeter {

		@Override
		@Hedged
		public String greet() {
			return "hello";
		}

	}

}
