package site.js0.race;

/**
 * A source of monotonic nanosecond time, used to measure launch offsets, durations and
 * the deadline. Replace it (together with the scheduler) to run races on virtual time in
 * tests.
 */
@FunctionalInterface
public interface Ticker {

	/**
	 * Return the current time in nanoseconds, on an arbitrary origin that only ever moves
	 * forward.
	 * @return the current time in nanoseconds
	 */
	long read();

	/**
	 * Return the ticker backed by {@link System#nanoTime()}.
	 * @return the system ticker
	 */
	static Ticker system() {
		return System::nanoTime;
	}

}
