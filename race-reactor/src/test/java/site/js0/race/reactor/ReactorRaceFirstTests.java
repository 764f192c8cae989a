package site.js0.race.reactor;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import site.js0.race.AttemptOutcome;
import site.js0.race.AttemptStatus;
import site.js0.race.ManualScheduler;
import site.js0.race.RaceAbortedException;
import site.js0.race.RaceFailedException;
import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;
import site.js0.race.RaceOutcome;
import site.js0.race.RaceRules;
import site.js0.race.RaceSettings;
import site.js0.race.RaceSummary;
import site.js0.race.RaceTemplate;
import site.js0.race.RaceTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ReactorRace#first} and {@link ReactorRace#hedge}: a {@code Mono} of the first
 * success, on race's virtual time.
 */
class ReactorRaceFirstTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final PendingMonos<String> calls = new PendingMonos<>();

	private ReactorRace race(Consumer<RaceSettings.Builder> customizer) {
		RaceSettings.Builder builder = this.scheduler.settingsLaunchingOnRaceThreads().step(STEP).maxAttempts(3);
		customizer.accept(builder);
		return ReactorRace.of(new RaceTemplate(builder.build()));
	}

	private ReactorRace race() {
		return race((builder) -> {
		});
	}

	/** Advance virtual time by one step and wait for the hedge it launches. */
	private void hedgeNumber(int launched) {
		this.scheduler.advance(STEP);
		await().atMost(WAIT).until(this.calls::launched, (count) -> count == launched);
	}

	private static <T> T get(CompletableFuture<T> future) throws Exception {
		return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Test
	void nothingStartsUntilSubscription() {
		Mono<String> first = race().first(List.of("a", "b"), this.calls);
		this.scheduler.advance(STEP.multipliedBy(5));
		assertThat(this.calls.launched()).isZero();
		first.subscribe();
		assertThat(this.calls.launched()).isOne();
		assertThat(this.calls.arguments).containsExactly("a");
	}

	@Test
	void eachSubscriptionIsANewRaceFromTheFirstArgument() throws Exception {
		Mono<String> first = race().first(List.of("a", "b"), this.calls);
		CompletableFuture<String> one = first.toFuture();
		CompletableFuture<String> two = first.toFuture();
		assertThat(this.calls.arguments).containsExactly("a", "a");
		this.calls.succeed(0, "one");
		this.calls.succeed(1, "two");
		assertThat(get(one)).isEqualTo("one");
		assertThat(get(two)).isEqualTo("two");
	}

	@Test
	void hedgeWinsAndEachAttemptSubscribesOnceToItsOwnMono() throws Exception {
		CompletableFuture<String> result = race().first(List.of("a", "b", "c"), this.calls).toFuture();
		hedgeNumber(2);
		this.calls.succeed(1, "B");
		assertThat(get(result)).isEqualTo("B");
		assertThat(this.calls.arguments).containsExactly("a", "b");
		assertThat(this.calls.subscriptions(0)).isOne();
		assertThat(this.calls.subscriptions(1)).isOne();
		assertThat(this.calls.attempts.get(1).isHedge()).isTrue();
	}

	@Test
	void losersAreCancelledOnceTheRaceIsDecidedAndNothingMoreIsLaunched() throws Exception {
		CompletableFuture<String> result = race().first(List.of("a", "b", "c"), this.calls).toFuture();
		hedgeNumber(2);
		this.calls.succeed(1, "B");
		assertThat(get(result)).isEqualTo("B");
		await().atMost(WAIT).until(() -> this.calls.cancelled(0));
		assertThat(this.calls.cancelled(1)).isFalse();
		this.scheduler.advance(STEP.multipliedBy(5));
		assertThat(this.calls.launched()).isEqualTo(2);
	}

	@Test
	void cancellingTheSubscriberCancelsTheRaceAndDisposesEveryRunningAttempt() {
		RecordingListener listener = new RecordingListener();
		Disposable subscription = race((builder) -> builder.listener(listener))
			.first(List.of("a", "b", "c"), this.calls)
			.subscribe();
		hedgeNumber(2);
		subscription.dispose();
		assertThat(this.calls.cancelled(0)).isTrue();
		assertThat(this.calls.cancelled(1)).isTrue();
		this.scheduler.advance(STEP.multipliedBy(5));
		assertThat(this.calls.launched()).isEqualTo(2);
		await().atMost(WAIT).until(() -> !listener.summaries.isEmpty());
		assertThat(listener.summaries.get(0).outcome()).isEqualTo(RaceOutcome.CANCELLED);
	}

	@Test
	void everyAttemptFailingSignalsRaceFailedExceptionWithEachFailureInLaunchOrder() {
		CompletableFuture<String> result = race((builder) -> builder.maxAttempts(2))
			.first(List.of("a", "b", "c"), this.calls)
			.toFuture();
		this.calls.fail(0, new IOException("a down"));
		// A failure advances the schedule: the next attempt starts at once.
		await().atMost(WAIT).until(this.calls::launched, (count) -> count == 2);
		this.calls.fail(1, new IOException("b down"));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(result))
			.havingCause()
			.isInstanceOf(RaceFailedException.class)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).extracting(Throwable::getMessage)
				.containsExactly("a down", "b down"));
	}

	@Test
	void anAbortingFailureSignalsRaceAbortedException() {
		CompletableFuture<String> result = race((builder) -> builder.abortOn(IllegalArgumentException.class))
			.first(List.of("a", "b"), this.calls)
			.toFuture();
		this.calls.fail(0, new IllegalArgumentException("bad request"));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(result))
			.havingCause()
			.isInstanceOf(RaceAbortedException.class);
		this.scheduler.advance(STEP.multipliedBy(3));
		assertThat(this.calls.launched()).isOne();
	}

	@Test
	void theDeadlineSignalsRaceTimeoutExceptionAndCancelsTheRunningAttempts() {
		CompletableFuture<String> result = race((builder) -> builder.deadline(STEP.multipliedBy(3).dividedBy(2)))
			.first(List.of("a", "b", "c"), this.calls)
			.toFuture();
		hedgeNumber(2);
		this.scheduler.advance(STEP.dividedBy(2));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(result))
			.havingCause()
			.isInstanceOf(RaceTimeoutException.class);
		await().atMost(WAIT).until(() -> this.calls.cancelled(0) && this.calls.cancelled(1));
	}

	@Test
	void anAttemptThatCompletesEmptyIsAFailure() {
		CompletableFuture<String> result = race((builder) -> builder.maxAttempts(2))
			.first(List.of("a", "b"), this.calls)
			.toFuture();
		this.calls.completeEmpty(0);
		await().atMost(WAIT).until(this.calls::launched, (count) -> count == 2);
		this.calls.completeEmpty(1);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(result))
			.havingCause()
			.isInstanceOf(RaceFailedException.class)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(2)
				.allSatisfy((failure) -> assertThat(failure).isInstanceOf(EmptyAttemptException.class)));
	}

	@Test
	void theTemplatesRulesAndTheGivenRulesClassifyResults() throws Exception {
		RaceRules<String> notStale = RaceRules.successWhen((String value) -> !value.startsWith("stale"));
		CompletableFuture<String> result = race().first(List.of("a", "b"), this.calls, notStale).toFuture();
		this.calls.succeed(0, "stale A");
		await().atMost(WAIT).until(this.calls::launched, (count) -> count == 2);
		this.calls.succeed(1, "fresh B");
		assertThat(get(result)).isEqualTo("fresh B");
	}

	@Test
	void aCallFunctionThatThrowsOrReturnsNullFailsOnlyItsAttempt() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = race()
			.<String, String>first(List.of("throws", "null", "ok"), (argument, attempt) -> {
				calls.incrementAndGet();
				return switch (argument) {
					case "throws" -> throw new IOException("cannot start");
					case "null" -> null;
					default -> Mono.just("ok");
				};
			})
			.toFuture();
		assertThat(get(result)).isEqualTo("ok");
		assertThat(calls).hasValue(3);
	}

	@Test
	void aNullMonoFailureNamesTheAttempt() {
		CompletableFuture<String> result = race((builder) -> builder.maxAttempts(1))
			.<String, String>first(List.of("a"), (argument, attempt) -> null)
			.toFuture();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(result))
			.havingCause()
			.isInstanceOf(RaceFailedException.class)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement()
				.satisfies((failure) -> assertThat(failure).isInstanceOf(NullPointerException.class)
					.hasMessageContaining("#0")));
	}

	@Test
	void aCallFunctionThatBlocksHoldsBackNeitherTheWinnerNorOtherRaces() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocking = new CountDownLatch(1);
		List<Mono<String>> lateMonos = new CopyOnWriteArrayList<>();
		AtomicInteger lateSubscriptions = new AtomicInteger();
		AtomicInteger lateCancellations = new AtomicInteger();
		ReactorRace race = race();
		CompletableFuture<String> result = race
			.<String, String>first(List.of("a", "blocks", "c"), (argument, attempt) -> {
				if (argument.equals("blocks")) {
					blocking.countDown();
					release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					Mono<String> late = Mono.<String>never()
						.doOnSubscribe((s) -> lateSubscriptions.incrementAndGet())
						.doOnCancel(lateCancellations::incrementAndGet);
					lateMonos.add(late);
					return late;
				}
				return this.calls.start(argument, attempt);
			})
			.toFuture();
		this.scheduler.advance(STEP);
		assertThat(blocking.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		// While the hedge's call function blocks, another race of the template runs...
		CompletableFuture<String> other = race.first(List.of("x"), this.calls).toFuture();
		this.calls.succeed(1, "X");
		assertThat(get(other)).isEqualTo("X");
		// ...and the first attempt's success is delivered at once.
		this.calls.succeed(0, "A");
		assertThat(get(result)).isEqualTo("A");
		release.countDown();
		await().atMost(WAIT).until(() -> !lateMonos.isEmpty());
		// The late attempt's Mono is never left running: not subscribed, or cancelled.
		await().atMost(WAIT).until(() -> lateSubscriptions.get() == lateCancellations.get());
		assertThat(lateSubscriptions.get()).isLessThanOrEqualTo(1);
		this.scheduler.advance(STEP.multipliedBy(3));
		assertThat(this.calls.arguments).containsExactly("a", "x");
	}

	@Test
	void theSubscribersContextReachesEveryAttempt() {
		race().first(List.of("a", "b"), this.calls).contextWrite(Context.of("tenant", "acme")).subscribe();
		hedgeNumber(2);
		assertThat(this.calls.contexts).hasSize(2)
			.allSatisfy((context) -> assertThat(context.<String>get("tenant")).isEqualTo("acme"));
	}

	@Test
	void theTemplatesListenersSeeEveryAttemptAndTheWinner() throws Exception {
		RecordingListener listener = new RecordingListener();
		CompletableFuture<String> result = race((builder) -> builder.listener(listener))
			.first(List.of("a", "b"), this.calls)
			.toFuture();
		hedgeNumber(2);
		this.calls.succeed(0, "A");
		assertThat(get(result)).isEqualTo("A");
		await().atMost(WAIT).until(() -> listener.outcomes.size() == 2);
		assertThat(listener.outcomes).extracting(AttemptOutcome::status)
			.containsExactlyInAnyOrder(AttemptStatus.WON, AttemptStatus.LOST);
		assertThat(listener.summaries).singleElement()
			.satisfies((summary) -> assertThat(summary.outcome()).isEqualTo(RaceOutcome.SUCCESS));
	}

	@Test
	void hedgeSubscribesToAFreshMonoFromTheSupplierForEachAttempt() throws Exception {
		AtomicInteger supplied = new AtomicInteger();
		CompletableFuture<String> result = race().hedge(() -> {
			supplied.incrementAndGet();
			return this.calls.next("call");
		}).toFuture();
		hedgeNumber(2);
		this.calls.succeed(1, "second");
		assertThat(get(result)).isEqualTo("second");
		assertThat(supplied).hasValue(2);
		assertThat(this.calls.subscriptions(0)).isOne();
		assertThat(this.calls.subscriptions(1)).isOne();
	}

	/** Records the summaries and outcomes a race reports. */
	static final class RecordingListener implements RaceListener {

		final List<AttemptOutcome<?, ?>> outcomes = new CopyOnWriteArrayList<>();

		final List<RaceSummary> summaries = new CopyOnWriteArrayList<>();

		@Override
		public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
			this.outcomes.add(outcome);
		}

		@Override
		public void onRaceFinished(RaceInfo race, RaceSummary summary) {
			this.summaries.add(summary);
		}

	}

}
