package site.js0.race;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checking of a first-success race's state machine with Lincheck: a bounded search
 * (30 scenarios of two threads, 300 interleavings each) over attempts succeeding,
 * attempts failing, the consumer cancelling or forcing a value ({@code obtrudeValue}) and
 * the deadline passing, and after each interleaving the race's promises are checked: one
 * decision, one winner at most, the future agreeing with the listeners, every launched
 * attempt finished exactly once, nothing launched after the decision. (Completing an
 * attempt's future and the race seeing it are two steps, so a cancellation may overtake a
 * success that is not yet seen; {@link RaceCancelModelCheckTests} checks the
 * linearizability of {@code cancel()} against the race's own events.)
 */
public class RaceModelCheckTests extends ModelCheckedRace {

	static {
		// Initialise the JDK classes a race touches (formatting, exceptions, locale data)
		// before Lincheck instruments anything: class initialisation is not something to
		// model check.
		for (int i = 0; i < 3; i++) {
			RaceModelCheckTests warmUp = new RaceModelCheckTests();
			switch (i) {
				case 0 -> warmUp.deadline();
				case 1 -> {
					warmUp.fail(0);
					warmUp.fail(1);
				}
				default -> {
					warmUp.succeed(1);
					warmUp.cancel();
				}
			}
			warmUp.racePromisesHold();
			warmUp.result.handle((value, failure) -> String.valueOf(failure)).join();
		}
	}

	private final CompletableFuture<String> result;

	public RaceModelCheckTests() {
		this.result = this.template.firstAsync(List.of("a", "b"), this.calls);
	}

	private volatile boolean obtruded;

	@Operation
	public void cancel() {
		this.result.cancel(true);
	}

	@Operation
	public void obtrude() {
		this.obtruded = true;
		this.result.obtrudeValue("forced");
	}

	@Validate
	public void racePromisesHold() {
		if (this.listener.summaries.size() > 1) {
			throw new AssertionError("decided more than once: " + this.listener.summaries);
		}
		Set<Integer> finished = new HashSet<>();
		int won = 0;
		String winnerValue = null;
		for (AttemptOutcome<?, ?> outcome : this.listener.outcomes) {
			if (!finished.add(outcome.index())) {
				throw new AssertionError("attempt finished twice: " + this.listener.events);
			}
			if (outcome.status() == AttemptStatus.WON) {
				won++;
				winnerValue = (String) outcome.value();
			}
		}
		if (won > 1) {
			throw new AssertionError("more than one winner: " + this.listener.events);
		}
		if (this.listener.summaries.isEmpty()) {
			if (this.obtruded) {
				throw new AssertionError("obtrudeValue left the race running: " + this.listener.events);
			}
			if (this.result.isDone()) {
				throw new AssertionError("future done without a decision: " + this.result);
			}
			return;
		}
		if (finished.size() != this.calls.launched()) {
			throw new AssertionError("launched " + this.calls.launched() + " but finished " + finished);
		}
		RaceSummary summary = this.listener.summaries.get(0);
		if (this.obtruded) {
			// A forced value closes the race and stays, whatever the race decided.
			if (!"forced".equals(this.result.getNow(null))) {
				throw new AssertionError("obtruded value not kept: " + this.result + " " + this.listener.events);
			}
		}
		else if (summary.outcome() == RaceOutcome.SUCCESS) {
			if (won != 1 || !this.result.isDone() || !this.result.join().equals(winnerValue)) {
				throw new AssertionError(
						"success not delivered as decided: " + this.result + " " + this.listener.events);
			}
		}
		else if (won != 0 || !this.result.isCompletedExceptionally()) {
			throw new AssertionError("failure not delivered as decided: " + this.result + " " + this.listener.events);
		}
		assertNothingLaunchedAfterTheEnd();
	}

	@Test
	void sampledInterleavingsKeepTheRacePromises() {
		ModelCheckedRace.modelCheck(RaceModelCheckTests.class, 30, 300);
	}

}
