package site.js0.race;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.throwable;

/**
 * How attempts' results and failures decide a first-success race: classification, aborts,
 * all failing, the deadline, and faulty tasks. On virtual time.
 */
class RaceTemplateOutcomeTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final PendingCalls<String> calls = new PendingCalls<>();

	/** The template made last, whose pending wake-ups the tests check. */
	private RaceTemplate template;

	private final RecordingListener listener = new RecordingListener();

	private RaceTemplate template(Consumer<RaceSettings.Builder> customizer) {
		RaceSettings.Builder builder = this.scheduler.settings().name("mirrors").step(STEP).listener(this.listener);
		customizer.accept(builder);
		this.template = new RaceTemplate(builder.build());
		return this.template;
	}

	private RaceTemplate template() {
		return template((builder) -> {
		});
	}

	private static Throwable failureOf(CompletableFuture<?> future) {
		assertThat(future).isCompletedExceptionally();
		return assertThatThrownBy(future::join).isInstanceOf(CompletionException.class).actual().getCause();
	}

	@Test
	void rejectedResultCountsAsFailureAndLaunchesTheNextAttempt() {
		CompletableFuture<String> result = template(
				(builder) -> builder.successPredicate((value) -> !"503".equals(value)))
			.firstAsync(List.of("a", "b"), this.calls);
		this.calls.succeed(0, "503");
		assertThat(this.calls.launched()).isEqualTo(2);
		this.calls.succeed(1, "200");
		assertThat(result).isCompletedWithValue("200");
		assertThat(this.listener.outcomes.get(0).status()).isEqualTo(AttemptStatus.FAILED);
		assertThat(this.listener.outcomes.get(0).failure()).isInstanceOf(UnsuccessfulResultException.class)
			.extracting((ex) -> ((UnsuccessfulResultException) ex).getResult())
			.isEqualTo("503");
	}

	@Test
	void abortingFailureEndsTheRaceAtOnceAndCancelsTheOthers() {
		CompletableFuture<String> result = template((builder) -> builder.abortOn(IllegalArgumentException.class))
			.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP);
		IllegalArgumentException badRequest = new IllegalArgumentException("400");
		this.calls.fail(1, badRequest);
		assertThat(failureOf(result)).isInstanceOf(RaceAbortedException.class).hasCause(badRequest);
		assertThat(this.calls.future(0)).isCancelled();
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(this.calls.launched()).isEqualTo(2);
		assertThat(this.listener.outcomes).extracting(AttemptOutcome::status)
			.containsExactlyInAnyOrder(AttemptStatus.ABORTED, AttemptStatus.LOST);
	}

	@Test
	void failureNotMarkedByTheAbortPredicateDoesNotAbort() {
		CompletableFuture<String> result = template((builder) -> builder.abortOn(IllegalArgumentException.class))
			.firstAsync(List.of("a", "b"), this.calls);
		this.calls.fail(0, new IOException("reset"));
		assertThat(result).isNotDone();
		assertThat(this.calls.launched()).isEqualTo(2);
	}

	@Test
	void everyAttemptFailingFailsTheRaceWithEachFailureInLaunchOrder() {
		CompletableFuture<String> result = template().firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP.multipliedBy(2));
		IOException second = new IOException("b");
		IOException third = new IOException("c");
		IOException first = new IOException("a");
		this.calls.fail(1, second);
		this.calls.fail(2, third);
		this.calls.fail(0, first);
		Throwable failure = failureOf(result);
		assertThat(failure).isInstanceOf(RaceFailedException.class)
			.hasMessage("All 3 attempts of race 'mirrors' failed");
		assertThat(failure.getSuppressed()).containsExactly(first, second, third);
		assertThat(((RaceException) failure).getAttemptsLaunched()).isEqualTo(3);
	}

	@Test
	void deadlineFailsTheRaceListingTheAttemptsAndCancelsThoseInFlight() {
		CompletableFuture<String> result = template((builder) -> builder.deadline(Duration.ofMillis(250)))
			.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP);
		this.calls.fail(1, new IOException("b down"));
		this.scheduler.advance(Duration.ofMillis(149));
		assertThat(result).isNotDone();
		this.scheduler.advance(Duration.ofMillis(1));
		Throwable failure = failureOf(result);
		assertThat(failure).isInstanceOf(RaceTimeoutException.class)
			.hasMessageStartingWith("Race 'mirrors' timed out after PT0.25S with 3 attempts launched")
			.hasMessageContaining("#0 (a) launched at 0.000 ms, still running")
			.hasMessageContaining("#1 (b) launched at 100 ms, failed: java.io.IOException: b down")
			.hasMessageContaining("#2 (c)");
		assertThat(((RaceTimeoutException) failure).getDeadline()).isEqualTo(Duration.ofMillis(250));
		assertThat(this.calls.future(0)).isCancelled();
		assertThat(this.calls.future(2)).isCancelled();
		assertThat(this.template.pendingWakeUps()).isZero();
	}

	@Test
	void attemptContextTellsTheTimeLeftBeforeTheDeadline() {
		template((builder) -> builder.deadline(Duration.ofMillis(250))).firstAsync(List.of("a", "b"), this.calls);
		this.scheduler.advance(Duration.ofMillis(40));
		assertThat(this.calls.contexts.get(0).timeLeft()).contains(Duration.ofMillis(210));
		this.scheduler.advance(Duration.ofMillis(60));
		assertThat(this.calls.contexts.get(1).timeLeft()).contains(Duration.ofMillis(150));
	}

	@Test
	void attemptContextHasNoTimeLeftWithoutADeadline() {
		template().firstAsync(List.of("a"), this.calls);
		assertThat(this.calls.contexts.get(0).timeLeft()).isEqualTo(Optional.empty());
	}

	@Test
	void emptyArgumentsFailTheRaceAtOnce() {
		CompletableFuture<String> result = template().firstAsync(List.<String>of(), this.calls);
		assertThat(failureOf(result)).isInstanceOf(RaceFailedException.class)
			.hasMessage("Race 'mirrors' has no arguments: there was nothing to attempt");
		assertThat(this.scheduler.scheduledCount()).isZero();
	}

	@Test
	void taskThatThrowsSynchronouslyIsThatAttemptsFailure() {
		IllegalStateException boom = new IllegalStateException("boom");
		CompletableFuture<String> result = template().firstAsync(List.of("a", "b"), (argument, attempt) -> {
			if (attempt.index() == 0) {
				throw boom;
			}
			return CompletableFuture.completedFuture(argument);
		});
		assertThat(result).isCompletedWithValue("b");
		assertThat(this.listener.outcomes.get(0).failure()).isSameAs(boom);
	}

	@Test
	void taskThatReturnsANullFutureIsThatAttemptsFailure() {
		CompletableFuture<String> result = template().firstAsync(List.of("a"), (argument, attempt) -> null);
		Throwable failure = failureOf(result);
		assertThat(failure).isInstanceOf(RaceFailedException.class);
		assertThat(failure.getSuppressed()).singleElement(throwable(NullPointerException.class))
			.hasMessageContaining("returned a null CompletionStage for attempt #0 (a)");
	}

	@Test
	void nullResultIsASuccessUnlessThePredicateRejectsIt() {
		assertThat(template().firstAsync(List.of("a"), (argument, attempt) -> CompletableFuture.completedFuture(null)))
			.isCompletedWithValue(null);
		CompletableFuture<Object> rejected = template((builder) -> builder.successPredicate((value) -> value != null))
			.firstAsync(List.of("a"), (argument, attempt) -> CompletableFuture.completedFuture(null));
		assertThat(failureOf(rejected)).isInstanceOf(RaceFailedException.class);
	}

	@Test
	void blockingTaskRejectedByAShutDownExecutorIsThatAttemptsFailure() {
		java.util.concurrent.ExecutorService shutDown = java.util.concurrent.Executors.newSingleThreadExecutor();
		shutDown.shutdown();
		CompletableFuture<String> result = template((builder) -> builder.executor(shutDown))
			.submitFirst(List.of("a", "b"), (argument, attempt) -> argument);
		Throwable failure = failureOf(result);
		assertThat(failure).isInstanceOf(RaceFailedException.class)
			.hasMessage("All 2 attempts of race 'mirrors' failed");
		assertThat(failure.getSuppressed()).hasSize(2)
			.allSatisfy((ex) -> assertThat(ex).isInstanceOf(java.util.concurrent.RejectedExecutionException.class));
	}

	@Test
	void argumentSourceThatThrowsAbortsTheRace() {
		Iterable<String> broken = () -> {
			throw new UncheckedIOException(new IOException("cannot list mirrors"));
		};
		assertThatThrownBy(() -> template().firstAsync(broken, this.calls)).isInstanceOf(UncheckedIOException.class);
		Iterable<String> brokenLater = () -> new java.util.Iterator<>() {
			@Override
			public boolean hasNext() {
				return true;
			}

			@Override
			public String next() {
				throw new IllegalStateException("exhausted upstream");
			}
		};
		CompletableFuture<String> result = template().firstAsync(brokenLater, this.calls);
		assertThat(failureOf(result)).isInstanceOf(RaceAbortedException.class)
			.hasMessage("The arguments of race 'mirrors' threw on attempt #0")
			.hasCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void cancellingTheFutureCancelsTheAttemptsAndLaunchesNothingMore() {
		CompletableFuture<String> result = template().firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP);
		assertThat(result.cancel(true)).isTrue();
		assertThat(this.calls.future(0)).isCancelled();
		assertThat(this.calls.future(1)).isCancelled();
		assertThat(this.template.pendingWakeUps()).isZero();
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(this.calls.launched()).isEqualTo(2);
		assertThat(this.listener.summaries).singleElement()
			.extracting(RaceSummary::outcome)
			.isEqualTo(RaceOutcome.CANCELLED);
	}

	@Test
	void completingTheFutureFromOutsideClosesTheRace() {
		CompletableFuture<String> raw = template().firstAsync(List.of("x", "y"), this.calls);
		assertThat(raw.complete("cached")).isTrue();
		assertThat(raw).isCompletedWithValue("cached");
		assertThat(this.calls.future(0)).as("x").isCancelled();
		this.scheduler.advance(STEP.multipliedBy(5));
		assertThat(this.calls.launched()).as("y is never launched").isOne();
	}

	@Test
	void dependentStagesAreOrdinaryFutures() {
		CompletableFuture<String> result = template().firstAsync(List.of("a"), this.calls);
		CompletableFuture<Integer> length = result.thenApply(String::length);
		length.cancel(true);
		assertThat(result).isNotDone();
		assertThat(this.calls.future(0)).isNotDone();
	}

	@Test
	void losersKeepRunningWhenCancelLosersIsOffAndAreReportedLost() {
		CompletableFuture<String> result = template((builder) -> builder.cancelLosers(false))
			.firstAsync(List.of("a", "b"), this.calls);
		this.scheduler.advance(STEP);
		this.calls.succeed(1, "b");
		assertThat(result).isCompletedWithValue("b");
		assertThat(this.calls.future(0)).isNotDone();
		this.calls.succeed(0, "late a");
		assertThat(this.listener.outcomes).extracting(AttemptOutcome::index, AttemptOutcome::status)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, AttemptStatus.WON),
					org.assertj.core.groups.Tuple.tuple(0, AttemptStatus.LOST));
		assertThat(this.listener.outcomes.get(1).isSuccess()).isTrue();
	}

	@Test
	void cancellingAfterTheDecisionReturnsFalseAndKeepsTheResult() {
		CompletableFuture<String> result = template().firstAsync(List.of("a"), this.calls);
		this.calls.succeed(0, "A");
		assertThat(result.cancel(true)).isFalse();
		assertThat(result.complete("other")).isFalse();
		assertThat(result).isCompletedWithValue("A");
	}

}
