package site.js0.race;

/**
 * The string forms of user objects (arguments, values, exceptions) that go into the
 * library's messages. A user's {@code toString} may throw or produce megabytes; a message
 * must still be made, so a failing one is replaced by a placeholder and a long one is
 * cut.
 */
final class SafeStrings {

	/** The longest string form kept in a message, in characters. */
	static final int MAX_LENGTH = 200;

	private SafeStrings() {
	}

	/**
	 * Return {@code String.valueOf(object)}, cut to {@link #MAX_LENGTH} characters, or a
	 * placeholder naming the class if it threw.
	 * @param object the object, possibly {@code null}
	 * @return its string form, never {@code null}
	 */
	static String of(@org.jspecify.annotations.Nullable Object object) {
		String text;
		try {
			text = String.valueOf(object);
		}
		catch (Throwable ex) {
			String type = (object != null) ? object.getClass().getName() : "null";
			return "<" + type + "@" + Integer.toHexString(System.identityHashCode(object)) + ": toString() threw "
					+ ex.getClass().getName() + ">";
		}
		if (text == null) {
			return "null";
		}
		return (text.length() > MAX_LENGTH) ? text.substring(0, MAX_LENGTH) + "..." : text;
	}

}
