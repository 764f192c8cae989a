package site.js0.race;

import org.jspecify.annotations.Nullable;

/**
 * The failure recorded for an attempt that returned normally with a result that the
 * {@linkplain RaceSettings#successPredicate() success predicate} rejected (an HTTP 503
 * response, say). The rejected result is kept.
 *
 * <p>
 * The instances the library creates carry no stack trace (it would only show the
 * library's own frames) and build their message only when it is read, so that rejecting a
 * result never calls its {@code toString}, which may be slow or throw.
 */
public class UnsuccessfulResultException extends RuntimeException {

	@java.io.Serial
	private static final long serialVersionUID = 1L;

	private final transient @Nullable Object result;

	private final @Nullable String raceName;

	private final int attemptIndex;

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param result the rejected result
	 */
	public UnsuccessfulResultException(String message, @Nullable Object result) {
		super(message);
		this.result = result;
		this.raceName = null;
		this.attemptIndex = -1;
	}

	UnsuccessfulResultException(String raceName, int attemptIndex, @Nullable Object result) {
		super(null, null, true, false);
		this.result = result;
		this.raceName = raceName;
		this.attemptIndex = attemptIndex;
	}

	@Override
	public @Nullable String getMessage() {
		String raceName = this.raceName;
		if (raceName == null) {
			return super.getMessage();
		}
		return "Attempt #" + this.attemptIndex + " of race '" + raceName + "' returned a result that is not a success: "
				+ SafeStrings.of(this.result);
	}

	/**
	 * Return the result the success predicate rejected.
	 * @return the rejected result, or {@code null}
	 */
	public @Nullable Object getResult() {
		return this.result;
	}

}
