package site.js0.race.spring;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import site.js0.race.AttemptContext;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.RaceTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link Hedged @Hedged} methods returning a plain value: when attempts start,
 * what the caller gets, the attempt accessor and the annotation's attributes.
 */
class HedgedMethodsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(HedgedConfiguration.class)
		.withPropertyValues("test.max-attempts=4", "test.step=10ms");

	@Test
	void hedgeAfterTheStepWinsWhenTheFirstCallStalls() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.stallFirst()).isEqualTo("answer of attempt 1");
			assertThat(context.getBean(Probe.class).firstInterrupted.await(5, TimeUnit.SECONDS))
				.as("the losing first call is interrupted")
				.isTrue();
		});
	}

	@Test
	void everyAttemptFailingThrowsTheFirstAttemptsCheckedExceptionWithTheOthersSuppressed() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThatExceptionOfType(IOException.class).isThrownBy(service::alwaysFail)
				.withMessage("attempt 0 failed")
				.satisfies((ex) -> assertThat(ex.getSuppressed()).extracting(Throwable::getMessage)
					.containsExactly("attempt 1 failed", "attempt 2 failed"));
		});
	}

	@Test
	void abortOnExceptionEndsTheRaceAtOnceWithThatException() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(service::rejectArgument)
				.withMessage("bad argument");
			assertThat(context.getBean(Probe.class).calls).hasValue(1);
		});
	}

	@Test
	void deadlinePassingThrowsRaceTimeoutException() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThatExceptionOfType(RaceTimeoutException.class).isThrownBy(service::neverAnswer)
				.satisfies((ex) -> assertThat(ex.getDeadline()).isEqualTo(Duration.ofMillis(50)));
		});
	}

	@Test
	void placeholdersInStringAttributesAreResolved() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThatExceptionOfType(IOException.class).isThrownBy(service::configuredFromProperties)
				.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(3));
			// Attempts may start out of order when the timer and a failure race.
			assertThat(context.getBean(Probe.class).attempts).extracting(AttemptContext::index)
				.containsExactlyInAnyOrder(0, 1, 2, 3);
		});
	}

	@Test
	void attemptAccessorTellsTheFirstCallFromItsHedges() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThatExceptionOfType(IOException.class).isThrownBy(service::configuredFromProperties);
			assertThat(context.getBean(Probe.class).attempts).hasSize(4)
				.allSatisfy((attempt) -> assertThat(attempt.isHedge()).isEqualTo(attempt.index() > 0))
				.filteredOn(AttemptContext::isHedge)
				.hasSize(3);
			assertThat(context.getBean(Probe.class).attempts).extracting(AttemptContext::raceName)
				.containsOnly(RaceSettings.DEFAULT_NAME);
		});
	}

	@Test
	void attemptAccessorOutsideAnAttemptThrowsAndFindIsEmpty() {
		assertThatIllegalStateException().isThrownBy(HedgedAttempt::current)
			.withMessageContaining("No @Hedged attempt");
		assertThat(HedgedAttempt.find()).isEmpty();
	}

	@Test
	void namedTemplateIsTheRaceTemplateBeanOfThatName() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.onNamedTemplate()).isEqualTo("dns");
		});
	}

	@Test
	void raceTemplateResolverBeanChoosesTheTemplate() {
		this.runner
			.withBean(RaceTemplateResolver.class,
					() -> (name) -> new RaceTemplate(
							RaceSettings.builder().name("resolved-" + name).step(Duration.ofMillis(10)).build()))
			.run((context) -> assertThat(context.getBean(Service.class).onNamedTemplate()).isEqualTo("resolved-dns"));
	}

	@Test
	void annotationOnTheClassHedgesEveryMethod() {
		this.runner.run((context) -> {
			ClassLevel service = context.getBean(ClassLevel.class);
			assertThat(service.one()).isEqualTo("one in race default");
			assertThat(service.two()).isEqualTo("two in race default");
		});
	}

	@Test
	void selfInvocationIsNotHedged() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(AopUtils.isAopProxy(service)).isTrue();
			assertThat(service.callsItself()).isEqualTo("outer hedged: true, inner hedged: false");
		});
	}

	@Test
	void beanWithoutHedgedMethodsIsNotProxied() {
		this.runner.withBean(Plain.class)
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(Plain.class))).isFalse());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods
	static class HedgedConfiguration {

		@Bean
		RaceTemplate raceTemplate() {
			return new RaceTemplate(RaceSettings.builder().step(Duration.ofMillis(20)).build());
		}

		@Bean
		@Qualifier("dns")
		RaceTemplate dns() {
			return new RaceTemplate(RaceSettings.builder().name("dns").step(Duration.ofMillis(20)).build());
		}

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		Service service(Probe probe) {
			return new Service(probe);
		}

		@Bean
		ClassLevel classLevel() {
			return new ClassLevel();
		}

	}

	/**
	 * What the service saw; a bean of its own, since fields read through a class proxy
	 * are not the target's.
	 */
	static class Probe {

		final CountDownLatch firstInterrupted = new CountDownLatch(1);

		final AtomicInteger calls = new AtomicInteger();

		final List<AttemptContext> attempts = new CopyOnWriteArrayList<>();

	}

	static class Service {

		private final Probe probe;

		Service(Probe probe) {
			this.probe = probe;
		}

		@Hedged(step = 50)
		String stallFirst() throws InterruptedException {
			AttemptContext attempt = HedgedAttempt.current();
			if (attempt.index() == 0) {
				try {
					new CountDownLatch(1).await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					this.probe.firstInterrupted.countDown();
					throw ex;
				}
				return "answer of attempt 0, too late";
			}
			return "answer of attempt " + attempt.index();
		}

		@Hedged(maxAttempts = 3, step = 10_000)
		String alwaysFail() throws IOException {
			throw new IOException("attempt " + HedgedAttempt.current().index() + " failed");
		}

		@Hedged(maxAttempts = 3, step = 10_000, abortOn = IllegalArgumentException.class)
		String rejectArgument() {
			this.probe.calls.incrementAndGet();
			throw new IllegalArgumentException("bad argument");
		}

		@Hedged(step = 10, maxAttempts = 2, deadline = 50)
		String neverAnswer() throws InterruptedException {
			new CountDownLatch(1).await(10, TimeUnit.SECONDS);
			return "too late";
		}

		@Hedged(maxAttemptsString = "${test.max-attempts}", stepString = "${test.step}")
		String configuredFromProperties() throws IOException {
			this.probe.attempts.add(HedgedAttempt.current());
			throw new IOException("attempt " + HedgedAttempt.current().index() + " failed");
		}

		@Hedged("dns")
		String onNamedTemplate() {
			return HedgedAttempt.current().raceName();
		}

		@Hedged
		String callsItself() {
			return "outer hedged: " + HedgedAttempt.find().isPresent() + ", inner hedged: " + inner();
		}

		@Hedged
		boolean inner() {
			return HedgedAttempt.find().map((attempt) -> attempt != HedgedAttempt.current()).orElse(false);
		}

	}

	@Hedged
	static class ClassLevel {

		String one() {
			return "one in race " + HedgedAttempt.current().raceName();
		}

		String two() {
			return "two in race " + HedgedAttempt.current().raceName();
		}

	}

	static class Plain {

		String hello() {
			return "hello";
		}

	}

}
