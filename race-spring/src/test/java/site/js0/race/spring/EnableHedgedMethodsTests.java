package site.js0.race.spring;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EnableHedgedMethods @EnableHedgedMethods}: what it registers, its
 * attributes, and the runtime hints of {@link Hedged @Hedged} methods.
 */
class EnableHedgedMethodsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withBean(RaceTemplate.class,
				() -> new RaceTemplate(RaceSettings.builder().step(Duration.ofSeconds(10)).build()))
		.withBean(Greeter.class, SimpleGreeter::new);

	@Test
	void registersThePostProcessorAsAnInfrastructureBean() {
		this.runner.withUserConfiguration(EnableDefault.class).run((context) -> {
			assertThat(context).hasBean(HedgedAnnotationBeanPostProcessor.BEAN_NAME);
			assertThat(
					context.getBeanFactory().getBeanDefinition(HedgedAnnotationBeanPostProcessor.BEAN_NAME).getRole())
				.isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
		});
	}

	@Test
	void proxiesTheInterfacesOfABeanWithHedgedMethods() {
		this.runner.withUserConfiguration(EnableDefault.class).run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
			assertThat(greeter.greet()).isEqualTo("hello from attempt 0");
		});
	}

	@Test
	void proxyTargetClassMakesClassProxies() {
		this.runner.withUserConfiguration(EnableWithClassProxies.class).run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(AopUtils.isCglibProxy(greeter)).isTrue();
			assertThat(greeter.greet()).isEqualTo("hello from attempt 0");
		});
	}

	@Test
	void orderIsAppliedToThePostProcessor() {
		this.runner.withUserConfiguration(EnableWithClassProxies.class)
			.run((context) -> assertThat(context.getBean(HedgedAnnotationBeanPostProcessor.class).getOrder())
				.isEqualTo(42));
	}

	@Test
	void withoutTheAnnotationNothingIsHedged() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(HedgedAnnotationBeanPostProcessor.class);
			assertThat(context.getBean(Greeter.class)).isNotInstanceOf(Advised.class);
		});
	}

	@Test
	void hedgedMethodsAreRegisteredForReflectionForAheadOfTimeProcessing() {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, SimpleGreeter.class, HedgedClass.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SimpleGreeter.class, "greet")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(HedgedClass.class)).accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods
	static class EnableDefault {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods(proxyTargetClass = true, order = 42)
	static class EnableWithClassProxies {

		@Bean
		AtomicBoolean unrelated() {
			return new AtomicBoolean();
		}

	}

	interface Greeter {

		String greet();

	}

	static class SimpleGreeter implements Greeter {

		@Override
		@Hedged
		public String greet() {
			return "hello from attempt " + HedgedAttempt.current().index();
		}

	}

	@Hedged
	static class HedgedClass {

	}

}
