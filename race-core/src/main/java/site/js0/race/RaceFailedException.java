package site.js0.race;

/**
 * Thrown (or used to complete a race's future) when every attempt of a race failed, or
 * when there was no argument to attempt. Its message names how many attempts failed; each
 * attempt's failure is a {@linkplain Throwable#getSuppressed() suppressed exception}, in
 * launch order.
 */
public class RaceFailedException extends RaceException {

	@java.io.Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param attemptsLaunched how many attempts the race launched
	 */
	public RaceFailedException(String message, int attemptsLaunched) {
		super(message, null, attemptsLaunched);
	}

}
