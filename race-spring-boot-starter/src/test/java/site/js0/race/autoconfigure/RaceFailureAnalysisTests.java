package site.js0.race.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.metrics.RaceMetricsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests that invalid {@code race.*} values stop start-up with a failure analysis naming
 * the property and the accepted range.
 */
@ExtendWith(OutputCaptureExtension.class)
class RaceFailureAnalysisTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class));

	@Test
	void negativeStepNamesRaceStep() {
		FailureAnalysis analysis = analyze("race.step=-1s");
		assertThat(analysis.getDescription()).contains("Property: race.step")
			.contains("Value: \"-1000ms\"")
			.contains("zero or positive");
		assertThat(analysis.getAction()).contains("Set race.step to 0ms or more");
	}

	@Test
	void subMillisecondValueIsPrintedExactlyNotRoundedToZero() {
		FailureAnalysis analysis = analyze("race.step=-1ns");
		assertThat(analysis.getDescription()).contains("Property: race.step").contains("Value: \"-1ns\"");
	}

	@Test
	void negativeInstanceStepNamesTheInstanceProperty() {
		FailureAnalysis analysis = analyze("race.instances.dns.step=-5ms");
		assertThat(analysis.getDescription()).contains("Property: race.instances.dns.step")
			.contains("zero or positive");
		assertThat(analysis.getAction()).contains("race.instances.dns.step");
	}

	@Test
	void zeroMaxAttemptsNamesRaceMaxAttemptsAndItsRange() {
		FailureAnalysis analysis = analyze("race.max-attempts=0");
		assertThat(analysis.getDescription()).contains("Property: race.max-attempts")
			.contains("Value: \"0\"")
			.contains("between 1 and 2147483647");
		assertThat(analysis.getAction()).contains("Set race.max-attempts to 1 (no hedging) or more");
	}

	@Test
	void originOfTheValueIsReportedWhenTheEnvironmentIsKnown() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("my-settings", Map.of("race.instances.dns.step", "-5ms")));
		InvalidRacePropertyException failure = new InvalidRacePropertyException(
				List.of(new InvalidRacePropertyException.Problem("race.instances.dns.step", "-5ms",
						"the step must be zero or positive", "Fix it.")));
		FailureAnalysis analysis = new InvalidRacePropertyFailureAnalyzer(environment).analyze(failure);
		assertThat(analysis.getDescription()).contains("Origin: ").contains("my-settings");
	}

	@Test
	void originOfAListElementIsTheListPropertyThatSetIt() {
		FailureAnalysis analysis = analyzeWithEnvironment(Map.of("race.metrics.percentiles", "0.5,NaN"),
				new InvalidRacePropertyException.Problem("race.metrics.percentiles[1]", Double.NaN, "reason",
						"action"));
		assertThat(analysis.getDescription())
			.contains("Origin: \"race.metrics.percentiles\" from property source \"my-settings\"");
	}

	@Test
	void originOfABlankInstanceNameIsTheSettingThatUsesIt() {
		FailureAnalysis analysis = analyzeWithEnvironment(Map.of("race.instances.[ ].step", "1s"),
				new InvalidRacePropertyException.Problem("race.instances.[ ]", " ", "reason", "action"));
		assertThat(analysis.getDescription())
			.contains("Origin: \"race.instances.[ ].step\" from property source \"my-settings\"");
	}

	@Test
	void valueTheBinderCouldNotGiveIsReadWhereItWasSet() {
		FailureAnalysis analysis = analyzeWithEnvironment(Map.of("race.instances.dns", "abc"),
				new InvalidRacePropertyException.Problem("race.instances.dns", null, "reason", "action"));
		assertThat(analysis.getDescription()).contains("Value: \"abc\"");
	}

	@Test
	void unknownValueIsLeftOutRatherThanPrintedAsNull() {
		FailureAnalysis analysis = analyzeWithEnvironment(Map.of(),
				new InvalidRacePropertyException.Problem("race.metrics.percentiles[1]", null, "reason", "action"));
		assertThat(analysis.getDescription()).doesNotContain("Value:").doesNotContain("null");
	}

	@Test
	void emptyPercentileEntryIsReportedAsEmpty() {
		FailureAnalysis analysis = analyze("race.metrics.percentiles=0.5,,0.9");
		assertThat(analysis.getDescription()).contains("Property: race.metrics.percentiles[1]")
			.contains("the entry is empty")
			.contains("between 0.0 and 1.0");
	}

	@Test
	void blankThreadNamePrefixesAreReported() {
		FailureAnalysis analysis = analyze("race.scheduler.thread-name-prefix=", "race.executor.thread-name-prefix=");
		assertThat(analysis.getDescription()).contains("Property: race.scheduler.thread-name-prefix\n    Value: \"\"")
			.contains("Property: race.executor.thread-name-prefix\n    Value: \"\"")
			.contains("must not be blank");
		assertThat(analysis.getAction()).contains("Set race.scheduler.thread-name-prefix to some text")
			.contains("Set race.executor.thread-name-prefix to some text");
	}

	@Test
	void zeroInstanceMaxAttemptsNamesTheInstanceProperty() {
		FailureAnalysis analysis = analyze("race.instances.mirrors.max-attempts=0");
		assertThat(analysis.getDescription()).contains("Property: race.instances.mirrors.max-attempts")
			.contains("between 1 and 2147483647");
	}

	@Test
	void zeroDeadlineNamesRaceDeadline() {
		FailureAnalysis analysis = analyze("race.deadline=0s");
		assertThat(analysis.getDescription()).contains("Property: race.deadline").contains("must be positive");
		assertThat(analysis.getAction()).contains("race.deadline").contains("remove it for no deadline");
	}

	@Test
	void deadlineThatMakesTheLastAttemptImpossibleOnAStrictScheduleNamesTheDeadline() {
		FailureAnalysis analysis = analyze("race.instances.dns.step=500ms", "race.instances.dns.max-attempts=3",
				"race.instances.dns.deadline=1s", "race.instances.dns.failure-advances=false");
		assertThat(analysis.getDescription()).contains("Property: race.instances.dns.deadline")
			.contains("(max-attempts - 1) * step = 2 * 500ms = 1000ms")
			.contains("must be longer than 1000ms");
		assertThat(analysis.getAction()).contains("Set race.instances.dns.deadline above 1000ms")
			.contains("race.instances.dns.max-attempts")
			.contains("race.instances.dns.failure-advances to true");
	}

	@Test
	void inheritedValueIsReportedWhereItWasSet() {
		FailureAnalysis analysis = analyze("race.deadline=1s", "race.instances.dns.step=600ms",
				"race.instances.dns.failure-advances=false");
		assertThat(analysis.getDescription()).contains("Property: race.deadline").contains("race 'dns'");
		assertThat(analysis.getAction()).contains("race.instances.dns.step");
	}

	@Test
	void shortDeadlineIsAcceptedWhenFailuresAdvanceTheSchedule() {
		this.runner.withPropertyValues("race.step=500ms", "race.max-attempts=3", "race.deadline=1s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shortDeadlineIsAcceptedWithTheAdaptiveStepWhoseLearnedStepMayBeShorter() {
		this.runner
			.withPropertyValues("race.failure-advances=false", "race.step=1s", "race.deadline=1500ms",
					"race.adaptive.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void shortDeadlineIsAcceptedInFallbackMode() {
		this.runner
			.withPropertyValues("race.step=500ms", "race.deadline=200ms", "race.failure-advances=false",
					"race.fallback=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void instanceNamedDefaultIsRejected() {
		FailureAnalysis analysis = analyze("race.instances.default.step=1s");
		assertThat(analysis.getDescription()).contains("Property: race.instances.default").contains("reserved");
		assertThat(analysis.getAction()).contains("directly under race.*");
	}

	@Test
	void blankInstanceNameIsReportedWithWhatANameMustBe() {
		FailureAnalysis analysis = analyze("race.instances.[ ].step=1s");
		assertThat(analysis.getDescription()).contains("Property: race.instances.[ ]\n    Value: \" \"")
			.contains("the name of a race must not be blank");
		assertThat(analysis.getAction()).contains("for example race.instances.dns.step=200ms");
	}

	@Test
	void settingWithAnEmptyInstanceNameIsReportedAsAMissingName() {
		FailureAnalysis analysis = analyze("race.instances.[].step=1s");
		assertThat(analysis.getDescription()).contains("Property: race.instances.step")
			.contains("race.instances.<name>.<setting>")
			.doesNotContain("duration");
		assertThat(analysis.getAction()).contains("for example race.instances.dns.step=200ms");
	}

	@Test
	void instanceWhoseNameNeedsBracketsIsNamedWithThem() {
		FailureAnalysis analysis = analyze("race.instances.[eu.mirrors].max-attempts=0");
		assertThat(analysis.getDescription()).contains("Property: race.instances.[eu.mirrors].max-attempts");
		assertThat(analysis.getAction()).contains("Set race.instances.[eu.mirrors].max-attempts to 1");
	}

	@Test
	void nanPercentileNamesItsPropertyAndRange() {
		FailureAnalysis analysis = analyze("race.metrics.percentiles=0.5,NaN");
		assertThat(analysis.getDescription()).contains("Property: race.metrics.percentiles[1]")
			.contains("Value: \"NaN\"")
			.contains("between 0.0 and 1.0");
	}

	@Test
	void stepSoLargeOnAStrictScheduleThatNoDeadlineCanBeLongerNamesTheDeadlineAndWhatToLower() {
		FailureAnalysis analysis = analyze("race.step=106751d", "race.failure-advances=false", "race.deadline=106751d");
		assertThat(analysis.getDescription()).contains("Property: race.deadline")
			.contains("(max-attempts - 1) * step = 2 * 9223286400000ms")
			.contains("more than 106751d, the longest a deadline can be");
		assertThat(analysis.getAction()).contains("Lower race.max-attempts or race.step")
			.contains("set race.failure-advances to true");
	}

	@Test
	void scheduleBeyondTheLargestDurationOnAStrictScheduleIsReportedNotOverflowed() {
		FailureAnalysis analysis = analyze("race.instances.dns.step=PT2562047H",
				"race.instances.dns.max-attempts=3000000", "race.instances.dns.failure-advances=false",
				"race.deadline=PT2562047H");
		assertThat(analysis.getDescription()).contains("Property: race.deadline")
			.contains("race 'dns'")
			.contains("more than 106751d");
		assertThat(analysis.getAction()).contains("race.instances.dns.max-attempts")
			.contains("race.instances.dns.step");
	}

	@Test
	void zeroSchedulerPoolSizeNamesItsProperty() {
		FailureAnalysis analysis = analyze("race.scheduler.pool-size=0");
		assertThat(analysis.getDescription()).contains("Property: race.scheduler.pool-size").contains("at least 1");
		assertThat(analysis.getAction()).contains("race.scheduler.pool-size to 1 or more");
	}

	@Test
	void zeroExecutorMaxPoolSizeNamesItsProperty() {
		FailureAnalysis analysis = analyze("race.executor.max-pool-size=0");
		assertThat(analysis.getDescription()).contains("Property: race.executor.max-pool-size");
	}

	@Test
	void negativeAwaitTerminationNamesItsProperty() {
		FailureAnalysis analysis = analyze("race.shutdown.await-termination=-1s");
		assertThat(analysis.getDescription()).contains("Property: race.shutdown.await-termination")
			.contains("zero (do not wait) or positive");
	}

	@Test
	void percentileAboveOneNamesItsProperty() {
		FailureAnalysis analysis = analyze("race.metrics.percentiles=0.5,95");
		assertThat(analysis.getDescription()).contains("Property: race.metrics.percentiles[1]")
			.contains("Value: \"95.0\"")
			.contains("between 0.0 and 1.0");
	}

	@Test
	void everyOutOfRangeValueIsListedInOneAnalysis() {
		FailureAnalysis analysis = analyze("race.step=-1s", "race.instances.dns.max-attempts=0",
				"race.scheduler.pool-size=0", "race.executor.keep-alive=-1s", "race.metrics.percentiles=2");
		assertThat(analysis.getDescription()).contains("Property: race.step")
			.contains("Property: race.instances.dns.max-attempts")
			.contains("Property: race.scheduler.pool-size")
			.contains("Property: race.executor.keep-alive")
			.contains("Property: race.metrics.percentiles[0]");
		assertThat(analysis.getAction()).contains("Set race.step to 0ms or more")
			.contains("Set race.instances.dns.max-attempts to 1 (no hedging) or more")
			.contains("Set race.scheduler.pool-size to 1 or more")
			.contains("Set race.executor.keep-alive to 0s or more")
			.contains("Set race.metrics.percentiles[0] to a value between 0.0 and 1.0");
	}

	@Test
	void unconvertibleValuesAreListedWithTheOutOfRangeOnesAndTheirOrigin() {
		FailureAnalysis analysis = analyze("race.step=fast", "race.instances.dns.fallback=maybe",
				"race.max-attempts=0");
		assertThat(analysis.getDescription())
			.contains("Property: race.step\n    Value: \"fast\"\n"
					+ "    Origin: \"race.step\" from property source \"test\"")
			.contains("Property: race.instances.dns.fallback\n    Value: \"maybe\"")
			.contains("not true or false")
			.contains("Property: race.max-attempts\n    Value: \"0\"");
		assertThat(analysis.getAction()).contains("Set race.step to a duration of zero or more")
			.contains("Set race.instances.dns.fallback to true or false")
			.contains("Set race.max-attempts to 1 (no hedging) or more");
	}

	@Test
	void aValueThatCannotBeConvertedKeepsItsDefaultOutOfTheOtherChecks() {
		// The strict-schedule check would otherwise judge the deadline against the
		// default step.
		FailureAnalysis analysis = analyze("race.step=fast", "race.failure-advances=false", "race.deadline=1s");
		assertThat(analysis.getDescription()).contains("Property: race.step").doesNotContain("race.deadline");
	}

	@Test
	void sharedValuesAreCheckedWhenTheApplicationDefinesTheSchedulerAndExecutor() {
		this.runner.withUserConfiguration(UserThreadsConfiguration.class)
			.withPropertyValues("race.metrics.percentiles=2", "race.shutdown.await-termination=-1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidRacePropertyFailureAnalyzer(null)
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: race.metrics.percentiles[0]")
					.contains("Property: race.shutdown.await-termination");
			});
	}

	@Test
	void unconvertibleValueIsReportedWithItsRangeWhenOnlyTheMetricsAutoConfigurationBindsIt() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RaceMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("race.metrics.histogram=maybe")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new RaceBindFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Property: race.metrics.histogram")
					.contains("Value: \"maybe\"")
					.contains("Origin: \"race.metrics.histogram\" from property source \"test\"")
					.contains("not true or false");
				assertThat(analysis.getAction()).isEqualTo("Set race.metrics.histogram to true or false.");
			});
	}

	@Test
	void unknownInstanceRequestedAtStartUpNamesThePropertyToAdd() {
		this.runner.withPropertyValues("race.instances.dns.step=50ms")
			.withUserConfiguration(UnknownInstanceConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new NoSuchRaceTemplateFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'dnz'")
					.contains("no race.instances.dnz properties")
					.contains("Configured races: default, dns.");
				assertThat(analysis.getAction()).contains("Add race.instances.dnz.* properties")
					.contains("use one of: default, dns.");
			});
	}

	@Test
	void applicationThatFailsToStartPrintsTheAnalysisWithTheOrigin(CapturedOutput output) {
		SpringApplication application = new SpringApplication(RaceApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--race.instances.dns.max-attempts=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: race.instances.dns.max-attempts")
			.contains("Origin: \"race.instances.dns.max-attempts\" from property source \"commandLineArgs\"")
			.contains("between 1 and 2147483647")
			.contains("Set race.instances.dns.max-attempts to 1 (no hedging) or more");
	}

	@Test
	void applicationThatFailsToStartPrintsEveryBadValueWithItsOrigin(CapturedOutput output) {
		SpringApplication application = new SpringApplication(RaceApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException()
			.isThrownBy(() -> application.run("--race.step=fast", "--race.instances.dns.max-attempts=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: race.step")
			.contains("Origin: \"race.step\" from property source \"commandLineArgs\"")
			.contains("Property: race.instances.dns.max-attempts")
			.contains("Origin: \"race.instances.dns.max-attempts\" from property source \"commandLineArgs\"")
			.contains("Set race.step to a duration of zero or more")
			.contains("Set race.instances.dns.max-attempts to 1 (no hedging) or more");
	}

	@Test
	void misspeltTopLevelKeyNamesTheNearestSetting() {
		FailureAnalysis analysis = analyze("race.stepp=200ms");
		assertThat(analysis.getDescription()).contains("Property: race.stepp")
			.contains("Value: \"200ms\"")
			.contains("race has no setting named 'stepp'");
		assertThat(analysis.getAction()).contains("Did you mean race.step?");
	}

	@Test
	void misspeltInstanceKeyNamesTheNearestSettingOfThatInstance() {
		FailureAnalysis analysis = analyze("race.instances.dns.max-atempts=5");
		assertThat(analysis.getDescription()).contains("Property: race.instances.dns.max-atempts")
			.contains("a race instance has no setting named 'max-atempts'");
		assertThat(analysis.getAction()).contains("Did you mean race.instances.dns.max-attempts?");
	}

	@Test
	void misspeltNestedKeyNamesTheNearestNestedSetting() {
		FailureAnalysis analysis = analyze("race.adaptive.percentil=99");
		assertThat(analysis.getAction()).contains("Did you mean race.adaptive.percentile?");
	}

	@Test
	void keyFarFromEverySettingIsReportedWithoutAGuess() {
		FailureAnalysis analysis = analyze("race.colour=blue");
		assertThat(analysis.getDescription()).contains("Property: race.colour");
		assertThat(analysis.getAction()).doesNotContain("Did you mean").contains("Remove race.colour");
	}

	@Test
	void relaxedSpellingsOfValidKeysAreNotUnknownKeys() {
		this.runner
			.withPropertyValues("race.maxAttempts=4", "race.instances.dns.max_attempts=2",
					"race.adaptive.minSamples=10", "race.Budget.Ratio=0.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RaceTemplates.class).get("dns").settings().maxAttempts()).isEqualTo(2);
			});
	}

	@Test
	void listElementsAndInstanceNamesAreNotUnknownKeys() {
		this.runner
			.withPropertyValues("race.metrics.percentiles[0]=0.5", "race.instances.[eu.mirrors].step=1s",
					"race.instances.dns.adaptive.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void unknownKeysAreListedWithTheInvalidValuesInOneAnalysis() {
		FailureAnalysis analysis = analyze("race.stepp=200ms", "race.max-attempts=0",
				"race.instances.dns.max-atempts=5");
		assertThat(analysis.getDescription()).contains("Property: race.stepp")
			.contains("Property: race.max-attempts")
			.contains("Property: race.instances.dns.max-atempts");
	}

	@Test
	void reservedNameAndPercentileProblemsAreReportedWithTheirOrigin(CapturedOutput output) {
		SpringApplication application = new SpringApplication(RaceApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--race.instances.default.step=1s",
				"--race.metrics.percentiles=0.5,NaN", "--race.adaptive.percentile=100"));
		assertThat(output).contains("Property: race.instances.default")
			.contains("Origin: \"race.instances.default.step\" from property source \"commandLineArgs\"")
			.contains("Property: race.metrics.percentiles[1]")
			.contains("Origin: \"race.metrics.percentiles\" from property source \"commandLineArgs\"")
			.contains("Property: race.adaptive.percentile")
			.contains("Origin: \"race.adaptive.percentile\" from property source \"commandLineArgs\"");
	}

	@Test
	void unknownKeyInTheApplicationsOwnConfigurationStopsStartUpWithItsOrigin(CapturedOutput output) {
		SpringApplication application = new SpringApplication(RaceApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--race.instances.dns.max-atempts=5"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Origin: \"race.instances.dns.max-atempts\" from property source \"commandLineArgs\"")
			.contains("Did you mean race.instances.dns.max-attempts?");
	}

	@Test
	void analyzersAreRegisteredInSpringFactories() {
		// Other modules' analyzers need constructor arguments that this plain load does
		// not give.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> {
			}));
		assertThat(analyzers).hasAtLeastOneElementOfType(InvalidRacePropertyFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(NoSuchRaceTemplateFailureAnalyzer.class);
	}

	private FailureAnalysis analyze(String... properties) {
		return RaceStartupFailures.analyze(this.runner, properties);
	}

	private static FailureAnalysis analyzeWithEnvironment(Map<String, Object> settings,
			InvalidRacePropertyException.Problem problem) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("my-settings", settings));
		return new InvalidRacePropertyFailureAnalyzer(environment)
			.analyze(new InvalidRacePropertyException(List.of(problem)));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(RaceAutoConfiguration.class)
	static class RaceApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserThreadsConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledExecutorService raceScheduler() {
			return Executors.newSingleThreadScheduledExecutor();
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService raceExecutor() {
			return Executors.newCachedThreadPool();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownInstanceConfiguration {

		@Bean
		RaceTemplate dnsRace(RaceTemplates raceTemplates) {
			return raceTemplates.get("dnz");
		}

	}

}
