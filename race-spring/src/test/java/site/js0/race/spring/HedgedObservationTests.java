package site.js0.race.spring;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.RaceTimeoutException;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the observation of {@link Hedged @Hedged} calls.
 */
class HedgedObservationTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ObservedConfiguration.class)
		.withBean(ObservationRegistry.class, () -> this.registry);

	@Test
	void successfulCallIsAnObservationWithRaceNameAndOutcome() {
		this.runner.run((context) -> {
			assertThat(context.getBean(ObservedService.class).firstStalls()).isEqualTo("attempt 1");
			assertThat(this.registry).hasSingleObservationThat()
				.hasNameEqualTo("race")
				.hasContextualNameEqualTo("race default")
				.hasLowCardinalityKeyValue("race.name", "default")
				.hasLowCardinalityKeyValue("race.outcome", "success")
				.hasLowCardinalityKeyValue("exception", "none")
				.hasLowCardinalityKeyValue("code.function", "firstStalls")
				.hasHighCardinalityKeyValue("race.attempts", "2")
				.hasBeenStarted()
				.hasBeenStopped();
		});
	}

	@Test
	void callWhoseAttemptsAllFailIsObservedAsFailureWithTheExceptionTheCallerGets() {
		this.runner.run((context) -> {
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> context.getBean(ObservedService.class).alwaysFails());
			assertThat(this.registry).hasSingleObservationThat()
				.hasLowCardinalityKeyValue("race.outcome", "failure")
				.hasLowCardinalityKeyValue("exception", "IOException")
				.assertThatError()
				.isInstanceOf(IOException.class)
				.hasMessage("attempt 0 failed");
		});
	}

	@Test
	void callPastItsDeadlineIsObservedAsTimeout() {
		this.runner.run((context) -> {
			assertThatExceptionOfType(RaceTimeoutException.class)
				.isThrownBy(() -> context.getBean(ObservedService.class).neverAnswers());
			assertThat(this.registry).hasSingleObservationThat()
				.hasLowCardinalityKeyValue("race.outcome", "timeout")
				.hasLowCardinalityKeyValue("exception", "RaceTimeoutException");
		});
	}

	@Test
	void attemptsRunWithTheCallsObservationAsCurrentWhoseParentIsTheCallers() {
		this.runner.run((context) -> {
			Observation caller = Observation.start("caller", this.registry);
			try (Observation.Scope scope = caller.openScope()) {
				List<Observation.@Nullable ContextView> seen = context.getBean(ObservedService.class)
					.currentObservations();
				assertThat(seen).hasSize(2).allSatisfy((current) -> {
					assertThat(current).isInstanceOf(RaceObservationContext.class);
					assertThat(current.getParentObservation()).isSameAs(caller);
				});
			}
			finally {
				caller.stop();
			}
		});
	}

	@Test
	void everyAttemptIsAnEventOfTheCallsObservation() {
		List<String> events = new CopyOnWriteArrayList<>();
		ObservationRegistry recording = ObservationRegistry.create();
		recording.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onEvent(Observation.Event event, Observation.Context context) {
				events.add(event.getName() + ": " + event.getContextualName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.runner
			.withBean("recordingRegistry", ObservationRegistry.class, () -> recording,
					(definition) -> definition.setPrimary(true))
			.run((context) -> {
				context.getBean(ObservedService.class).firstStalls();
				assertThat(events).contains("race.attempt.started: attempt 0 started",
						"race.attempt.started: attempt 1 started", "race.attempt.ended: attempt 1 succeeded");
			});
	}

	@Test
	void conventionBeanNamesTheObservation() {
		this.runner.withBean(RaceObservationConvention.class, () -> new DefaultRaceObservationConvention() {

			@Override
			public String getName() {
				return "hedged.call";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(RaceObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("team", "search");
			}

		}).run((context) -> {
			context.getBean(ObservedService.class).firstStalls();
			assertThat(this.registry).hasSingleObservationThat()
				.hasNameEqualTo("hedged.call")
				.hasLowCardinalityKeyValue("team", "search");
		});
	}

	@Test
	void documentationListsTheKeysTheDefaultConventionWrites() {
		assertThat(RaceObservationDocumentation.HEDGED_CALL.getDefaultConvention())
			.isEqualTo(DefaultRaceObservationConvention.class);
		assertThat(RaceObservationDocumentation.HEDGED_CALL.getLowCardinalityKeyNames())
			.extracting(io.micrometer.common.docs.KeyName::asString)
			.containsExactly("race.name", "race.outcome", "exception", "code.namespace", "code.function");
		RaceObservationContext context = new RaceObservationContext("dns",
				ObservedService.class.getDeclaredMethods()[0], ObservedService.class);
		assertThat(new DefaultRaceObservationConvention().getLowCardinalityKeyValues(context))
			.extracting(io.micrometer.common.KeyValue::getKey)
			.containsExactly("code.function", "code.namespace", "exception", "race.name", "race.outcome");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods
	static class ObservedConfiguration {

		@Bean
		RaceTemplate raceTemplate() {
			return new RaceTemplate(RaceSettings.builder().step(Duration.ofMillis(20)).maxAttempts(2).build());
		}

		@Bean
		ObservedService observedService(ObservationRegistry registry) {
			return new ObservedService(registry);
		}

	}

	static class ObservedService {

		private final List<Observation.@Nullable ContextView> seen = new CopyOnWriteArrayList<>();

		private final ObservationRegistry registry;

		ObservedService(ObservationRegistry registry) {
			this.registry = registry;
		}

		@Hedged
		String firstStalls() throws InterruptedException {
			int index = HedgedAttempt.current().index();
			if (index == 0) {
				new CountDownLatch(1).await(10, TimeUnit.SECONDS);
			}
			return "attempt " + index;
		}

		@Hedged(step = 10_000)
		String alwaysFails() throws IOException {
			throw new IOException("attempt " + HedgedAttempt.current().index() + " failed");
		}

		@Hedged(deadline = 50)
		String neverAnswers() throws InterruptedException {
			new CountDownLatch(1).await(10, TimeUnit.SECONDS);
			return "too late";
		}

		// The second attempt starts when the first fails, after it has recorded.
		@Hedged(step = 10_000)
		List<Observation.@Nullable ContextView> currentObservations() {
			Observation current = this.registry.getCurrentObservation();
			this.seen.add((current != null) ? current.getContext() : null);
			if (HedgedAttempt.current().index() == 0) {
				throw new IllegalStateException("let the second attempt answer");
			}
			return List.copyOf(this.seen);
		}

	}

}
