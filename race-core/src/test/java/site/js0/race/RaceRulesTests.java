package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Rules typed to a call's result, in place of the template's untyped predicates.
 */
class RaceRulesTests {

	private final ManualScheduler scheduler = new ManualScheduler();

	private final RaceTemplate template = new RaceTemplate(
			this.scheduler.settings().step(Duration.ofMillis(100)).successPredicate((value) -> false).build());

	/** A response with a status, as an HTTP client returns. */
	private record Response(int status) {

	}

	@Test
	void typedSuccessRuleReplacesTheTemplatesPredicate() {
		RaceRules<Response> belowFiveHundred = RaceRules.successWhen((response) -> response.status() < 500);
		CompletableFuture<Response> result = this.template.firstAsync(List.of(503, 200),
				(status, attempt) -> CompletableFuture.completedFuture(new Response(status)), belowFiveHundred);
		assertThat(result).isCompletedWithValue(new Response(200));
	}

	@Test
	void typedAbortRuleEndsTheRace() {
		RaceRules<String> rules = RaceRules.<String>any().abortOn(IllegalArgumentException.class);
		CompletableFuture<String> result = this.template
			.hedgeAsync(() -> CompletableFuture.failedFuture(new IllegalArgumentException("bad request")), rules);
		assertThat(result).isCompletedExceptionally();
		assertThat(result.handle((value, failure) -> failure).join()).isInstanceOf(RaceAbortedException.class);
	}

	@Test
	void failureNotMarkedByTheRulesLetsTheRaceGoOn() {
		RaceRules<String> rules = RaceRules.<String>any().abortWhen((failure) -> failure instanceof SecurityException);
		CompletableFuture<String> result = this.template.firstAsync(List.of("a", "b"),
				(argument, attempt) -> argument.equals("a") ? CompletableFuture.failedFuture(new IOException("a down"))
						: CompletableFuture.completedFuture(argument),
				rules);
		assertThat(result).isCompletedWithValue("b");
	}

	@Test
	void methodsWithoutRulesUseTheTemplatesPredicates() {
		CompletableFuture<String> result = this.template.firstAsync(List.of("a"),
				(argument, attempt) -> CompletableFuture.completedFuture(argument));
		assertThat(result).isCompletedExceptionally();
	}

	@Test
	void nullRulesAreNamed() {
		assertThatNullPointerException()
			.isThrownBy(() -> this.template.submitHedge(() -> "x", (RaceRules<String>) null))
			.withMessage("rules must not be null");
		assertThatNullPointerException().isThrownBy(() -> RaceRules.successWhen(null))
			.withMessage("success must not be null");
		assertThatNullPointerException().isThrownBy(() -> RaceRules.any().abortOn((Class<Throwable>) null))
			.withMessage("abortOn types[0] must not be null");
	}

}
