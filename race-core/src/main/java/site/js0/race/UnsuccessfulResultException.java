package site.js0.race;

import org.jspecify.annotations.Nullable;

/**
 * The failure recorded for an attempt that returned normally with a result that the
 * {@linkplain RaceSettings#successPredicate() success predicate} rejected (an HTTP 503 response,
 * say). The rejected result is kept.
 */
public class UnsuccessfulResultException extends RuntimeException {

	@java.io.Serial
	private static final long serialVersionUID = 1L;

	private final transient @Nullable Object result;

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param result the rejected result
	 */
	public UnsuccessfulResultException(String message, @Nullable Object result) {
		super(message);
		this.result = result;
	}

	/**
	 * Return the result the success predicate rejected.
	 * @return the rejected result, or {@code null}
	 */
	public @Nullable Object getResult() {
		return this.result;
	}

}
