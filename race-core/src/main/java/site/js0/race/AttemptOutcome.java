package site.js0.race;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import org.jspecify.annotations.Nullable;

/**
 * The end of one attempt: its argument, index, launch offset, duration, status, and its
 * value or failure. Immutable.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
public final class AttemptOutcome<A, T> {

	private final A argument;

	private final int index;

	private final long launchOffsetNanos;

	private final long durationNanos;

	private final AttemptStatus status;

	private final @Nullable T value;

	private final @Nullable Throwable failure;

	private final boolean started;

	private final long afterDecisionNanos;

	AttemptOutcome(A argument, int index, long launchOffsetNanos, long durationNanos, AttemptStatus status,
			@Nullable T value, @Nullable Throwable failure, boolean started, long afterDecisionNanos) {
		this.argument = argument;
		this.index = index;
		this.launchOffsetNanos = launchOffsetNanos;
		this.durationNanos = durationNanos;
		this.status = status;
		this.value = value;
		this.failure = failure;
		this.started = started;
		this.afterDecisionNanos = afterDecisionNanos;
	}

	/**
	 * Return the argument the attempt ran with.
	 * @return the argument
	 */
	public A argument() {
		return this.argument;
	}

	/**
	 * Return the attempt's zero-based index in launch order.
	 * @return the index
	 */
	public int index() {
		return this.index;
	}

	/**
	 * Return when the attempt was launched, measured from the start of the race.
	 * @return the launch offset
	 */
	public Duration launchOffset() {
		return Duration.ofNanos(this.launchOffsetNanos);
	}

	/**
	 * Return how long the attempt ran, from launch to its end (or to its cancellation).
	 * @return the duration
	 */
	public Duration duration() {
		return Duration.ofNanos(this.durationNanos);
	}

	/**
	 * Return how the attempt ended, from the race's point of view.
	 * @return the status
	 */
	public AttemptStatus status() {
		return this.status;
	}

	/**
	 * Return whether the attempt produced a result that the success predicate accepted. A
	 * {@link AttemptStatus#LOST LOST} attempt that finished anyway with an accepted
	 * result is a success too, even though its result was not used.
	 * @return {@code true} for an accepted result
	 */
	public boolean isSuccess() {
		return this.failure == null;
	}

	/**
	 * Return whether the attempt was cancelled before it could finish.
	 * @return {@code true} if the attempt's failure is a {@link CancellationException}
	 */
	public boolean isCancelled() {
		return this.failure instanceof CancellationException;
	}

	/**
	 * Return whether the attempt's task ran. {@code false} for an attempt that the race's
	 * decision cancelled before an executor thread picked it up, or that its executor
	 * refused or dropped: no work was done for it.
	 * @return whether the task ran
	 */
	public boolean started() {
		return this.started;
	}

	/**
	 * Return how long after the race was decided a {@link AttemptStatus#LOST lost}
	 * attempt ended: how long a loser kept running, and holding its resources, after it
	 * was cancelled (or, with {@code cancelLosers} off, left to run). Zero for every
	 * other status.
	 * @return the time from the decision to the end of the attempt
	 */
	public Duration afterDecision() {
		return Duration.ofNanos(this.afterDecisionNanos);
	}

	/**
	 * Return the attempt's value: the accepted result of a success, the rejected result
	 * of an {@link UnsuccessfulResultException unsuccessful} one, or {@code null}.
	 * @return the value, or {@code null}
	 */
	public @Nullable T value() {
		return this.value;
	}

	/**
	 * Return the attempt's failure, or {@code null} for a success. A rejected result is
	 * reported as an {@link UnsuccessfulResultException}, a cancellation as a
	 * {@link CancellationException}.
	 * @return the failure, or {@code null}
	 */
	public @Nullable Throwable failure() {
		return this.failure;
	}

	@Override
	public String toString() {
		return "#" + this.index + " " + this.status + " (" + SafeStrings.of(this.argument) + ") after "
				+ Durations.format(this.durationNanos) + ": "
				+ SafeStrings.of((this.failure != null) ? this.failure : this.value);
	}

}
