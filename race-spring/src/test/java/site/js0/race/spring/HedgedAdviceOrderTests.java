package site.js0.race.spring;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.aop.Advice;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import site.js0.race.AttemptContext;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of where the hedging advice sits relative to Spring's {@code @Retryable},
 * {@code @ConcurrencyLimit} and {@code @Transactional}: outermost by default, so that
 * each attempt is its own retried, limited, transactional call.
 */
class HedgedAdviceOrderTests {

	// @EnableHedgedMethods first: its post-processor is registered before Spring's, and
	// still runs after them, by its order.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(HedgedConfiguration.class, ResilientConfiguration.class);

	@Test
	void hedgingAdviceComesBeforeRetryConcurrencyLimitAndTransactionAdvice() {
		this.runner.run((context) -> {
			List<String> advice = adviceOf(context.getBean(OrderedService.class));
			assertThat(advice).hasSize(4);
			assertThat(advice.get(0)).isEqualTo(HedgedInterceptor.class.getName());
			assertThat(advice.subList(1, 4)).anyMatch((name) -> name.contains("Retry"))
				.anyMatch((name) -> name.contains("Concurrency"))
				.anyMatch((name) -> name.contains("TransactionInterceptor"));
		});
	}

	@Test
	void eachAttemptRunsInATransactionOfItsOwn() {
		this.runner.run((context) -> {
			OrderedService service = context.getBean(OrderedService.class);
			assertThat(service.transactional()).isEqualTo("attempt 1 in a transaction");
			assertThat(context.getBean(CountingTransactionManager.class).begun).hasValue(2);
		});
	}

	@Test
	void retriesHappenInsideOneAttempt() {
		this.runner.run((context) -> {
			OrderedService service = context.getBean(OrderedService.class);
			assertThat(service.retried()).isEqualTo("third call");
			Probe probe = context.getBean(Probe.class);
			assertThat(probe.attempts).hasSize(3);
			assertThat(probe.attempts).allSatisfy((attempt) -> assertThat(attempt).isSameAs(probe.attempts.get(0)));
		});
	}

	@Test
	void higherPrecedenceOrderPutsRetryOutsideHedging() {
		new ApplicationContextRunner()
			.withUserConfiguration(ResilientConfiguration.class, EarlyHedgedConfiguration.class)
			.run((context) -> {
				OrderedService service = context.getBean(OrderedService.class);
				List<String> advice = adviceOf(service);
				int retry = advice.indexOf(advice.stream().filter((name) -> name.contains("Retry")).findFirst().get());
				assertThat(advice.indexOf(HedgedInterceptor.class.getName())).isGreaterThan(retry);
				assertThat(service.retried()).isEqualTo("third call");
				Probe probe = context.getBean(Probe.class);
				assertThat(probe.attempts).hasSize(3).doesNotHaveDuplicates();
			});
	}

	private static List<String> adviceOf(Object bean) {
		assertThat(bean).isInstanceOf(Advised.class);
		return Arrays.stream(((Advised) bean).getAdvisors())
			.map(Advisor::getAdvice)
			.map(Advice::getClass)
			.map(Class::getName)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods
	@EnableTransactionManagement
	static class ResilientConfiguration {

		@Bean
		RaceTemplate raceTemplate() {
			return new RaceTemplate(RaceSettings.builder().step(Duration.ofSeconds(10)).maxAttempts(2).build());
		}

		@Bean
		CountingTransactionManager transactionManager() {
			return new CountingTransactionManager();
		}

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		OrderedService orderedService(Probe probe) {
			return new OrderedService(probe);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods
	static class HedgedConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods(order = Ordered.HIGHEST_PRECEDENCE)
	static class EarlyHedgedConfiguration {

	}

	static class Probe {

		final List<AttemptContext> attempts = new CopyOnWriteArrayList<>();

		final AtomicInteger calls = new AtomicInteger();

	}

	static class OrderedService {

		private final Probe probe;

		OrderedService(Probe probe) {
			this.probe = probe;
		}

		@Hedged
		@Retryable(maxRetries = 0)
		@ConcurrencyLimit(10)
		@Transactional
		String transactional() {
			int index = HedgedAttempt.current().index();
			if (!TransactionSynchronizationManager.isActualTransactionActive()) {
				return "attempt " + index + " without a transaction";
			}
			if (index == 0) {
				throw new IllegalStateException("the first attempt fails, the second starts at once");
			}
			return "attempt " + index + " in a transaction";
		}

		/**
		 * Fails on its first two calls: with hedging outside, all three are retries
		 * within the first attempt; with retry outside, each is an attempt of a race of
		 * its own.
		 */
		@Hedged(maxAttempts = 1)
		@Retryable(maxRetries = 2, delay = 0)
		String retried() {
			this.probe.attempts.add(HedgedAttempt.current());
			int call = this.probe.calls.incrementAndGet();
			if (call < 3) {
				throw new IllegalStateException("call " + call + " fails");
			}
			return "third call";
		}

	}

	@SuppressWarnings("serial")
	static class CountingTransactionManager extends AbstractPlatformTransactionManager {

		final AtomicInteger begun = new AtomicInteger();

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			this.begun.incrementAndGet();
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
