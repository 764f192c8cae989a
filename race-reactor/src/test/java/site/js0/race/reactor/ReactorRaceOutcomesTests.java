package site.js0.race.reactor;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import site.js0.race.AttemptOutcome;
import site.js0.race.AttemptStatus;
import site.js0.race.ManualScheduler;
import site.js0.race.RaceAbortedException;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ReactorRace#outcomes}: a {@code Flux} of every outcome in completion order, on
 * race's virtual time.
 */
class ReactorRaceOutcomesTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final PendingMonos<String> calls = new PendingMonos<>();

	private ReactorRace race(Consumer<RaceSettings.Builder> customizer) {
		RaceSettings.Builder builder = this.scheduler.settingsLaunchingOnRaceThreads()
			.step(STEP)
			.maxAttempts(RaceSettings.UNLIMITED_ATTEMPTS);
		customizer.accept(builder);
		return ReactorRace.of(new RaceTemplate(builder.build()));
	}

	private ReactorRace race() {
		return race((builder) -> {
		});
	}

	private void awaitLaunched(int count) {
		await().atMost(WAIT).until(this.calls::launched, (launched) -> launched == count);
	}

	@Test
	void outcomesArriveInCompletionOrderAndTheFluxCompletesAfterTheLast() throws Exception {
		CompletableFuture<List<AttemptOutcome<String, String>>> outcomes = race()
			.outcomes(List.of("a", "b", "c"), this.calls)
			.collectList()
			.toFuture();
		this.scheduler.advance(STEP);
		awaitLaunched(2);
		this.scheduler.advance(STEP);
		awaitLaunched(3);
		this.calls.succeed(2, "C");
		this.calls.fail(0, new IOException("a down"));
		this.calls.succeed(1, "B");
		assertThat(outcomes.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).satisfies((list) -> {
			assertThat(list).extracting(AttemptOutcome::argument).containsExactly("c", "a", "b");
			assertThat(list).extracting(AttemptOutcome::status)
				.containsExactly(AttemptStatus.WON, AttemptStatus.FAILED, AttemptStatus.WON);
			assertThat(list.get(1).failure()).hasMessage("a down");
		});
	}

	@Test
	void nothingStartsUntilSubscriptionAndEachSubscriptionIsANewRace() {
		Flux<AttemptOutcome<String, String>> outcomes = race().outcomes(List.of("a", "b"), this.calls);
		this.scheduler.advance(STEP.multipliedBy(3));
		assertThat(this.calls.launched()).isZero();
		outcomes.subscribe();
		outcomes.subscribe();
		assertThat(this.calls.arguments).containsExactly("a", "a");
		assertThat(this.calls.subscriptions).allSatisfy((count) -> assertThat(count).hasValue(1));
	}

	@Test
	void launchesWaitForTheSubscribersDemand() {
		Demanding subscriber = new Demanding(1);
		race().outcomes(List.of("a", "b", "c"), this.calls).subscribe(subscriber);
		assertThat(this.calls.launched()).isOne();
		// Demand 1 and one attempt in flight: the hedge due after a step is held back.
		this.scheduler.advance(STEP.multipliedBy(3));
		assertThat(this.calls.launched()).isOne();
		this.calls.succeed(0, "A");
		assertThat(subscriber.received).extracting(AttemptOutcome::value).containsExactly("A");
		this.scheduler.advance(STEP);
		assertThat(this.calls.launched()).isOne();
		// Demand comes back: the held launch happens at once.
		subscriber.more(1);
		awaitLaunched(2);
		assertThat(this.calls.arguments).containsExactly("a", "b");
	}

	@Test
	void cancellingTheSubscriptionDisposesEveryRunningAttemptAndLaunchesNothingMore() {
		Demanding subscriber = new Demanding(Long.MAX_VALUE);
		race().outcomes(List.of("a", "b", "c", "d"), this.calls).subscribe(subscriber);
		this.scheduler.advance(STEP);
		awaitLaunched(2);
		subscriber.cancel();
		assertThat(this.calls.cancelled(0)).isTrue();
		assertThat(this.calls.cancelled(1)).isTrue();
		this.scheduler.advance(STEP.multipliedBy(5));
		assertThat(this.calls.launched()).isEqualTo(2);
	}

	@Test
	void anAbortingFailureEndsTheFluxWithRaceAbortedExceptionAfterItsOutcome() {
		CompletableFuture<Void> end = race((builder) -> builder.abortOn(IllegalArgumentException.class))
			.outcomes(List.of("a", "b"), this.calls)
			.then()
			.toFuture();
		this.calls.fail(0, new IllegalArgumentException("bad request"));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> end.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
			.havingCause()
			.isInstanceOf(RaceAbortedException.class);
		assertThat(this.calls.launched()).isOne();
	}

	@Test
	void anEmptyAttemptIsAFailedOutcome() throws Exception {
		CompletableFuture<List<AttemptOutcome<String, String>>> outcomes = race().outcomes(List.of("a"), this.calls)
			.collectList()
			.toFuture();
		this.calls.completeEmpty(0);
		assertThat(outcomes.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).singleElement()
			.satisfies((outcome) -> assertThat(outcome.failure()).isInstanceOf(EmptyAttemptException.class));
	}

	/** A subscriber that requests exactly what the test says. */
	static final class Demanding extends BaseSubscriber<AttemptOutcome<String, String>> {

		final List<AttemptOutcome<String, String>> received = new CopyOnWriteArrayList<>();

		private final long initial;

		Demanding(long initial) {
			this.initial = initial;
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			request(this.initial);
		}

		@Override
		protected void hookOnNext(AttemptOutcome<String, String> outcome) {
			this.received.add(outcome);
		}

		void more(long n) {
			request(n);
		}

	}

}
