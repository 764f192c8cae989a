package site.js0.race;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Building settings: defaults, derivation, and a clear error naming the setting for every
 * bad value.
 */
class RaceSettingsTests {

	private static RaceSettings build(Consumer<RaceSettings.Builder> customizer) {
		RaceSettings.Builder builder = RaceSettings.builder();
		customizer.accept(builder);
		return builder.build();
	}

	@Test
	void defaultsAreTheDocumentedOnes() {
		RaceSettings settings = RaceSettings.defaults();
		assertThat(settings.name()).isEqualTo("default");
		assertThat(settings.step()).isEqualTo(Duration.ofMillis(500));
		assertThat(settings.maxAttempts()).isEqualTo(3);
		assertThat(settings.deadline()).isEmpty();
		assertThat(settings.failureAdvances()).isTrue();
		assertThat(settings.fallback()).isFalse();
		assertThat(settings.cancelLosers()).isTrue();
		assertThat(settings.successPredicate().test(null)).isTrue();
		assertThat(settings.abortPredicate().test(new IllegalArgumentException())).isFalse();
		assertThat(settings.listeners()).isEmpty();
	}

	@Test
	void mutateDerivesNewSettingsAndLeavesTheOriginal() {
		RaceSettings original = build((builder) -> builder.name("dns").step(Duration.ofMillis(50)));
		RaceSettings derived = original.mutate().maxAttempts(5).build();
		assertThat(derived.name()).isEqualTo("dns");
		assertThat(derived.step()).isEqualTo(Duration.ofMillis(50));
		assertThat(derived.maxAttempts()).isEqualTo(5);
		assertThat(original.maxAttempts()).isEqualTo(3);
	}

	@Test
	void templateMutateDoesNotChangeTheTemplate() {
		RaceTemplate template = new RaceTemplate();
		RaceTemplate faster = template.mutate((builder) -> builder.step(Duration.ofMillis(10)));
		assertThat(faster.settings().step()).isEqualTo(Duration.ofMillis(10));
		assertThat(template.settings()).isSameAs(RaceSettings.defaults());
	}

	@Test
	void negativeStepIsRejectedNamingTheSettingAndRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> build((builder) -> builder.step(Duration.ofMillis(-1))))
			.withMessage("step must be zero or positive (zero launches every attempt at once), but was PT-0.001S");
	}

	@Test
	void zeroMaxAttemptsIsRejectedNamingTheSettingAndRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> build((builder) -> builder.maxAttempts(0)))
			.withMessage("maxAttempts must be between 1 and 2147483647 (the original call plus hedges), but was 0");
	}

	@Test
	void nonPositiveDeadlineIsRejectedNamingTheSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> build((builder) -> builder.deadline(Duration.ZERO)))
			.withMessage("deadline must be positive, but was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> build((builder) -> builder.deadline(Duration.ofSeconds(-1))))
			.withMessageStartingWith("deadline must be positive");
	}

	@Test
	void blankNameIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> build((builder) -> builder.name(" ")))
			.withMessage("name must not be blank");
	}

	@Test
	void nullValuesAreRejectedNamingTheSetting() {
		for (String setting : List.of("name", "step", "successPredicate", "abortPredicate")) {
			assertThatNullPointerException().isThrownBy(() -> build((builder) -> {
				switch (setting) {
					case "name" -> builder.name(null);
					case "step" -> builder.step(null);
					case "successPredicate" -> builder.successPredicate(null);
					default -> builder.abortPredicate(null);
				}
			})).withMessage(setting + " must not be null");
		}
		assertThatNullPointerException().isThrownBy(() -> RaceSettings.builder().deadline(null))
			.withMessageStartingWith("deadline must not be null");
		assertThatNullPointerException().isThrownBy(() -> RaceSettings.builder().scheduler(null))
			.withMessage("scheduler must not be null");
		assertThatNullPointerException().isThrownBy(() -> RaceSettings.builder().executor(null))
			.withMessage("executor must not be null");
		assertThatNullPointerException().isThrownBy(() -> RaceSettings.builder().listener(null))
			.withMessage("listener must not be null");
		assertThatNullPointerException().isThrownBy(() -> RaceSettings.builder().ticker(null))
			.withMessage("ticker must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> RaceSettings.builder().listeners(Arrays.asList((RaceListener) null)).build())
			.withMessage("listeners[0] must not be null");
	}

	@Test
	void nullTemplateArgumentsAreRejectedNamingThem() {
		RaceTemplate template = new RaceTemplate();
		assertThatNullPointerException().isThrownBy(() -> new RaceTemplate(null))
			.withMessage("settings must not be null");
		assertThatNullPointerException().isThrownBy(() -> template.firstAsync(null, (a, c) -> null))
			.withMessage("arguments must not be null");
		assertThatNullPointerException().isThrownBy(() -> template.firstAsync(List.of("a"), null))
			.withMessage("task must not be null");
		assertThatNullPointerException().isThrownBy(() -> template.submitFirst(List.of("a"), null))
			.withMessage("task must not be null");
		assertThatNullPointerException().isThrownBy(() -> template.submitHedge(null))
			.withMessage("call must not be null");
		assertThatNullPointerException().isThrownBy(() -> template.hedgeAsync(null))
			.withMessage("call must not be null");
	}

	@Test
	void suppliedSchedulerIsUsedAsGiven() {
		ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
		try {
			new RaceTemplate(build((builder) -> builder.scheduler(pool)));
			assertThat(pool.getRemoveOnCancelPolicy()).isFalse();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void abortOnAddsToThePredicate() {
		RaceSettings settings = build((builder) -> builder.abortPredicate((ex) -> ex instanceof SecurityException)
			.abortOn(IllegalArgumentException.class));
		assertThat(settings.abortPredicate().test(new NumberFormatException())).isTrue();
		assertThat(settings.abortPredicate().test(new SecurityException())).isTrue();
		assertThat(settings.abortPredicate().test(new IllegalStateException())).isFalse();
	}

	@Test
	void newSettingsDefaultToAnAbsoluteFixedStepUnderTheDefaultBudget() {
		RaceSettings settings = RaceSettings.defaults();
		assertThat(settings.schedule()).isEqualTo(RaceSettings.Schedule.ABSOLUTE);
		assertThat(settings.adaptiveStep()).isEmpty();
		assertThat(settings.hedgeBudget()).contains(RaceSettings.HedgeBudget.defaults());
		assertThat(settings.shadow()).isFalse();
	}

	@Test
	void percentileOutsideZeroToHundredIsRejectedNamingTheSettingAndRange() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> build(
					(builder) -> builder.adaptiveStep(RaceSettings.AdaptiveStep.defaults().withPercentile(100))))
			.withMessage("adaptiveStep.percentile must be greater than 0 and less than 100, but was 100.0");
	}

	@Test
	void nanPercentileIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> build(
					(builder) -> builder.adaptiveStep(RaceSettings.AdaptiveStep.defaults().withPercentile(Double.NaN))))
			.withMessageStartingWith("adaptiveStep.percentile must be greater than 0");
	}

	@Test
	void maxStepBelowMinStepIsRejectedNamingBoth() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> build((builder) -> builder.adaptiveStep(
					RaceSettings.AdaptiveStep.defaults().withClamps(Duration.ofMillis(10), Duration.ofMillis(5)))))
			.withMessage("adaptiveStep.maxStep must be at least adaptiveStep.minStep (PT0.01S), but was PT0.005S");
	}

	@Test
	void minSamplesBelowOneIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> build((builder) -> builder.adaptiveStep(RaceSettings.AdaptiveStep.defaults().withMinSamples(0))))
			.withMessage("adaptiveStep.minSamples must be at least 1, but was 0");
	}

	@Test
	void negativeBudgetRatioIsRejectedNamingTheSettingAndRange() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> build((builder) -> builder.hedgeBudget(RaceSettings.HedgeBudget.defaults().withRatio(-0.1))))
			.withMessage("hedgeBudget.ratio must be a finite number of at least 0, but was -0.1");
	}

	@Test
	void budgetWindowOutsideItsRangeIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> build((builder) -> builder
				.hedgeBudget(RaceSettings.HedgeBudget.defaults().withWindow(Duration.ofMillis(1)))))
			.withMessage("hedgeBudget.window must be between PT0.01S and PT24H, but was PT0.001S");
	}

}
