package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Races against users who misbehave, on virtual time: executors that throw, tasks and
 * {@code toString}s that throw, predicates that rethrow, listeners that blow their stack,
 * futures completed from outside, iterators that fetch in {@code hasNext}, consumers that
 * want one outcome at a time. Each test names the defect of issue 9 it guards.
 */
class RaceHostileInputTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final PendingCalls<String> calls = new PendingCalls<>();

	private RaceTemplate template(Consumer<RaceSettings.Builder> customizer) {
		RaceSettings.Builder builder = this.scheduler.settings().name("hostile").step(STEP);
		customizer.accept(builder);
		return new RaceTemplate(builder.build());
	}

	/**
	 * Return a direct executor that throws the given failure from its first
	 * {@code execute}.
	 */
	private static Executor throwingOnce(Throwable failure) {
		AtomicInteger handOffs = new AtomicInteger();
		return (command) -> {
			if (handOffs.incrementAndGet() == 1) {
				if (failure instanceof Error error) {
					throw error;
				}
				throw (RuntimeException) failure;
			}
			command.run();
		};
	}

	/**
	 * Return a virtual-time scheduler whose {@code schedule} throws what it is not
	 * documented to.
	 */
	private static ManualScheduler brokenScheduler() {
		return new ManualScheduler() {
			@Override
			public synchronized java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay,
					java.util.concurrent.TimeUnit unit) {
				throw new IllegalStateException("scheduler broken");
			}
		};
	}

	private static Throwable failureOf(CompletableFuture<?> future) {
		assertThat(future).isCompletedExceptionally();
		try {
			future.join();
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
		catch (CancellationException ex) {
			return ex;
		}
		throw new AssertionError("not failed");
	}

	// 1. An executor that throws an Error on a hand-off costs that attempt, never the
	// template.

	@Test
	void executorThatThrowsAnErrorCostsOnlyThatAttempt() {
		RaceTemplate template = template(
				(builder) -> builder.executor(throwingOnce(new OutOfMemoryError("unable to create native thread"))));
		CompletableFuture<String> first = template.submitFirst(List.of("a", "b"), (argument, attempt) -> argument);
		assertThat(first).isNotDone();
		this.scheduler.advance(STEP);
		assertThat(first).isCompletedWithValue("b");
		CompletableFuture<String> later = template.submitFirst(List.of("c"), (argument, attempt) -> argument);
		assertThat(later).isCompletedWithValue("c");
	}

	@Test
	void launchExecutorThatThrowsNeverStopsTheTemplatesHedges() {
		RaceTemplate template = template(
				(builder) -> builder.launchExecutor(throwingOnce(new IllegalStateException("launcher broken once"))));
		template.firstAsync(List.of("a", "b"), this.calls);
		this.scheduler.advance(STEP);
		assertThat(this.calls.arguments).containsExactly("a", "b");
		template.firstAsync(List.of("c", "d"), this.calls);
		this.scheduler.advance(STEP);
		assertThat(this.calls.arguments).containsExactly("a", "b", "c", "d");
	}

	@Test
	void rejectedLaunchWaitsForTheStepInsteadOfFailingEveryLaterAttemptAtOnce() {
		CompletableFuture<String> result = template(
				(builder) -> builder.executor(throwingOnce(new RejectedExecutionException("pool full"))).maxAttempts(3))
			.submitFirst(List.of("a", "b", "c"), (argument, attempt) -> argument);
		assertThat(result).as("the next attempt waits for its step").isNotDone();
		this.scheduler.advance(STEP);
		assertThat(result).isCompletedWithValue("b");
	}

	// 2. User code never loses an outcome: toString, predicates.

	@Test
	void argumentWhoseToStringThrowsStillTimesOutWithAMessage() {
		Object hostile = new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("no toString for you");
			}
		};
		CompletableFuture<String> result = template((builder) -> builder.deadline(Duration.ofMillis(50)))
			.firstAsync(List.of(hostile), (argument, attempt) -> new CompletableFuture<>());
		this.scheduler.advance(Duration.ofMillis(50));
		assertThat(failureOf(result)).isInstanceOf(RaceTimeoutException.class)
			.hasMessageContaining("toString() threw java.lang.IllegalStateException");
	}

	@Test
	void rejectedValueWhoseToStringThrowsIsStillThatAttemptsFailure() {
		Object hostile = new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("no toString for you");
			}
		};
		RecordingListener listener = new RecordingListener();
		CompletableFuture<Object> result = template(
				(builder) -> builder.listener(listener).successPredicate((value) -> value != hostile))
			.firstAsync(List.of("a", "b"), (argument, attempt) -> CompletableFuture
				.completedFuture(argument.equals("a") ? hostile : argument));
		assertThat(result).isCompletedWithValue("b");
		assertThat(listener.outcomes.get(0).failure()).isInstanceOf(UnsuccessfulResultException.class)
			.hasMessageContaining("toString() threw");
	}

	@Test
	void abortPredicateThatRethrowsItsArgumentLosesNoOutcome() {
		RecordingListener listener = new RecordingListener();
		CompletableFuture<String> result = template((builder) -> builder.listener(listener).abortPredicate((ex) -> {
			throw (RuntimeException) ex;
		})).firstAsync(List.of("a", "b"),
				(argument, attempt) -> argument.equals("a")
						? CompletableFuture.failedFuture(new IllegalStateException("a down"))
						: CompletableFuture.completedFuture(argument));
		assertThat(result).isCompletedWithValue("b");
		assertThat(listener.outcomes).extracting(AttemptOutcome::status)
			.containsExactly(AttemptStatus.FAILED, AttemptStatus.WON);
	}

	@Test
	void predicateRunsWithoutTheRacesLock() throws Exception {
		AtomicInteger cancelledFromOtherThread = new AtomicInteger();
		CompletableFuture<CompletableFuture<String>> self = new CompletableFuture<>();
		CompletableFuture<String> result = template((builder) -> builder.successPredicate((value) -> {
			// Another thread cancels the race while the predicate runs: it would block on
			// the race's lock if the predicate ran under it.
			Thread other = new Thread(() -> {
				if (self.join().cancel(true)) {
					cancelledFromOtherThread.incrementAndGet();
				}
			});
			other.start();
			try {
				other.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return !other.isAlive();
		})).firstAsync(List.of("a"), this.calls);
		self.complete(result);
		this.calls.succeed(0, "A");
		assertThat(cancelledFromOtherThread).hasValue(1);
		assertThat(result).isCancelled();
	}

	// 3. Listener faults.

	@Test
	void listenerThatOverflowsItsStackNeitherOrphansTheRaceNorSilencesTheOthers() {
		RaceListener overflowing = new RaceListener() {
			@Override
			public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
				throw new StackOverflowError("deep");
			}
		};
		RecordingListener after = new RecordingListener();
		CompletableFuture<String> result = template((builder) -> builder.listener(overflowing).listener(after))
			.firstAsync(List.of("a", "b"), this.calls);
		this.calls.succeed(0, "A");
		assertThat(result).isCompletedWithValue("A");
		assertThat(after.events).containsExactly("started hostile", "launched #0", "finished #0 WON",
				"race SUCCESS winner=0 launched=1");
	}

	@Test
	void cancellingWhileALaunchIsAnnouncedReportsTheLaunchBeforeItsEnd() {
		RecordingListener recording = new RecordingListener();
		RaceListener cancellingOnSecondLaunch = new RaceListener() {
			@Override
			public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
				if (attempt.index() == 1) {
					race.cancel();
				}
			}
		};
		ControlledExecutor executor = new ControlledExecutor();
		template((builder) -> builder.executor(executor)
			.step(Duration.ZERO)
			.listener(cancellingOnSecondLaunch)
			.listener(recording)).submitFirst(List.of("a", "b"), (argument, attempt) -> argument);
		executor.runAll();
		assertThat(recording.events).containsExactly("started hostile", "launched #0", "launched #1",
				"finished #0 LOST", "finished #1 LOST", "race CANCELLED winner=-1 launched=2");
	}

	// 4. A scheduler that throws.

	@Test
	void schedulerThatThrowsEndsTheRaceAndCancelsItsAttempt() {
		ManualScheduler broken = brokenScheduler();
		CompletableFuture<String> result = new RaceTemplate(broken.settings().step(STEP).build())
			.firstAsync(List.of("a", "b"), this.calls);
		assertThat(failureOf(result)).isInstanceOf(RaceAbortedException.class)
			.hasMessageContaining("scheduler broken")
			.hasRootCauseInstanceOf(IllegalStateException.class);
		assertThat(this.calls.future(0)).isCancelled();
	}

	// 8. Infinite arguments, no step, no deadline: the caller gets its handle, launching
	// stops.

	@Test
	void infiniteArgumentsWithoutAStepReturnPromptlyAndStopWhenCancelled() {
		AtomicInteger launches = new AtomicInteger();
		ControlledExecutor launcher = new ControlledExecutor();
		CompletableFuture<Integer> result = template((builder) -> builder.launchExecutor(launcher)
			.noHedgeBudget()
			.step(Duration.ZERO)
			.maxAttempts(RaceSettings.UNLIMITED_ATTEMPTS)).firstAsync(AttemptNumbers.INSTANCE, (number, attempt) -> {
				launches.incrementAndGet();
				return new CompletableFuture<>();
			});
		assertThat(launches).as("one bounded pass on the caller's thread").hasValue(Race.LAUNCHES_PER_PASS);
		assertThat(launcher.queued()).as("the rest handed over").isOne();
		launcher.runNext();
		assertThat(launches).hasValue(2 * Race.LAUNCHES_PER_PASS);
		assertThat(result.cancel(true)).isTrue();
		launcher.runAll();
		assertThat(launches).hasValue(2 * Race.LAUNCHES_PER_PASS);
	}

	@Test
	void schedulerThatThrowsWhileTheDeadlineIsArmedEndsTheRaceAfterItsStart() {
		ManualScheduler broken = brokenScheduler();
		RecordingListener listener = new RecordingListener();
		CompletableFuture<String> result = new RaceTemplate(
				broken.settings().step(STEP).deadline(Duration.ofSeconds(1)).listener(listener).build())
			.firstAsync(List.of("a", "b"), this.calls);
		assertThat(failureOf(result)).isInstanceOf(RaceAbortedException.class);
		assertThat(this.calls.launched()).isZero();
		assertThat(listener.events).containsExactly("started default", "race FAILURE winner=-1 launched=0");
	}

	@Test
	void callerRunsExecutorWithThousandsOfFastFailuresNeitherRecursesNorStops() {
		int attempts = 20_000;
		CompletableFuture<String> result = template((builder) -> builder.executor(Runnable::run)
			.noHedgeBudget()
			.step(Duration.ofHours(1))
			.maxAttempts(attempts))
			.submitFirst(() -> java.util.stream.IntStream.range(0, attempts).mapToObj(Integer::toString).iterator(),
					(argument, attempt) -> {
						throw new IOException("down " + argument);
					});
		assertThat(failureOf(result)).isInstanceOf(RaceFailedException.class)
			.hasMessage("All " + attempts + " attempts of race 'hostile' failed");
	}

	@Test
	void listenerBlockedByALosersEndDoesNotHoldBackTheResult() {
		RecordingListener recording = new RecordingListener();
		List<Boolean> resultDoneWhenLoserReported = new CopyOnWriteArrayList<>();
		CompletableFuture<CompletableFuture<String>> self = new CompletableFuture<>();
		RaceListener checking = new RaceListener() {
			@Override
			public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
				if (outcome.status() == AttemptStatus.LOST) {
					resultDoneWhenLoserReported.add(self.join().isDone());
				}
			}
		};
		CompletableFuture<String> result = template(
				(builder) -> builder.step(Duration.ZERO).listener(checking).listener(recording))
			.firstAsync(List.of("a", "b"), this.calls);
		self.complete(result);
		this.calls.succeed(1, "B");
		assertThat(result).isCompletedWithValue("B");
		assertThat(resultDoneWhenLoserReported).containsExactly(true);
		assertThat(recording.events).endsWith("finished #0 LOST", "race SUCCESS winner=1 launched=2");
	}

	// 9. Nothing starts after the decision.

	@Test
	void queuedBlockingAttemptsNeverStartAfterTheDecisionEvenWhenLosersRunOn() {
		ControlledExecutor executor = new ControlledExecutor();
		RecordingListener listener = new RecordingListener();
		List<String> ran = new CopyOnWriteArrayList<>();
		CompletableFuture<String> result = template(
				(builder) -> builder.executor(executor).step(Duration.ZERO).cancelLosers(false).listener(listener))
			.submitFirst(List.of("a", "b", "c"), (argument, attempt) -> {
				ran.add(argument);
				return argument;
			});
		assertThat(executor.queued()).isEqualTo(3);
		executor.runNext();
		assertThat(result).isCompletedWithValue("a");
		executor.runAll();
		assertThat(ran).containsExactly("a");
		assertThat(listener.outcomes).filteredOn((outcome) -> outcome.index() > 0).allSatisfy((outcome) -> {
			assertThat(outcome.status()).isEqualTo(AttemptStatus.LOST);
			assertThat(outcome.started()).isFalse();
		});
	}

	@Test
	void blockingAttemptPickedUpAfterTheDecisionNeverRunsItsTask() {
		ControlledExecutor executor = new ControlledExecutor();
		List<String> ran = new CopyOnWriteArrayList<>();
		CompletableFuture<String> result = template((builder) -> builder.executor(executor)).submitFirst(List.of("a"),
				(argument, attempt) -> {
					ran.add(argument);
					return argument;
				});
		result.cancel(true);
		executor.runAll();
		assertThat(ran).isEmpty();
	}

	// 11. obtrude* and completeAsync close the race.

	@Test
	void obtrudeValueClosesTheRaceAndCancelsItsAttempts() {
		CompletableFuture<String> result = template((builder) -> {
		}).firstAsync(List.of("a", "b"), this.calls);
		result.obtrudeValue("forced");
		assertThat(result).isCompletedWithValue("forced");
		assertThat(this.calls.future(0)).isCancelled();
		this.scheduler.advance(STEP.multipliedBy(5));
		assertThat(this.calls.launched()).isOne();
	}

	@Test
	void obtrudeExceptionClosesTheRaceAndCancelsItsAttempts() {
		CompletableFuture<String> result = template((builder) -> {
		}).firstAsync(List.of("a", "b"), this.calls);
		result.obtrudeException(new IOException("forced"));
		assertThat(this.calls.future(0)).isCancelled();
		this.scheduler.advance(STEP.multipliedBy(5));
		assertThat(this.calls.launched()).isOne();
	}

	@Test
	void completeAsyncClosesTheRace() {
		CompletableFuture<String> result = template((builder) -> {
		}).firstAsync(List.of("a", "b"), this.calls);
		result.completeAsync(() -> "supplied", Runnable::run);
		assertThat(result).isCompletedWithValue("supplied");
		assertThat(this.calls.future(0)).isCancelled();
	}

	// 12. One draw per launch, on the launching thread.

	@Test
	void argumentsAreNotLookedAheadOnTheCallersThread() {
		List<String> calls = new CopyOnWriteArrayList<>();
		Iterable<String> paged = () -> new Iterator<>() {
			private int next;

			@Override
			public boolean hasNext() {
				calls.add("hasNext");
				return this.next < 3;
			}

			@Override
			public String next() {
				calls.add("next");
				if (this.next >= 3) {
					throw new NoSuchElementException();
				}
				return "page" + this.next++;
			}
		};
		template((builder) -> {
		}).firstAsync(paged, this.calls);
		assertThat(calls).containsExactly("hasNext", "next");
		this.scheduler.advance(STEP);
		assertThat(calls).containsExactly("hasNext", "next", "hasNext", "next");
	}

	@Test
	void lastFailureOfAShortListStillEndsTheRaceAtOnce() {
		CompletableFuture<String> result = template((builder) -> builder.failureAdvances(false).maxAttempts(5))
			.firstAsync(List.of("a", "b"), this.calls);
		this.scheduler.advance(STEP);
		this.calls.fail(0, new IOException("a down"));
		this.calls.fail(1, new IOException("b down"));
		assertThat(failureOf(result)).isInstanceOf(RaceFailedException.class);
	}

	// 14. Streams: back-pressure bounds launches; onSubscribe faults close; close drops.

	@Test
	void subscriberDemandBoundsTheAttemptsInFlightAndBuffered() {
		RaceStream<String, String> stream = template((builder) -> builder.maxAttempts(RaceSettings.UNLIMITED_ATTEMPTS))
			.streamAsync(List.of("a", "b", "c", "d"), this.calls);
		List<Object> received = new ArrayList<>();
		Flow.Subscription[] subscription = new Flow.Subscription[1];
		stream.subscribe(new Flow.Subscriber<>() {
			@Override
			public void onSubscribe(Flow.Subscription s) {
				subscription[0] = s;
				s.request(1);
			}

			@Override
			public void onNext(AttemptOutcome<String, String> item) {
				received.add(item.value());
			}

			@Override
			public void onError(Throwable throwable) {
				received.add(throwable);
			}

			@Override
			public void onComplete() {
				received.add("complete");
			}
		});
		this.scheduler.advance(STEP);
		assertThat(this.calls.launched()).as("demand 1, one attempt in flight: the step passes unused").isOne();
		this.calls.succeed(0, "A");
		assertThat(received).containsExactly("A");
		assertThat(this.calls.launched()).as("demand used up: nothing more launched").isOne();
		subscription[0].request(2);
		assertThat(this.calls.launched()).as("the late launch goes at once").isEqualTo(2);
		this.scheduler.advance(STEP);
		assertThat(this.calls.launched()).isEqualTo(3);
		this.scheduler.advance(STEP);
		assertThat(this.calls.launched()).as("two in flight fill a demand of 2").isEqualTo(3);
		subscription[0].cancel();
	}

	@Test
	void unconsumedStreamBuffersAtMostTheIteratorDemand() {
		RaceStream<Integer, Integer> stream = template(
				(builder) -> builder.step(Duration.ZERO).maxAttempts(RaceSettings.UNLIMITED_ATTEMPTS))
			.streamAsync(AttemptNumbers.INSTANCE, (number, attempt) -> CompletableFuture.completedFuture(number));
		assertThat(stream.race().attemptsLaunched()).isEqualTo(RaceStream.ITERATOR_DEMAND);
		Iterator<AttemptOutcome<Integer, Integer>> outcomes = stream.iterator();
		outcomes.next();
		assertThat(stream.race().attemptsLaunched()).isEqualTo(RaceStream.ITERATOR_DEMAND + 1);
		stream.close();
	}

	@Test
	void subscriberWhoseOnSubscribeThrowsClosesTheRace() {
		RaceStream<String, String> stream = template((builder) -> {
		}).streamAsync(List.of("a", "b"), this.calls);
		stream.subscribe(new Flow.Subscriber<>() {
			@Override
			public void onSubscribe(Flow.Subscription subscription) {
				throw new IllegalStateException("not today");
			}

			@Override
			public void onNext(AttemptOutcome<String, String> item) {
			}

			@Override
			public void onError(Throwable throwable) {
			}

			@Override
			public void onComplete() {
			}
		});
		assertThat(this.calls.future(0)).isCancelled();
		this.scheduler.advance(STEP.multipliedBy(3));
		assertThat(this.calls.launched()).isOne();
	}

	@Test
	void closingTheStreamDropsBufferedOutcomes() {
		RaceStream<String, String> stream = template((builder) -> builder.step(Duration.ZERO))
			.streamAsync(List.of("a", "b", "c"), this.calls);
		this.calls.succeed(0, "A");
		this.calls.succeed(1, "B");
		stream.close();
		assertThat(stream.iterator().hasNext()).isFalse();
	}

	// 15. Arguments.

	@Test
	void abortOnNullNamesTheSetting() {
		assertThatNullPointerException().isThrownBy(() -> RaceSettings.builder().abortOn((Class<Throwable>) null))
			.withMessage("abortOn types[0] must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> RaceSettings.builder().abortOn((Class<? extends Throwable>[]) null))
			.withMessage("abortOn types must not be null");
	}

	@Test
	void hugeDeadlineStillTellsTheTimeLeft() {
		Duration centuries = Duration.ofDays(365L * 1000);
		template((builder) -> builder.deadline(centuries)).firstAsync(List.of("a"), this.calls);
		assertThat(this.calls.contexts.get(0).timeLeft()).hasValue(centuries);
	}

	@Test
	void taskThatThrowsOnStartIsThatAttemptsFailureAndTheRaceGoesOn() {
		CompletableFuture<String> result = template((builder) -> {
		}).firstAsync(List.of("a", "b"), (argument, attempt) -> {
			if (argument.equals("a")) {
				throw new IOException("cannot start");
			}
			return CompletableFuture.completedFuture(argument);
		});
		assertThat(result).isCompletedWithValue("b");
	}

}
