package site.js0.race.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import site.js0.race.RaceFailedException;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The bad-input table: every way to get a setting wrong, through the builder or through
 * {@code race.*} properties, ends in a clear error that names the setting and what it
 * accepts; none hangs or starts anyway.
 */
class RaceBadInputTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class));

	static Stream<Arguments> builderRows() {
		return Stream.of(
				builder("negative step", (b) -> b.step(Duration.ofMillis(-1)), IllegalArgumentException.class,
						"step must be zero or positive", "zero launches every attempt at once"),
				builder("null step", (b) -> b.step(null), NullPointerException.class, "step must not be null", "null"),
				builder("zero max attempts", (b) -> b.maxAttempts(0), IllegalArgumentException.class, "maxAttempts",
						"between 1 and 2147483647"),
				builder("negative max attempts", (b) -> b.maxAttempts(-3), IllegalArgumentException.class,
						"maxAttempts", "between 1 and 2147483647"),
				builder("zero deadline", (b) -> b.deadline(Duration.ZERO), IllegalArgumentException.class, "deadline",
						"must be positive"),
				builder("negative deadline", (b) -> b.deadline(Duration.ofSeconds(-1)), IllegalArgumentException.class,
						"deadline", "must be positive"),
				builder("null deadline", (b) -> b.deadline(null), NullPointerException.class, "deadline",
						"use noDeadline()"),
				builder("blank name", (b) -> b.name(" "), IllegalArgumentException.class, "name", "must not be blank"),
				builder("null success predicate", (b) -> b.successPredicate(null), NullPointerException.class,
						"successPredicate", "must not be null"),
				builder("null abort predicate", (b) -> b.abortPredicate(null), NullPointerException.class,
						"abortPredicate", "must not be null"),
				builder("null scheduler", (b) -> b.scheduler(null), NullPointerException.class, "scheduler",
						"must not be null"),
				builder("null executor", (b) -> b.executor(null), NullPointerException.class, "executor",
						"must not be null"),
				builder("null listener", (b) -> b.listener(null), NullPointerException.class, "listener",
						"must not be null"),
				Arguments.of("null task", (ThrowingCall) () -> new RaceTemplate().firstAsync(List.of("a"), null),
						NullPointerException.class, "task", "must not be null"),
				Arguments.of("null arguments", (ThrowingCall) () -> new RaceTemplate().submitFirst(null, (a, c) -> a),
						NullPointerException.class, "arguments", "must not be null"),
				Arguments.of("empty arguments", (ThrowingCall) () -> {
					CompletableFuture<Object> result = new RaceTemplate().submitFirst(List.of(), (a, c) -> a);
					try {
						result.get();
					}
					catch (ExecutionException ex) {
						throw ex.getCause();
					}
				}, RaceFailedException.class, "has no arguments", "nothing to attempt"));
	}

	private static Arguments builder(String row, Consumer<RaceSettings.Builder> change, Class<?> type, String setting,
			String range) {
		ThrowingCall call = () -> {
			RaceSettings.Builder builder = RaceSettings.builder();
			change.accept(builder);
			builder.build();
		};
		return Arguments.of(row, call, type, setting, range);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builderRows")
	void builderRejectsBadInputNamingTheSettingAndRange(String row, ThrowingCall call, Class<?> type, String setting,
			String range) {
		Throwable failure = catchThrowable(call::run);
		assertThat(failure).as(row).isInstanceOf(type);
		assertThat(failure.getMessage()).as(row).contains(setting).contains(range);
	}

	static Stream<Arguments> propertyRows() {
		return Stream.of(properties("race.step", "zero or positive", "race.step=-1s"),
				properties("race.step", "a duration of zero or more", "race.step=fast"),
				properties("race.max-attempts", "between 1 and 2147483647", "race.max-attempts=0"),
				properties("race.max-attempts", "a whole number from 1 to 2147483647", "race.max-attempts=abc"),
				properties("race.deadline", "positive", "race.deadline=0s"),
				properties("race.deadline", "a positive duration", "race.deadline=soon"),
				properties("race.deadline", "(max-attempts - 1) * step", "race.deadline=1s", "race.step=600ms",
						"race.failure-advances=false"),
				properties("race.failure-advances", "true or false", "race.failure-advances=maybe"),
				properties("race.instances.dns.step", "zero or positive", "race.instances.dns.step=-5ms"),
				properties("race.instances.dns.max-attempts", "between 1 and 2147483647",
						"race.instances.dns.max-attempts=0"),
				properties("race.instances.dns.deadline", "a positive duration", "race.instances.dns.deadline=never"),
				properties("race.scheduler.pool-size", "at least 1", "race.scheduler.pool-size=0"),
				properties("race.executor.keep-alive", "zero or positive", "race.executor.keep-alive=-1ms"),
				properties("race.shutdown.await-termination", "0s or more", "race.shutdown.await-termination=-1s"),
				properties("race.metrics.percentiles", "between 0.0 and 1.0", "race.metrics.percentiles=0.5,95"),
				properties("race.instances.[ ]", "must not be blank", "race.instances.[ ].step=1s"),
				properties("race.instances.step", "race.instances.<name>.<setting>", "race.instances.[].step=1s"),
				properties("race.metrics.percentiles[0]", "between 0.0 and 1.0", "race.metrics.percentiles=NaN"),
				properties("race.deadline", "more than 106751d", "race.step=106751d", "race.failure-advances=false",
						"race.deadline=1s"),
				properties("race.scheduler.thread-name-prefix", "must not be blank",
						"race.scheduler.thread-name-prefix= "),
				properties("race.executor.thread-name-prefix", "must not be blank",
						"race.executor.thread-name-prefix="),
				properties("race.step", "at most 106751d", "race.step=106752d"),
				properties("race.step", "at most 106751d", "race.step=PT2562047788015216H"),
				properties("race.instances.dns.step", "at most 106751d", "race.instances.dns.step=300000000000000s"),
				properties("race.deadline", "at most 106751d", "race.deadline=106752d"),
				properties("race.instances.dns.deadline", "at most 106751d", "race.instances.dns.deadline=106752d"),
				properties("race.executor.keep-alive", "at most 106751d", "race.executor.keep-alive=3000000000000s"),
				properties("race.shutdown.await-termination", "at most 106751d",
						"race.shutdown.await-termination=3000000000000s"),
				properties("race.adaptive.percentile", "greater than 0 and less than 100",
						"race.adaptive.percentile=100"),
				properties("race.instances.dns.adaptive.percentile", "greater than 0 and less than 100",
						"race.instances.dns.adaptive.percentile=NaN"),
				properties("race.adaptive.percentile", "a number greater than 0 and less than 100",
						"race.adaptive.percentile=high"),
				properties("race.adaptive.min-samples", "at least 1", "race.adaptive.min-samples=0"),
				properties("race.instances.dns.adaptive.max-step", "below the shortest, race.adaptive.min-step=50ms",
						"race.adaptive.min-step=50ms", "race.instances.dns.adaptive.max-step=10ms"),
				properties("race.adaptive.min-step", "zero or positive", "race.adaptive.min-step=-1ms"),
				properties("race.adaptive.window", "between 10ms and 1d", "race.adaptive.window=1ms"),
				properties("race.budget.ratio", "a finite number of 0 or more", "race.budget.ratio=-0.5"),
				properties("race.budget.min-per-second", "a finite number of 0 or more",
						"race.budget.min-per-second=Infinity"),
				properties("race.instances.dns.budget.window", "between 10ms and 1d",
						"race.instances.dns.budget.window=2d"),
				properties("race.schedule", "absolute or relative", "race.schedule=sideways"),
				properties("race.shadow", "true or false", "race.shadow=perhaps"));
	}

	private static Arguments properties(String setting, String range, String... properties) {
		return Arguments.of(String.join(", ", properties), properties, setting, range);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("propertyRows")
	void badPropertyStopsStartUpWithAnAnalysisNamingThePropertyAndRange(String row, String[] properties, String setting,
			String range) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis).as(row + ": failure analysis").isNotNull();
			String text = analysis.getDescription() + "\n" + analysis.getAction();
			assertThat(text).as(row).contains(setting).contains(range);
		});
	}

	@org.junit.jupiter.api.Test
	void unknownInstanceStopsStartUpListingTheKnownInstances() {
		this.runner.withPropertyValues("race.instances.dns.step=50ms")
			.withUserConfiguration(UnknownInstanceUser.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("dnz").contains("dns");
				assertThat(analysis.getAction()).contains("race.instances.dnz");
			});
	}

	/**
	 * Analyse a start-up failure as Spring Boot does: the registered analyzers in order,
	 * the first analysis wins.
	 */
	private static FailureAnalysis analyze(Throwable failure) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(RaceBadInputTests.class.getClassLoader())
			.load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(),
					SpringFactoriesLoader.FailureHandler
						.logging(org.apache.commons.logging.LogFactory.getLog(RaceBadInputTests.class)));
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

	@FunctionalInterface
	interface ThrowingCall {

		void run() throws Throwable;

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownInstanceUser {

		@Bean
		RaceTemplate dnsRace(RaceTemplates raceTemplates) {
			return raceTemplates.get("dnz");
		}

	}

}
