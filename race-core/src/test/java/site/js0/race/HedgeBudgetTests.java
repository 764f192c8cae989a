package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hedge budget, on virtual time: its floor, its ratio, its refill as the window
 * rotates, its exhaustion, and that it only ever stops launches.
 */
class HedgeBudgetTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private static final RaceSettings.HedgeBudget BUDGET = RaceSettings.HedgeBudget.defaults()
		.withRatio(0.5)
		.withMinPerSecond(1)
		.withWindow(WINDOW);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final List<Integer> refused = new CopyOnWriteArrayList<>();

	private LaunchBudget.TokenBucket bucket(RaceSettings.HedgeBudget budget) {
		return new LaunchBudget.TokenBucket(budget, 0);
	}

	private RaceTemplate template(RaceSettings.HedgeBudget budget, int maxAttempts) {
		return new RaceTemplate(this.scheduler.settings()
			.step(Duration.ofMillis(10))
			.maxAttempts(maxAttempts)
			.hedgeBudget(budget)
			.listener(new RaceListener() {
				@Override
				public void onBudgetExhausted(RaceInfo race, int attemptIndex) {
					HedgeBudgetTests.this.refused.add(attemptIndex);
				}
			})
			.build());
	}

	@Test
	void floorAllowsMinPerSecondTimesTheWindowWithoutPrimaries() {
		LaunchBudget.TokenBucket bucket = bucket(BUDGET);
		int taken = 0;
		while (bucket.tryAcquire(0)) {
			taken++;
		}
		assertThat(taken).isEqualTo(10);
	}

	@Test
	void eachPrimaryEarnsTheRatio() {
		LaunchBudget.TokenBucket bucket = bucket(BUDGET.withMinPerSecond(0));
		for (int i = 0; i < 40; i++) {
			bucket.primaryLaunched(0);
		}
		int taken = 0;
		while (bucket.tryAcquire(0)) {
			taken++;
		}
		assertThat(taken).isEqualTo(20);
	}

	@Test
	void spentBudgetRefillsAsItsSlicesLeaveTheWindow() {
		LaunchBudget.TokenBucket bucket = bucket(BUDGET);
		while (bucket.tryAcquire(0)) {
			// Spend it all at the start.
		}
		assertThat(bucket.tryAcquire(WINDOW.toNanos() - 1)).as("still inside the window").isFalse();
		assertThat(bucket.tryAcquire(WINDOW.toNanos())).as("the slice that spent it has left").isTrue();
	}

	@Test
	void primariesOlderThanTheWindowEarnNothing() {
		LaunchBudget.TokenBucket bucket = bucket(BUDGET.withMinPerSecond(0));
		for (int i = 0; i < 40; i++) {
			bucket.primaryLaunched(0);
		}
		assertThat(bucket.tryAcquire(WINDOW.toNanos() + 1)).isFalse();
	}

	@Test
	void zeroRatioAndZeroFloorRefuseEveryExtraAttempt() {
		LaunchBudget.TokenBucket bucket = bucket(BUDGET.withRatio(0).withMinPerSecond(0));
		bucket.primaryLaunched(0);
		assertThat(bucket.tryAcquire(0)).isFalse();
	}

	@Test
	void refusedHedgeLeavesThePrimaryRunningAlone() {
		RaceTemplate template = template(BUDGET.withRatio(0).withMinPerSecond(0), 3);
		PendingCalls<String> calls = new PendingCalls<>();
		CompletableFuture<String> result = template.firstAsync(List.of("a", "b", "c"), calls);
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(calls.launched()).isEqualTo(1);
		assertThat(calls.future(0)).as("the budget never cancels").isNotDone();
		assertThat(this.refused).containsExactly(1);
		calls.succeed(0, "slow but fine");
		assertThat(result).isCompletedWithValue("slow but fine");
	}

	@Test
	void refusedFailureAdvanceEndsTheRaceWithTheFailure() {
		RaceTemplate template = template(BUDGET.withRatio(0).withMinPerSecond(0), 3);
		PendingCalls<String> calls = new PendingCalls<>();
		CompletableFuture<String> result = template.firstAsync(List.of("a", "b", "c"), calls);
		calls.fail(0, new IOException("down"));
		assertThat(calls.launched()).isEqualTo(1);
		assertThat(result).isCompletedExceptionally();
		assertThat(this.refused).containsExactly(1);
	}

	@Test
	void hedgeStormWithEveryBackendStalledStaysWithinTheBudget() {
		RaceSettings.HedgeBudget budget = BUDGET.withRatio(0.1).withMinPerSecond(2);
		RaceTemplate template = template(budget, 4);
		PendingCalls<String> calls = new PendingCalls<>();
		int races = 0;
		// 20 races per 100 ms for 30 s of virtual time, every attempt stalled.
		for (int tick = 0; tick < 300; tick++) {
			for (int i = 0; i < 20; i++) {
				template.firstAsync(List.of("a", "b", "c", "d"), calls);
				races++;
			}
			this.scheduler.advance(Duration.ofMillis(100));
		}
		int extras = calls.launched() - races;
		// Over the run, each window allows 10 % of its primaries plus 2 per second.
		double allowed = 0.1 * races + 2 * 30 + 0.1 * 20 * 10 + 2 * 10;
		assertThat(extras).isPositive().isLessThanOrEqualTo((int) allowed);
		assertThat(extras).as("without the budget: 3 per race").isLessThan(races / 5);
		assertThat(calls.futures).as("nothing was cancelled for the budget").noneMatch(CompletableFuture::isDone);
	}

	@Test
	void streamsAreOutsideTheBudgetUnlessIncluded() {
		RaceTemplate template = template(BUDGET.withRatio(0).withMinPerSecond(0), 3);
		PendingCalls<String> calls = new PendingCalls<>();
		template.streamAsync(List.of("a", "b", "c"), calls);
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(calls.launched()).isEqualTo(3);
	}

	@Test
	void streamsDrawOnTheBudgetWhenIncluded() {
		RaceTemplate template = template(BUDGET.withRatio(0).withMinPerSecond(0).withStreams(true), 3);
		PendingCalls<String> calls = new PendingCalls<>();
		template.streamAsync(List.of("a", "b", "c"), calls);
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(calls.launched()).isEqualTo(1);
	}

	@Test
	void tokenTakenForALaunchThatDoesNotHappenIsGivenBack() {
		// A floor of exactly one extra attempt per window, no ratio.
		RaceTemplate template = template(BUDGET.withRatio(0).withMinPerSecond(0.1), 2);
		PendingCalls<String> calls = new PendingCalls<>();
		java.util.Iterator<String> throwsOnTheHedge = new java.util.Iterator<>() {

			private int drawn;

			@Override
			public boolean hasNext() {
				return true;
			}

			@Override
			public String next() {
				if (this.drawn++ > 0) {
					throw new IllegalStateException("paged source down");
				}
				return "a";
			}

		};
		CompletableFuture<String> first = template.firstAsync(() -> throwsOnTheHedge, calls);
		this.scheduler.advance(Duration.ofMillis(10));
		assertThat(first).isCompletedExceptionally();
		template.firstAsync(List.of("b", "c"), calls);
		this.scheduler.advance(Duration.ofMillis(10));
		assertThat(calls.arguments).as("the first race's token came back for this hedge")
			.containsExactly("a", "b", "c");
		assertThat(this.refused).isEmpty();
	}

	@Test
	void listenerThatThrowsOnABudgetRefusalBreaksNothing() {
		RaceTemplate template = new RaceTemplate(this.scheduler.settings()
			.step(Duration.ofMillis(10))
			.hedgeBudget(BUDGET.withRatio(0).withMinPerSecond(0))
			.listener(new RaceListener() {
				@Override
				public void onBudgetExhausted(RaceInfo race, int attemptIndex) {
					throw new StackOverflowError("listener");
				}
			})
			.build());
		PendingCalls<String> calls = new PendingCalls<>();
		CompletableFuture<String> result = template.firstAsync(List.of("a", "b"), calls);
		this.scheduler.advance(Duration.ofMillis(10));
		calls.succeed(0, "alone");
		assertThat(result).isCompletedWithValue("alone");
		assertThat(template.pendingWakeUps()).isZero();
	}

}
