package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shadow mode, on virtual time: no hedge is launched, but the hedges that would have been
 * are reported, with whether they would likely have helped.
 */
class ShadowModeTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final List<ShadowHedge> shadows = new CopyOnWriteArrayList<>();

	private final PendingCalls<String> calls = new PendingCalls<>();

	private final RaceTemplate template = new RaceTemplate(this.scheduler.settings()
		.step(STEP)
		.maxAttempts(3)
		.shadow(true)
		.adaptiveStep(RaceSettings.AdaptiveStep.defaults().withMinSamples(5).withPercentile(50))
		.listener(new RaceListener() {
			@Override
			public void onShadowHedge(RaceInfo race, ShadowHedge hedge) {
				ShadowModeTests.this.shadows.add(hedge);
			}
		})
		.build());

	/** Run races whose primaries answer after {@code millis}. */
	private void warmUp(int races, long millis) {
		for (int i = 0; i < races; i++) {
			this.template.firstAsync(List.of("a", "b", "c"), this.calls);
			this.scheduler.advance(Duration.ofMillis(millis));
			this.calls.succeed(this.calls.launched() - 1, "ok");
		}
		this.scheduler.advance(Duration.ofSeconds(1));
	}

	@Test
	void noHedgeIsLaunchedOnTheTimer() {
		CompletableFuture<String> result = this.template.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(Duration.ofSeconds(5));
		assertThat(this.calls.launched()).isOne();
		this.calls.succeed(0, "alone");
		assertThat(result).isCompletedWithValue("alone");
	}

	@Test
	void failureStillLaunchesTheNextAttempt() {
		this.template.firstAsync(List.of("a", "b", "c"), this.calls);
		this.calls.fail(0, new IOException("down"));
		assertThat(this.calls.arguments).containsExactly("a", "b");
	}

	@Test
	void failureLaunchesTheNextAttemptEvenWhenFailuresDoNotAdvanceTheSchedule() {
		PendingCalls<String> calls = new PendingCalls<>();
		CompletableFuture<String> result = new RaceTemplate(
				this.scheduler.settings().step(STEP).maxAttempts(2).shadow(true).failureAdvances(false).build())
			.firstAsync(List.of("a", "b"), calls);
		calls.fail(0, new IOException("down"));
		assertThat(calls.arguments).as("with no timed launch, nothing else would ever start").containsExactly("a", "b");
		calls.succeed(1, "B");
		assertThat(result).isCompletedWithValue("B");
	}

	@Test
	void adaptiveStepInShadowModeTimesEveryPrimaryWhateverTheRate() {
		StepSource step = StepSource.of(this.scheduler.settings()
			.shadow(true)
			.adaptiveStep(RaceSettings.AdaptiveStep.defaults().withMinSamples(1))
			.build(), Runnable::run, 0);
		for (int i = 0; i < LatencyWindow.SAMPLING_RATE * 2; i++) {
			step.primaryEnded(1_000_000, true, 0);
		}
		step.stepNanos(Duration.ofSeconds(2).toNanos());
		for (int i = 0; i < 16; i++) {
			assertThat(step.wantsSample()).isTrue();
		}
	}

	@Test
	void primaryWithinTheStepReportsNoHedge() {
		this.template.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP);
		this.calls.succeed(0, "in time");
		assertThat(this.shadows).isEmpty();
	}

	@Test
	void primaryPastTheStepReportsTheHedgeThatWouldHaveLaunched() {
		this.template.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP.plusMillis(1));
		this.calls.succeed(0, "late");
		assertThat(this.shadows).singleElement().satisfies((hedge) -> {
			assertThat(hedge.launchOffset()).isEqualTo(STEP);
			assertThat(hedge.primaryRan()).isEqualTo(STEP.plusMillis(1));
			assertThat(hedge.likelyHelped()).as("typical latency still unknown").isFalse();
		});
	}

	@Test
	void hedgeLikelyHelpedWhenThePrimaryRanPastTheStepPlusTheTypicalLatency() {
		warmUp(5, 20);
		Duration step = this.template.currentStep();
		assertThat(step).isBetween(Duration.ofMillis(19), Duration.ofMillis(21));
		this.template.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(Duration.ofMillis(300));
		this.calls.succeed(this.calls.launched() - 1, "very late");
		assertThat(this.shadows).last().satisfies((hedge) -> {
			assertThat(hedge.typicalLatency()).isBetween(Duration.ofMillis(19), Duration.ofMillis(21));
			assertThat(hedge.likelyHelped()).isTrue();
		});
	}

	@Test
	void hedgeWouldNotHaveHelpedWhenThePrimaryAnsweredSoonAfterTheStep() {
		warmUp(5, 20);
		this.template.firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(Duration.ofMillis(30));
		this.calls.succeed(this.calls.launched() - 1, "a little late");
		assertThat(this.shadows).last().satisfies((hedge) -> assertThat(hedge.likelyHelped()).isFalse());
	}

	@Test
	void listenerThatThrowsOnAShadowHedgeBreaksNothing() {
		RaceTemplate template = new RaceTemplate(
				this.scheduler.settings().step(STEP).maxAttempts(2).shadow(true).listener(new RaceListener() {
					@Override
					public void onShadowHedge(RaceInfo race, ShadowHedge hedge) {
						throw new IllegalStateException("listener");
					}
				}).build());
		PendingCalls<String> calls = new PendingCalls<>();
		CompletableFuture<String> result = template.firstAsync(List.of("a", "b"), calls);
		this.scheduler.advance(STEP.plusMillis(1));
		calls.succeed(0, "late");
		assertThat(result).isCompletedWithValue("late");
		assertThat(template.pendingWakeUps()).isZero();
	}

}
