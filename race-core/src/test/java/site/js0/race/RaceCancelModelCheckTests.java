package site.js0.race;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of cancelling a race's future against the race's own decisions (here,
 * the deadline) and against other cancellations: {@code cancel()} answers {@code true}
 * exactly when it, or a cancellation before it, ended the race, as on a sequential race.
 */
public class RaceCancelModelCheckTests {

	static {
		RaceCancelModelCheckTests warmUp = new RaceCancelModelCheckTests();
		warmUp.deadline();
		warmUp.cancel();
		warmUp.endedOnce();
	}

	private final ManualScheduler scheduler = new ManualScheduler();

	private final RecordingListener listener = new RecordingListener();

	private final CompletableFuture<String> result = new RaceTemplate(this.scheduler.settings()
		.step(Duration.ofMillis(5))
		.deadline(Duration.ofMillis(10))
		.listener(this.listener)
		.build()).firstAsync(List.of("a", "b"), new PendingCalls<>());

	@Operation
	public boolean cancel() {
		return this.result.cancel(true);
	}

	@Operation
	public void deadline() {
		this.scheduler.advance(Duration.ofMillis(10));
	}

	@Validate
	public void endedOnce() {
		if (this.listener.summaries.size() > 1) {
			throw new AssertionError("ended more than once: " + this.listener.events);
		}
	}

	@Test
	void cancelIsLinearizable() {
		ModelCheckedRace.modelCheck(RaceCancelModelCheckTests.class, 20, 200);
	}

}
