package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Consuming every outcome of a race in completion order, as an iterator, a
 * {@link java.util.stream.Stream} and a {@link Flow.Publisher}. On virtual time.
 */
class RaceStreamTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final PendingCalls<String> calls = new PendingCalls<>();

	/** The template made last, whose pending wake-ups the tests check. */
	private RaceTemplate template;

	private RaceTemplate template(Consumer<RaceSettings.Builder> customizer) {
		RaceSettings.Builder builder = this.scheduler.settings()
			.step(STEP)
			.maxAttempts(RaceSettings.UNLIMITED_ATTEMPTS);
		customizer.accept(builder);
		this.template = new RaceTemplate(builder.build());
		return this.template;
	}

	private RaceTemplate template() {
		return template((builder) -> {
		});
	}

	@Test
	void outcomesArriveInCompletionOrderWithTheirArgumentIndexOffsetAndDuration() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP.multipliedBy(2));
		this.scheduler.advance(Duration.ofMillis(30));
		this.calls.succeed(2, "C");
		this.calls.fail(0, new IOException("a down"));
		this.calls.succeed(1, "B");
		List<AttemptOutcome<String, String>> outcomes = new ArrayList<>();
		stream.forEach(outcomes::add);
		assertThat(outcomes).extracting(AttemptOutcome::argument).containsExactly("c", "a", "b");
		assertThat(outcomes).extracting(AttemptOutcome::index).containsExactly(2, 0, 1);
		assertThat(outcomes).extracting(AttemptOutcome::status)
			.containsExactly(AttemptStatus.WON, AttemptStatus.FAILED, AttemptStatus.WON);
		assertThat(outcomes.get(0).launchOffset()).isEqualTo(STEP.multipliedBy(2));
		assertThat(outcomes.get(0).duration()).isEqualTo(Duration.ofMillis(30));
		assertThat(outcomes.get(1).duration()).isEqualTo(Duration.ofMillis(230));
		assertThat(outcomes.get(1).failure()).hasMessage("a down");
		assertThat(outcomes.get(2).value()).isEqualTo("B");
	}

	@Test
	void successDoesNotStopTheStream() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a", "b", "c"), this.calls);
		this.calls.succeed(0, "A");
		this.scheduler.advance(STEP.multipliedBy(2));
		assertThat(this.calls.launched()).isEqualTo(3);
		this.calls.succeed(1, "B");
		this.calls.succeed(2, "C");
		assertThat(stream.stream().map(AttemptOutcome::value).collect(Collectors.toList())).containsExactly("A", "B",
				"C");
	}

	@Test
	void strictScheduleStartsOneAttemptEveryStepForRateLimiting() {
		RaceStream<String, String> stream = template((builder) -> builder.failureAdvances(false))
			.streamAsync(List.of("a", "b", "c", "d"), (argument, attempt) -> {
				throw new IOException("always fails");
			});
		this.scheduler.advance(STEP.multipliedBy(3));
		assertThat(stream.stream().map(AttemptOutcome::launchOffset).collect(Collectors.toList()))
			.containsExactly(Duration.ZERO, STEP, STEP.multipliedBy(2), STEP.multipliedBy(3));
	}

	@Test
	void closingTheStreamStopsLaunchingAndCancelsAttemptsInFlight() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP);
		stream.close();
		assertThat(this.calls.future(0)).isCancelled();
		assertThat(this.calls.future(1)).isCancelled();
		assertThat(this.template.pendingWakeUps()).isZero();
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(this.calls.launched()).isEqualTo(2);
		assertThat(stream.iterator().hasNext()).isFalse();
	}

	@Test
	void closingTheJavaStreamClosesTheRace() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a", "b"), this.calls);
		try (java.util.stream.Stream<AttemptOutcome<String, String>> outcomes = stream.stream()) {
			this.calls.succeed(0, "A");
			assertThat(outcomes.findFirst())
				.hasValueSatisfying((outcome) -> assertThat(outcome.value()).isEqualTo("A"));
		}
		assertThat(stream.race().attemptsLaunched()).isEqualTo(1);
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(this.calls.launched()).isEqualTo(1);
	}

	@Test
	void deadlineEndsTheIteratorWithTheTimeoutException() {
		RaceStream<String, String> stream = template((builder) -> builder.deadline(Duration.ofMillis(150)))
			.streamAsync(List.of("a", "b", "c"), this.calls);
		this.calls.succeed(0, "A");
		this.scheduler.advance(Duration.ofMillis(150));
		Iterator<AttemptOutcome<String, String>> iterator = stream.iterator();
		assertThat(iterator.next().value()).isEqualTo("A");
		assertThatThrownBy(iterator::hasNext).isInstanceOf(RaceTimeoutException.class);
		assertThat(this.calls.future(1)).isCancelled();
	}

	@Test
	void abortingFailureIsDeliveredThenEndsTheStream() {
		RaceStream<String, String> stream = template((builder) -> builder.abortOn(IllegalArgumentException.class))
			.streamAsync(List.of("a", "b"), this.calls);
		this.calls.fail(0, new IllegalArgumentException("400"));
		Iterator<AttemptOutcome<String, String>> iterator = stream.iterator();
		assertThat(iterator.next().status()).isEqualTo(AttemptStatus.ABORTED);
		assertThatThrownBy(iterator::hasNext).isInstanceOf(RaceAbortedException.class);
	}

	@Test
	void streamCanBeConsumedOnlyOnce() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a"), this.calls);
		stream.iterator();
		assertThatIllegalStateException().isThrownBy(stream::iterator).withMessageContaining("already being consumed");
	}

	@Test
	void cancelFromOutsideEndsTheStreamWithACancellation() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a", "b"), this.calls);
		assertThat(stream.race().cancel()).isTrue();
		assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOf(CancellationException.class);
		assertThat(this.calls.future(0)).isCancelled();
	}

	@Test
	void publisherHonoursDemandAndCompletes() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a", "b", "c"), this.calls);
		this.scheduler.advance(STEP.multipliedBy(2));
		this.calls.succeed(1, "B");
		this.calls.succeed(0, "A");
		RecordingSubscriber subscriber = new RecordingSubscriber();
		stream.subscribe(subscriber);
		assertThat(subscriber.signals).isEmpty();
		subscriber.subscription.request(1);
		assertThat(subscriber.signals).containsExactly("B");
		subscriber.subscription.request(5);
		assertThat(subscriber.signals).containsExactly("B", "A");
		this.calls.succeed(2, "C");
		assertThat(subscriber.signals).containsExactly("B", "A", "C", "complete");
	}

	@Test
	void publisherSignalsTheRaceExceptionAsAnError() {
		RaceStream<String, String> stream = template().streamAsync(List.<String>of(), this.calls);
		RecordingSubscriber subscriber = new RecordingSubscriber();
		stream.subscribe(subscriber);
		assertThat(subscriber.signals).singleElement().asString().startsWith("error RaceFailedException");
	}

	@Test
	void cancellingTheSubscriptionClosesTheRace() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a", "b"), this.calls);
		RecordingSubscriber subscriber = new RecordingSubscriber();
		stream.subscribe(subscriber);
		subscriber.subscription.cancel();
		assertThat(this.calls.future(0)).isCancelled();
		this.scheduler.advance(Duration.ofSeconds(1));
		assertThat(this.calls.launched()).isEqualTo(1);
		assertThat(subscriber.signals).isEmpty();
	}

	@Test
	void nonPositiveRequestIsSignalledAsAnError() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a"), this.calls);
		RecordingSubscriber subscriber = new RecordingSubscriber();
		stream.subscribe(subscriber);
		subscriber.subscription.request(0);
		assertThat(subscriber.signals).singleElement().asString().contains("IllegalArgumentException");
		assertThat(this.calls.future(0)).isCancelled();
	}

	@Test
	void secondSubscriberIsRejected() {
		RaceStream<String, String> stream = template().streamAsync(List.of("a"), this.calls);
		stream.subscribe(new RecordingSubscriber());
		RecordingSubscriber second = new RecordingSubscriber();
		stream.subscribe(second);
		assertThat(second.signals).singleElement().asString().startsWith("error IllegalStateException");
	}

	static final class RecordingSubscriber implements Flow.Subscriber<AttemptOutcome<String, String>> {

		final List<String> signals = new CopyOnWriteArrayList<>();

		Flow.Subscription subscription;

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
		}

		@Override
		public void onNext(AttemptOutcome<String, String> item) {
			this.signals.add(item.value());
		}

		@Override
		public void onError(Throwable throwable) {
			this.signals.add("error " + throwable.getClass().getSimpleName() + ": " + throwable.getMessage());
		}

		@Override
		public void onComplete() {
			this.signals.add("complete");
		}

	}

}
