package site.js0.race;

/**
 * Base class of the exceptions with which a race ends without a result: every attempt
 * failed ({@link RaceFailedException}), one attempt aborted it
 * ({@link RaceAbortedException}), or its deadline passed ({@link RaceTimeoutException}).
 *
 * <p>
 * The failures of the individual attempts are attached as
 * {@linkplain Throwable#getSuppressed() suppressed exceptions}, in launch order.
 */
public abstract class RaceException extends RuntimeException {

	@java.io.Serial
	private static final long serialVersionUID = 1L;

	/** How many attempts the race launched. */
	private final int attemptsLaunched;

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param cause the cause, or {@code null}
	 * @param attemptsLaunched how many attempts the race launched
	 */
	protected RaceException(String message, @org.jspecify.annotations.Nullable Throwable cause, int attemptsLaunched) {
		super(message, cause);
		this.attemptsLaunched = attemptsLaunched;
	}

	/**
	 * Return how many attempts the race launched before it ended.
	 * @return the number of attempts launched
	 */
	public int getAttemptsLaunched() {
		return this.attemptsLaunched;
	}

}
