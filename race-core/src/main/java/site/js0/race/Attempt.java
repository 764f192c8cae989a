package site.js0.race;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One launched attempt of a race. Reports its end to the race exactly once, through
 * {@link Race#attemptDone}.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
abstract class Attempt<A, T> implements AttemptContext {

	final Race<A, T> race;

	final A argument;

	final int index;

	final long launchNanos;

	/** The attempt's failure once it has ended; guarded by the race. */
	@Nullable Throwable failure;

	volatile boolean cancelled;

	Attempt(Race<A, T> race, A argument, int index, long launchNanos) {
		this.race = race;
		this.argument = argument;
		this.index = index;
		this.launchNanos = launchNanos;
	}

	/**
	 * Start the work. Called once, on the launching thread, without any lock held.
	 */
	abstract void start();

	/**
	 * End the attempt with the given failure without starting the work.
	 * @param failure the failure
	 */
	abstract void reject(Throwable failure);

	/**
	 * Cancel the work if it is still running; its end is then reported as cancelled. Does nothing
	 * once the attempt has ended.
	 */
	abstract void cancel();

	@Override
	public String raceName() {
		return this.race.name();
	}

	@Override
	public int index() {
		return this.index;
	}

	@Override
	public Duration launchOffset() {
		return Duration.ofNanos(this.race.offsetOf(this.launchNanos));
	}

	@Override
	public Optional<Duration> timeLeft() {
		if (!this.race.hasDeadline()) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofNanos(this.race.timeLeftNanos()));
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled || this.race.isTerminated();
	}

	@Override
	public String toString() {
		return "Attempt #" + this.index + " of race '" + this.race.name() + "' (" + this.argument + ")";
	}

}
