package site.js0.race;

import org.jspecify.annotations.Nullable;

/**
 * Thrown (or used to complete a race's future) when the race ended early without a
 * result: an attempt failed with an exception that the
 * {@linkplain RaceSettings#abortPredicate() abort predicate} marks as non-retryable (that
 * exception is the {@linkplain #getCause() cause}), or its argument source threw.
 */
public class RaceAbortedException extends RaceException {

	@java.io.Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param cause the failure that aborted the race
	 * @param attemptsLaunched how many attempts the race launched
	 */
	public RaceAbortedException(String message, @Nullable Throwable cause, int attemptsLaunched) {
		super(message, cause, attemptsLaunched);
	}

}
