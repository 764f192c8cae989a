package site.js0.race;

import java.time.Duration;

/**
 * Formatting and conversion of durations for messages, kept in one place so that every
 * message reads the same.
 */
final class Durations {

	private Durations() {
	}

	static String format(long nanos) {
		if (nanos < 10_000_000L) {
			return String.format("%.3f ms", nanos / 1e6);
		}
		return (nanos / 1_000_000L) + " ms";
	}

	static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

}
