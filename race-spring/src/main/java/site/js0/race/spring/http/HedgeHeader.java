package site.js0.race.spring.http;

import org.jspecify.annotations.Nullable;

/**
 * The request header that marks a hedge: its value is the attempt's index (1 for the
 * first hedge, 2 for the second, and so on); a primary attempt carries no such header. A
 * server can therefore tell, without any state, that a request is a duplicate that a
 * client sent only because an earlier copy was slow, and shed it first when busy. gRPC
 * does the same with {@code grpc-previous-rpc-attempts}.
 */
public final class HedgeHeader {

	/** The header's name unless configured otherwise: {@value}. */
	public static final String DEFAULT_NAME = "Hedge-Attempt";

	private HedgeHeader() {
	}

	/**
	 * Return the header value for an attempt.
	 * @param attemptIndex the attempt's index, at least 1 (primaries carry no header)
	 * @return the value
	 * @throws IllegalArgumentException if the index is below 1
	 */
	public static String value(int attemptIndex) {
		if (attemptIndex < 1) {
			throw new IllegalArgumentException("A hedge's attempt index is at least 1, but was " + attemptIndex);
		}
		return Integer.toString(attemptIndex);
	}

	/**
	 * Return whether a string can name this header: a non-empty token of RFC 9110
	 * (letters, digits and {@code !#$%&'*+-.^_`|~}). The one check behind every place a
	 * name is configured: the hedging clients' policy, the shedding filters' gate and the
	 * starter's properties.
	 * @param name the candidate name, or {@code null}
	 * @return whether it is a legal header name
	 */
	public static boolean isValidName(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return whether a header value marks a hedge: a decimal number of at least 1. Any
	 * other value (absent, empty, {@code 0}, text) is not a hedge, so that a client that
	 * sends nonsense is served as a primary rather than shed.
	 * @param value the header's value, or {@code null} if absent
	 * @return whether the request is a hedge
	 */
	public static boolean marksHedge(@Nullable String value) {
		if (value == null) {
			return false;
		}
		String trimmed = value.trim();
		if (trimmed.isEmpty() || trimmed.length() > 9) {
			return false;
		}
		for (int i = 0; i < trimmed.length(); i++) {
			if (!Character.isDigit(trimmed.charAt(i)) || trimmed.charAt(i) > '9') {
				return false;
			}
		}
		return Integer.parseInt(trimmed) >= 1;
	}

}
