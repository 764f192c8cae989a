package site.js0.race;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One launched attempt of a race. Reports its end to the race exactly once, through
 * {@link Race#attemptDone}.
 *
 * <p>
 * An attempt is <em>admitted</em> when the race lets its task start, a decision taken
 * under the race's lock against the race's own decision: an attempt admitted before the
 * race is decided may run (and is cancelled if it loses), one that is not admitted by
 * then never runs its task. An {@link AsyncAttempt} is admitted as it is launched; a
 * {@link BlockingAttempt} when an executor thread picks it up.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
abstract class Attempt<A, T> implements AttemptContext {

	final Race<A, T> race;

	final A argument;

	final int index;

	final long launchNanos;

	// Guarded by the race.

	/** The attempt's failure once it has ended. */
	@Nullable Throwable failure;

	boolean admitted;

	boolean done;

	/** Set by the race's decision: this attempt is to be cancelled. */
	boolean cancelRequested;

	volatile boolean cancelled;

	Attempt(Race<A, T> race, A argument, int index, long launchNanos) {
		this.race = race;
		this.argument = argument;
		this.index = index;
		this.launchNanos = launchNanos;
	}

	/**
	 * Launch the attempt: called once, by the thread that launched it, without any lock
	 * held.
	 */
	abstract void launch();

	/**
	 * Cancel the work: stop it if it runs, or make sure it never starts. Its end is then
	 * reported as cancelled. Does nothing once the attempt has ended.
	 */
	abstract void cancel();

	/**
	 * Return whether this attempt's failure may launch the next attempt at once.
	 * @param started whether its task ran
	 * @return whether the failure may advance the schedule
	 */
	boolean advancesOnFailure(boolean started) {
		return started;
	}

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
		return this.race.timeLeft();
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled || this.race.isDecided();
	}

	@Override
	public String toString() {
		return "Attempt #" + this.index + " of race '" + this.race.name() + "' (" + SafeStrings.of(this.argument) + ")";
	}

	/**
	 * How the attempts of a race are made: chosen once, when the race is created, from
	 * the shape of its task.
	 *
	 * @param <A> the argument type
	 * @param <T> the result type
	 */
	interface Kind<A, T> {

		/**
		 * Create an attempt.
		 * @param race the race
		 * @param argument the argument
		 * @param index the index
		 * @param launchNanos the ticker time of the launch
		 * @return the attempt
		 */
		Attempt<A, T> create(Race<A, T> race, A argument, int index, long launchNanos);

		/**
		 * Return whether the attempts queue on an executor before they run, to be
		 * admitted when a thread picks them up; otherwise they are admitted as they are
		 * launched.
		 * @return whether attempts queue on an executor
		 */
		boolean queues();

		/**
		 * Return whether a queued attempt can be dropped without a word: its executor is
		 * an {@link java.util.concurrent.ExecutorService} whose {@code shutdownNow}
		 * discards it.
		 * @return whether the race must look for dropped attempts
		 */
		boolean mayDrop();

	}

}
