package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener SPI: what is reported, in which order, and that a faulty listener is
 * harmless.
 */
class RaceListenerTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final PendingCalls<String> calls = new PendingCalls<>();

	private RaceTemplate template(RaceListener... listeners) {
		return new RaceTemplate(this.scheduler.settings().name("dns").step(STEP).listeners(List.of(listeners)).build());
	}

	@Test
	void reportsTheLifeOfARaceInOrder() {
		RecordingListener listener = new RecordingListener();
		CompletableFuture<String> result = template(listener).firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP);
		this.calls.fail(0, new IOException("a down"));
		this.calls.succeed(2, "C");
		assertThat(result).isCompletedWithValue("C");
		assertThat(listener.events).containsExactly("started dns", "launched #0", "launched #1", "finished #0 FAILED",
				"launched #2", "finished #2 WON", "finished #1 LOST", "race SUCCESS winner=2 launched=3");
	}

	@Test
	void summaryCarriesOutcomeWinnerHedgesAndDuration() {
		RecordingListener listener = new RecordingListener();
		template(listener).firstAsync(List.of("a", "b"), this.calls);
		this.scheduler.advance(STEP);
		this.scheduler.advance(Duration.ofMillis(20));
		this.calls.succeed(1, "B");
		assertThat(listener.summaries).singleElement().satisfies((summary) -> {
			assertThat(summary.outcome()).isEqualTo(RaceOutcome.SUCCESS);
			assertThat(summary.winnerIndex()).isEqualTo(1);
			assertThat(summary.hedges()).isEqualTo(1);
			assertThat(summary.duration()).isEqualTo(Duration.ofMillis(120));
			assertThat(summary.failure()).isNull();
		});
	}

	@Test
	void everyLaunchedAttemptFinishesExactlyOnce() {
		RecordingListener listener = new RecordingListener();
		template(listener).firstAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP.multipliedBy(2));
		this.calls.succeed(1, "B");
		this.calls.succeed(0, "late");
		this.calls.fail(2, new IOException("late"));
		assertThat(listener.outcomes).extracting(AttemptOutcome::index).containsExactlyInAnyOrder(0, 1, 2);
	}

	@Test
	void throwingListenerNeitherBreaksTheRaceNorStarvesTheNextListener() {
		RaceListener faulty = new RaceListener() {
			@Override
			public void onRaceStarted(RaceInfo race) {
				throw new IllegalStateException("faulty");
			}

			@Override
			public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
				throw new IllegalStateException("faulty");
			}

			@Override
			public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
				throw new IllegalStateException("faulty");
			}

			@Override
			public void onRaceFinished(RaceInfo race, RaceSummary summary) {
				throw new IllegalStateException("faulty");
			}
		};
		RecordingListener after = new RecordingListener();
		CompletableFuture<String> result = template(faulty, after).firstAsync(List.of("a"), this.calls);
		this.calls.succeed(0, "A");
		assertThat(result).isCompletedWithValue("A");
		assertThat(after.events).containsExactly("started dns", "launched #0", "finished #0 WON",
				"race SUCCESS winner=0 launched=1");
	}

	@Test
	void raceInfoReportsNameLaunchesAndKind() {
		RecordingListener listener = new RecordingListener();
		RaceListener inspecting = new RaceListener() {
			@Override
			public void onRaceFinished(RaceInfo race, RaceSummary summary) {
				assertThat(race.name()).isEqualTo("dns");
				assertThat(race.isStream()).isFalse();
				assertThat(race.attemptsLaunched()).isEqualTo(1);
				assertThat(race.settings().step()).isEqualTo(STEP);
				listener.events.add("inspected");
			}
		};
		template(inspecting).firstAsync(List.of("a"), this.calls);
		this.calls.succeed(0, "A");
		assertThat(listener.events).containsExactly("inspected");
	}

	@Test
	void cancelDuringRaceStartedIsReportedAfterEveryListenerSawTheStart() {
		RaceListener cancelling = new RaceListener() {
			@Override
			public void onRaceStarted(RaceInfo race) {
				race.cancel();
			}
		};
		RecordingListener after = new RecordingListener();
		CompletableFuture<String> result = template(cancelling, after).firstAsync(List.of("a"), this.calls);
		assertThat(result).isCancelled();
		assertThat(after.events).containsExactly("started dns", "race CANCELLED winner=-1 launched=0");
		assertThat(this.calls.launched()).isZero();
	}

	@Test
	void lostAttemptReportsHowLongAfterTheDecisionItEnded() {
		RecordingListener listener = new RecordingListener();
		new RaceTemplate(this.scheduler.settings().step(STEP).cancelLosers(false).listener(listener).build())
			.firstAsync(List.of("a", "b"), this.calls);
		this.scheduler.advance(STEP);
		this.calls.succeed(1, "B");
		this.scheduler.advance(Duration.ofMillis(250));
		this.calls.succeed(0, "A, late");
		assertThat(listener.outcomes).filteredOn((outcome) -> outcome.status() == AttemptStatus.LOST)
			.singleElement()
			.satisfies((outcome) -> assertThat(outcome.afterDecision()).isEqualTo(Duration.ofMillis(250)));
	}

	@Test
	void attemptsThatDidNotLoseReportNothingAfterTheDecision() {
		RecordingListener listener = new RecordingListener();
		template(listener).firstAsync(List.of("a", "b"), this.calls);
		this.scheduler.advance(STEP);
		this.calls.succeed(1, "B");
		assertThat(listener.outcomes).filteredOn((outcome) -> outcome.status() == AttemptStatus.WON)
			.singleElement()
			.satisfies((outcome) -> assertThat(outcome.afterDecision()).isZero());
	}

}
