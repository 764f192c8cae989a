package site.js0.race;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive step, on virtual time: its warm-up, its percentile, its clamps, the
 * rotation of its window, and what censored losers contribute.
 */
class AdaptiveStepTests {

	private static final long MS = 1_000_000L;

	private static final Duration CONFIGURED = Duration.ofMillis(500);

	private static final RaceSettings.AdaptiveStep ADAPTIVE = RaceSettings.AdaptiveStep.defaults()
		.withMinSamples(10)
		.withWindow(Duration.ofSeconds(10))
		.withClamps(Duration.ofMillis(1), Duration.ofSeconds(5));

	private final ManualScheduler scheduler = new ManualScheduler();

	private StepSource step(RaceSettings.AdaptiveStep adaptive) {
		return StepSource.of(this.scheduler.settings().step(CONFIGURED).adaptiveStep(adaptive).build(), Runnable::run,
				0);
	}

	/** Record {@code count} complete latencies of {@code millis} at {@code at}. */
	private static void record(StepSource step, int count, long millis, long at) {
		for (int i = 0; i < count; i++) {
			step.primaryEnded(millis * MS, true, at);
		}
	}

	/** The first instant of the slice after the one holding {@code at}. */
	private static long nextSlice(long at) {
		long slice = Duration.ofSeconds(10).toNanos() / LatencyWindow.SLICES;
		return (at / slice + 1) * slice;
	}

	@Test
	void configuredStepAppliesUntilTheWindowHoldsMinSamples() {
		StepSource step = step(ADAPTIVE);
		record(step, 9, 20, 0);
		assertThat(step.stepNanos(nextSlice(0))).isEqualTo(CONFIGURED.toNanos());
	}

	@Test
	void stepBecomesThePercentileOnceTheWindowHoldsMinSamples() {
		StepSource step = step(ADAPTIVE);
		record(step, 95, 20, 0);
		record(step, 5, 200, 0);
		long step95 = step.stepNanos(nextSlice(0));
		assertThat(step95).isBetween(19 * MS, 21 * MS);
	}

	@Test
	void stepIsNotRecomputedBeforeTheSliceCloses() {
		StepSource step = step(ADAPTIVE);
		record(step, 100, 20, 0);
		assertThat(step.stepNanos(nextSlice(0) - 1)).isEqualTo(CONFIGURED.toNanos());
	}

	@Test
	void stepFollowsTheRequestedPercentile() {
		StepSource step = step(ADAPTIVE.withPercentile(50));
		record(step, 50, 10, 0);
		record(step, 50, 100, 0);
		assertThat(step.stepNanos(nextSlice(0))).isBetween(9 * MS, 11 * MS);
	}

	@Test
	void stepIsClampedToMinStep() {
		StepSource step = step(ADAPTIVE.withClamps(Duration.ofMillis(5), Duration.ofSeconds(5)));
		record(step, 100, 1, 0);
		assertThat(step.stepNanos(nextSlice(0))).isEqualTo(5 * MS);
	}

	@Test
	void stepIsClampedToMaxStep() {
		StepSource step = step(ADAPTIVE.withClamps(Duration.ofMillis(1), Duration.ofMillis(50)));
		record(step, 100, 400, 0);
		assertThat(step.stepNanos(nextSlice(0))).isEqualTo(50 * MS);
	}

	@Test
	void latenciesOlderThanTheWindowAreForgotten() {
		StepSource step = step(ADAPTIVE);
		record(step, 100, 300, 0);
		assertThat(step.stepNanos(nextSlice(0))).isGreaterThan(250 * MS);
		long later = Duration.ofSeconds(5).toNanos();
		record(step, 100, 20, later);
		assertThat(step.stepNanos(nextSlice(later))).as("both slices in the window").isGreaterThan(250 * MS);
		long afterWindow = nextSlice(0) + Duration.ofSeconds(10).toNanos();
		assertThat(step.stepNanos(afterWindow)).as("the slow slice left the window").isBetween(19 * MS, 21 * MS);
	}

	@Test
	void anIdleWindowWarmsUpAgain() {
		StepSource step = step(ADAPTIVE);
		record(step, 100, 20, 0);
		assertThat(step.stepNanos(nextSlice(0))).isBetween(19 * MS, 21 * MS);
		assertThat(step.stepNanos(Duration.ofMinutes(5).toNanos())).isEqualTo(CONFIGURED.toNanos());
	}

	@Test
	void censoredLatencyShorterThanTheStepIsDropped() {
		StepSource step = step(ADAPTIVE);
		record(step, 100, 20, 0);
		long now = nextSlice(0);
		assertThat(step.stepNanos(now)).isBetween(19 * MS, 21 * MS);
		for (int i = 0; i < 1_000; i++) {
			step.primaryEnded(2 * MS, false, now);
		}
		assertThat(step.stepNanos(nextSlice(now))).as("losers cut short do not drag the step down")
			.isBetween(19 * MS, 21 * MS);
	}

	@Test
	void censoredLatencyBeyondTheStepCountsAsSlow() {
		StepSource step = step(ADAPTIVE);
		record(step, 100, 20, 0);
		long now = nextSlice(0);
		for (int i = 0; i < 100; i++) {
			step.primaryEnded(300 * MS, false, now);
		}
		assertThat(step.stepNanos(nextSlice(now))).isGreaterThanOrEqualTo(290 * MS);
	}

	@Test
	void templateHedgesAtThePercentileOfItsOwnPrimaries() {
		RaceTemplate template = new RaceTemplate(this.scheduler.settings()
			.step(CONFIGURED)
			.maxAttempts(2)
			.adaptiveStep(ADAPTIVE.withPercentile(90))
			.build());
		PendingCalls<String> calls = new PendingCalls<>();
		for (int i = 0; i < 10; i++) {
			template.firstAsync(List.of("a", "b"), calls);
			this.scheduler.advance(Duration.ofMillis(30));
			calls.succeed(calls.launched() - 1, "ok");
		}
		assertThat(calls.launched()).as("no hedge while warming up").isEqualTo(10);
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(template.currentStep()).isBetween(Duration.ofMillis(29), Duration.ofMillis(31));
		template.firstAsync(List.of("a", "b"), calls);
		this.scheduler.advance(Duration.ofMillis(29));
		assertThat(calls.launched()).isEqualTo(11);
		this.scheduler.advance(Duration.ofMillis(2));
		assertThat(calls.launched()).isEqualTo(12);
		assertThat(calls.contexts.get(11).isHedge()).isTrue();
	}

	@Test
	void listenersReadTheCurrentStep() {
		List<Duration> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		RaceTemplate template = new RaceTemplate(
				this.scheduler.settings().step(CONFIGURED).listener(new RaceListener() {
					@Override
					public void onRaceStarted(RaceInfo race) {
						seen.add(race.currentStep());
					}
				}).build());
		template.firstAsync(List.of("a"), new PendingCalls<>());
		assertThat(seen).containsExactly(CONFIGURED);
	}

	@Test
	void everyPrimaryIsTimedAtOrdinaryRates() {
		StepSource step = step(ADAPTIVE);
		record(step, 1_000, 20, 0);
		step.stepNanos(nextSlice(0));
		for (int i = 0; i < 16; i++) {
			assertThat(step.wantsSample()).isTrue();
		}
	}

	@Test
	void oneInEightPrimariesIsTimedAboveTheSamplingRateAndEveryOneAgainBelowIt() {
		StepSource step = step(ADAPTIVE);
		record(step, LatencyWindow.SAMPLING_RATE, 20, 0);
		long now = nextSlice(0);
		step.stepNanos(now);
		int sampled = 0;
		for (int i = 0; i < 64; i++) {
			sampled += step.wantsSample() ? 1 : 0;
		}
		assertThat(sampled).isEqualTo(64 / LatencyWindow.SAMPLED_STRIDE);
		assertThat(step.stepNanos(now)).as("the percentile of the sample").isBetween(19 * MS, 21 * MS);
		// A quiet slice: the rate falls below half the threshold.
		record(step, 10, 20, now);
		step.stepNanos(nextSlice(now));
		assertThat(step.wantsSample()).isTrue();
		assertThat(step.wantsSample()).isTrue();
	}

	@Test
	void shadowModeWithAFixedStepTimesEveryPrimary() {
		StepSource step = StepSource.of(this.scheduler.settings().step(CONFIGURED).shadow(true).build(), Runnable::run,
				0);
		record(step, LatencyWindow.SAMPLING_RATE * 2, 20, 0);
		step.stepNanos(nextSlice(0));
		for (int i = 0; i < 16; i++) {
			assertThat(step.wantsSample()).isTrue();
		}
	}

}
