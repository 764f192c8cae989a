package site.js0.race;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Model checking of a streaming race with Lincheck: attempts ending, the consumer closing the
 * stream and the deadline passing, in every interleaving. Afterwards the stream must hold each
 * outcome at most once, only outcomes of attempts that ended while the race ran, exactly as the
 * listener saw them, and nothing may have been launched after the end.
 */
@Param(name = "attempt", gen = IntGen.class, conf = "0:1")
public class RaceStreamModelCheckTests {

	static {
		// Initialise the JDK classes a race touches before Lincheck instruments anything.
		RaceStreamModelCheckTests warmUp = new RaceStreamModelCheckTests();
		warmUp.fail(0);
		warmUp.deadline();
		warmUp.streamPromisesHold();
	}

	private final ManualScheduler scheduler = new ManualScheduler();

	private final PendingCalls<String> calls = new PendingCalls<>();

	private final RecordingListener listener = new RecordingListener();

	private final RaceStream<String, String> stream;

	public RaceStreamModelCheckTests() {
		RaceTemplate template = new RaceTemplate(RaceSettings.builder()
			.step(Duration.ZERO)
			.maxAttempts(2)
			.deadline(Duration.ofMillis(10))
			.scheduler(this.scheduler)
			.executor(this.scheduler)
			.ticker(this.scheduler.ticker)
			.listener(this.listener)
			.build());
		this.stream = template.streamAsync(List.of("a", "b"), this.calls);
	}

	@Operation
	public void succeed(@Param(name = "attempt") int attempt) {
		this.calls.future(attempt).complete("v" + attempt);
	}

	@Operation
	public void fail(@Param(name = "attempt") int attempt) {
		this.calls.future(attempt).completeExceptionally(new IOException("down " + attempt));
	}

	@Operation
	public void close() {
		this.stream.close();
	}

	@Operation
	public void deadline() {
		this.scheduler.advance(Duration.ofMillis(10));
	}

	@Validate
	public void streamPromisesHold() {
		// End the race if the scenario left it running, so that reading the stream cannot block.
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
			// The deadline ended the stream with its exception, after the outcomes before it.
		}
		for (Map.Entry<Integer, AttemptStatus> delivered : seen.entrySet()) {
			boolean reported = this.listener.outcomes.stream()
				.anyMatch((outcome) -> outcome.index() == delivered.getKey() && outcome.status() == delivered.getValue());
			if (!reported) {
				throw new AssertionError("delivered " + delivered + " but listeners saw " + this.listener.events);
			}
		}
		if (this.listener.summaries.size() != 1) {
			throw new AssertionError("expected one end: " + this.listener.events);
		}
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

	@Test
	void everyInterleavingKeepsTheStreamPromises() {
		new ModelCheckingOptions().iterations(20)
			.invocationsPerIteration(200)
			.threads(2)
			.actorsPerThread(2)
			.actorsBefore(0)
			.actorsAfter(1)
			.check(RaceStreamModelCheckTests.class);
	}

}
