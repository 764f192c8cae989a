package site.js0.race;

import java.io.IOException;
import java.time.Duration;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * What the Lincheck model checks share: a two-attempt race on virtual time with a zero
 * step (both attempts in flight at once) and a 10 ms deadline, and the operations that
 * end its attempts or pass its deadline. Subclasses add how the race is consumed and what
 * must hold afterwards.
 */
@Param(name = "attempt", gen = IntGen.class, conf = "0:1")
public abstract class ModelCheckedRace {

	final ManualScheduler scheduler = new ManualScheduler();

	final PendingCalls<String> calls = new PendingCalls<>();

	final RecordingListener listener = new RecordingListener();

	final RaceTemplate template = new RaceTemplate(this.scheduler.settings()
		.step(Duration.ZERO)
		.maxAttempts(2)
		.deadline(Duration.ofMillis(10))
		.listener(this.listener)
		.build());

	@Operation
	public void succeed(@Param(name = "attempt") int attempt) {
		this.calls.future(attempt).complete("v" + attempt);
	}

	@Operation
	public void fail(@Param(name = "attempt") int attempt) {
		this.calls.future(attempt).completeExceptionally(new IOException("down " + attempt));
	}

	@Operation
	public void deadline() {
		this.scheduler.advance(Duration.ofMillis(10));
	}

	/**
	 * Explore the scenarios of a model-checked test class: two threads of two operations
	 * each and one operation after them, small enough to run in seconds, large enough for
	 * every pair of conflicting events.
	 * @param testClass the test class, whose operations and validation Lincheck reads
	 * @param iterations how many scenarios to generate
	 * @param invocations how many interleavings to explore per scenario
	 */
	static void modelCheck(Class<?> testClass, int iterations, int invocations) {
		new ModelCheckingOptions().iterations(iterations)
			.invocationsPerIteration(invocations)
			.threads(2)
			.actorsPerThread(2)
			.actorsBefore(0)
			.actorsAfter(1)
			.check(testClass);
	}

	/**
	 * Fail unless every launch the listener saw came before the end of the race.
	 */
	void assertNothingLaunchedAfterTheEnd() {
		int end = -1;
		for (int i = 0; i < this.listener.events.size(); i++) {
			String event = this.listener.events.get(i);
			if (event.startsWith("race ")) {
				end = i;
			}
			else if (end >= 0 && event.startsWith("launched")) {
				throw new AssertionError("launched after the end: " + this.listener.events);
			}
		}
	}

}
