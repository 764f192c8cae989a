package site.js0.race;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checking of a streaming race with Lincheck: attempts ending, the consumer closing
 * the stream and the deadline passing, in a bounded search (20 scenarios of two threads,
 * 200 interleavings each; Lincheck samples interleavings, it does not enumerate them
 * all). After each one the stream must hold each outcome at most once, only outcomes of
 * attempts that ended while the race ran, exactly as the listener saw them, and nothing
 * may have been launched after the end.
 */
public class RaceStreamModelCheckTests extends ModelCheckedRace {

	static {
		// Initialise the JDK classes a race touches before Lincheck instruments anything.
		RaceStreamModelCheckTests warmUp = new RaceStreamModelCheckTests();
		warmUp.fail(0);
		warmUp.deadline();
		warmUp.streamPromisesHold();
	}

	private final RaceStream<String, String> stream;

	public RaceStreamModelCheckTests() {
		this.stream = this.template.streamAsync(List.of("a", "b"), this.calls);
	}

	@Operation
	public void close() {
		this.stream.close();
	}

	@Validate
	public void streamPromisesHold() {
		// End the race if the scenario left it running, so that reading the stream cannot
		// block.
		this.stream.close();
		Map<Integer, AttemptStatus> seen = new HashMap<>();
		try {
			for (AttemptOutcome<String, String> outcome : this.stream) {
				if (seen.put(outcome.index(), outcome.status()) != null) {
					throw new AssertionError("outcome delivered twice: " + outcome);
				}
				if (outcome.status() == AttemptStatus.LOST) {
					throw new AssertionError("lost outcome delivered: " + outcome);
				}
			}
		}
		catch (RaceException ex) {
			// The deadline ended the stream with its exception, after the outcomes before
			// it.
		}
		for (Map.Entry<Integer, AttemptStatus> delivered : seen.entrySet()) {
			boolean reported = this.listener.outcomes.stream()
				.anyMatch(
						(outcome) -> outcome.index() == delivered.getKey() && outcome.status() == delivered.getValue());
			if (!reported) {
				throw new AssertionError("delivered " + delivered + " but listeners saw " + this.listener.events);
			}
		}
		if (this.listener.summaries.size() != 1) {
			throw new AssertionError("expected one end: " + this.listener.events);
		}
		assertNothingLaunchedAfterTheEnd();
	}

	@Test
	void sampledInterleavingsKeepTheStreamPromises() {
		ModelCheckedRace.modelCheck(RaceStreamModelCheckTests.class, 20, 200);
	}

}
