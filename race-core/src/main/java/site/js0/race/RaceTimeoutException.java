package site.js0.race;

import java.time.Duration;

/**
 * Thrown (or used to complete a race's future) when a race's deadline passed before it
 * was decided. Its message lists the attempts launched and what had become of each; the
 * failures of the attempts that had already failed are
 * {@linkplain Throwable#getSuppressed() suppressed exceptions}, in launch order.
 */
public class RaceTimeoutException extends RaceException {

	@java.io.Serial
	private static final long serialVersionUID = 1L;

	/** The deadline that passed. */
	private final Duration deadline;

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param deadline the deadline that passed
	 * @param attemptsLaunched how many attempts the race launched
	 */
	public RaceTimeoutException(String message, Duration deadline, int attemptsLaunched) {
		super(message, null, attemptsLaunched);
		this.deadline = deadline;
	}

	/**
	 * Return the deadline that passed.
	 * @return the deadline
	 */
	public Duration getDeadline() {
		return this.deadline;
	}

}
