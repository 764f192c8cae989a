package site.js0.race;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launch schedule, on virtual time: when attempts start, how failures move the
 * schedule, and how many timers a race keeps.
 */
class RaceTemplateScheduleTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final PendingCalls<String> calls = new PendingCalls<>();

	/** The template made last, whose pending wake-ups the tests check. */
	private RaceTemplate template;

	private RaceTemplate template(java.util.function.Consumer<RaceSettings.Builder> customizer) {
		RaceSettings.Builder builder = this.scheduler.settings().step(STEP);
		customizer.accept(builder);
		this.template = new RaceTemplate(builder.build());
		return this.template;
	}

	private RaceTemplate template() {
		return template((builder) -> {
		});
	}

	@Test
	void firstAttemptIsLaunchedAtOnceOnTheCallingThread() {
		template().firstAsync(List.of("a", "b", "c"), this.calls);
		assertThat(this.calls.arguments).containsExactly("a");
		assertThat(this.calls.threads).containsExactly(Thread.currentThread());
		assertThat(this.calls.contexts.get(0).isHedge()).isFalse();
	}

	@Test
	void hedgeIsLaunchedOneStepAfterTheStartWhenNoAnswerHasCome() {
		template().firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP.minusNanos(1));
		assertThat(this.calls.launched()).isEqualTo(1);
		this.scheduler.advance(Duration.ofNanos(1));
		assertThat(this.calls.arguments).containsExactly("a", "b");
		assertThat(this.calls.contexts.get(1).isHedge()).isTrue();
		assertThat(this.calls.contexts.get(1).launchOffset()).isEqualTo(STEP);
	}

	@Test
	void attemptKIsLaunchedKStepsAfterTheStart() {
		template((builder) -> builder.maxAttempts(4)).firstAsync(List.of("a", "b", "c", "d"), this.calls);
		this.scheduler.advance(Duration.ofMillis(1000));
		assertThat(this.calls.contexts).extracting(AttemptContext::launchOffset)
			.containsExactly(Duration.ZERO, STEP, STEP.multipliedBy(2), STEP.multipliedBy(3));
		assertThat(this.calls.contexts).extracting(AttemptContext::index).containsExactly(0, 1, 2, 3);
	}

	@Test
	void raceKeepsAtMostOneTimerPending() {
		template((builder) -> builder.maxAttempts(5).deadline(Duration.ofSeconds(10)))
			.firstAsync(List.of("a", "b", "c", "d", "e"), this.calls);
		for (int i = 0; i < 20; i++) {
			assertThat(this.scheduler.pending()).isLessThanOrEqualTo(1);
			this.scheduler.advance(Duration.ofMillis(50));
		}
		assertThat(this.calls.launched()).isEqualTo(5);
		assertThat(this.scheduler.pending()).as("only the deadline is left").isEqualTo(1);
	}

	@Test
	void noTimerIsScheduledWhenTheAnswerIsAlreadyThere() {
		CompletableFuture<String> result = template().firstAsync(List.of("a", "b"),
				(argument, attempt) -> CompletableFuture.completedFuture(argument));
		assertThat(result).isCompletedWithValue("a");
		assertThat(this.scheduler.scheduledCount()).isZero();
	}

	@Test
	void deadlineIsArmedBeforeTheFirstLaunchAndDroppedWithTheAnswer() {
		CompletableFuture<String> result = template((builder) -> builder.deadline(Duration.ofSeconds(1)))
			.firstAsync(List.of("a", "b"), (argument, attempt) -> {
				assertThat(this.template.pendingWakeUps()).as("deadline armed before the task starts").isOne();
				return CompletableFuture.completedFuture(argument);
			});
		assertThat(result).isCompletedWithValue("a");
		assertThat(this.template.pendingWakeUps()).isZero();
	}

	@Test
	void successCancelsTheTimerAndTheLosersAndLaunchesNothingMore() {
		CompletableFuture<String> result = template().firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP);
		this.calls.succeed(1, "from b");
		assertThat(result).isCompletedWithValue("from b");
		assertThat(this.calls.future(0)).isCancelled();
		assertThat(this.template.pendingWakeUps()).isZero();
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(this.calls.launched()).isEqualTo(2);
	}

	@Test
	void absoluteScheduleKeepsTheGridWhenAFailureLaunchesEarly() {
		template((builder) -> builder.maxAttempts(4)).firstAsync(List.of("a", "b", "c", "d"), this.calls);
		this.scheduler.advance(Duration.ofMillis(30));
		this.calls.fail(0, new IllegalStateException("down"));
		assertThat(this.calls.launched()).isEqualTo(2);
		assertThat(this.calls.contexts.get(1).launchOffset()).isEqualTo(Duration.ofMillis(30));
		this.scheduler.advance(Duration.ofMillis(169));
		assertThat(this.calls.launched()).isEqualTo(2);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(this.calls.contexts.get(2).launchOffset()).isEqualTo(STEP.multipliedBy(2));
	}

	@Test
	void absoluteScheduleDoesNotPushLaterAttemptsBackWhenALaunchIsLate() {
		ControlledExecutor launcher = new ControlledExecutor();
		template((builder) -> builder.maxAttempts(3).launchExecutor(launcher)).firstAsync(List.of("a", "b", "c"),
				this.calls);
		this.scheduler.advance(STEP.plusMillis(50));
		launcher.runAll();
		assertThat(this.calls.contexts.get(1).launchOffset()).as("launched late").isEqualTo(STEP.plusMillis(50));
		this.scheduler.advance(Duration.ofMillis(50));
		launcher.runAll();
		assertThat(this.calls.contexts.get(2).launchOffset()).isEqualTo(STEP.multipliedBy(2));
	}

	@Test
	void relativeScheduleCountsTheStepFromEachLaunch() {
		ControlledExecutor launcher = new ControlledExecutor();
		template((builder) -> builder.maxAttempts(3).launchExecutor(launcher).schedule(RaceSettings.Schedule.RELATIVE))
			.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP.plusMillis(50));
		launcher.runAll();
		assertThat(this.calls.contexts.get(1).launchOffset()).as("launched late").isEqualTo(STEP.plusMillis(50));
		this.scheduler.advance(STEP.minusMillis(1));
		launcher.runAll();
		assertThat(this.calls.launched()).isEqualTo(2);
		this.scheduler.advance(Duration.ofMillis(1));
		launcher.runAll();
		assertThat(this.calls.contexts.get(2).launchOffset()).isEqualTo(STEP.multipliedBy(2).plusMillis(50));
	}

	@Test
	void relativeScheduleCountsTheStepFromALaunchAFailureAdvanced() {
		template((builder) -> builder.maxAttempts(4).schedule(RaceSettings.Schedule.RELATIVE))
			.firstAsync(List.of("a", "b", "c", "d"), this.calls);
		this.scheduler.advance(Duration.ofMillis(30));
		this.calls.fail(0, new IllegalStateException("down"));
		assertThat(this.calls.launched()).isEqualTo(2);
		assertThat(this.calls.contexts.get(1).launchOffset()).isEqualTo(Duration.ofMillis(30));
		this.scheduler.advance(Duration.ofMillis(99));
		assertThat(this.calls.launched()).isEqualTo(2);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(this.calls.contexts.get(2).launchOffset()).isEqualTo(Duration.ofMillis(130));
	}

	@Test
	void strictScheduleIgnoresFailuresWhenFailureAdvancesIsOff() {
		template((builder) -> builder.failureAdvances(false)).firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(Duration.ofMillis(30));
		this.calls.fail(0, new IllegalStateException("down"));
		assertThat(this.calls.launched()).isEqualTo(1);
		this.scheduler.advance(Duration.ofMillis(70));
		assertThat(this.calls.launched()).isEqualTo(2);
		assertThat(this.calls.contexts.get(1).launchOffset()).isEqualTo(STEP);
	}

	@Test
	void zeroStepLaunchesEveryAttemptAtOnce() {
		template((builder) -> builder.step(Duration.ZERO)).firstAsync(List.of("a", "b", "c"), this.calls);
		assertThat(this.calls.arguments).containsExactly("a", "b", "c");
		assertThat(this.scheduler.scheduledCount()).isZero();
	}

	@Test
	void fallbackLaunchesTheNextAttemptOnlyWhenThePreviousFailed() {
		CompletableFuture<String> result = template((builder) -> builder.fallback(true))
			.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(Duration.ofHours(1));
		assertThat(this.calls.launched()).isEqualTo(1);
		this.calls.fail(0, new IllegalStateException("down"));
		assertThat(this.calls.launched()).isEqualTo(2);
		this.calls.succeed(1, "b");
		assertThat(result).isCompletedWithValue("b");
		assertThat(this.scheduler.scheduledCount()).isZero();
	}

	@Test
	void maxAttemptsBoundsAnInfiniteArgumentSequence() {
		Iterable<Integer> naturals = () -> new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return true;
			}

			@Override
			public Integer next() {
				return this.next++;
			}

		};
		PendingCalls<Integer> numbered = new PendingCalls<>();
		template((builder) -> builder.maxAttempts(3)).firstAsync(naturals, numbered);
		this.scheduler.advance(Duration.ofHours(1));
		assertThat(numbered.arguments).containsExactly(0, 1, 2);
	}

	@Test
	void argumentsAreDrawnOnlyWhenTheirAttemptIsLaunched() {
		AtomicInteger drawn = new AtomicInteger();
		Iterable<String> counted = () -> new Iterator<>() {

			private final Iterator<String> delegate = List.of("a", "b", "c").iterator();

			@Override
			public boolean hasNext() {
				return this.delegate.hasNext();
			}

			@Override
			public String next() {
				drawn.incrementAndGet();
				return this.delegate.next();
			}

		};
		CompletableFuture<String> result = template().firstAsync(counted, this.calls);
		assertThat(drawn).hasValue(1);
		this.calls.succeed(0, "a");
		assertThat(result).isCompletedWithValue("a");
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(drawn).hasValue(1);
	}

	@Test
	void lastFailureEndsTheRaceAtOnceInsteadOfWaitingForAnotherStep() {
		CompletableFuture<String> result = template((builder) -> builder.failureAdvances(false))
			.firstAsync(List.of("a"), this.calls);
		this.calls.fail(0, new IllegalStateException("down"));
		assertThat(result).isCompletedExceptionally();
		assertThat(this.template.pendingWakeUps()).isZero();
	}

}
