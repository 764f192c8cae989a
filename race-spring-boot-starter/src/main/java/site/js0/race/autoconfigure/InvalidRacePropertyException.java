package site.js0.race.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up for a {@code race.*} property whose value is out of range; reported by
 * {@link InvalidRacePropertyFailureAnalyzer} rather than as a stack trace.
 */
final class InvalidRacePropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final @Nullable Object value;

	private final String reason;

	private final String action;

	/**
	 * Create a new instance.
	 * @param property the full property name, for example {@code race.instances.dns.step}
	 * @param value the bound value
	 * @param reason why it is invalid, with the accepted range
	 * @param action what to change
	 */
	InvalidRacePropertyException(String property, @Nullable Object value, String reason, String action) {
		super("Invalid value '" + value + "' for property " + property + ": " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	String getProperty() {
		return this.property;
	}

	@Nullable Object getValue() {
		return this.value;
	}

	String getReason() {
		return this.reason;
	}

	String getAction() {
		return this.action;
	}

}
