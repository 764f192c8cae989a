package site.js0.race;

import java.time.Duration;
import java.util.Optional;

/**
 * What an attempt may want to know about itself while it runs. Passed to every task, and
 * to {@link RaceListener#onAttemptLaunched listeners}.
 */
public interface AttemptContext {

	/**
	 * Return the name of the race's template, as set by
	 * {@link RaceSettings.Builder#name}.
	 * @return the race name
	 */
	String raceName();

	/**
	 * Return the attempt's zero-based index in launch order.
	 * @return the attempt index
	 */
	int index();

	/**
	 * Return whether this attempt is a hedge, that is, not the first one.
	 * @return {@code true} if {@link #index()} is greater than zero
	 */
	default boolean isHedge() {
		return index() > 0;
	}

	/**
	 * Return when this attempt was launched, measured from the start of the race.
	 * @return the launch offset
	 */
	Duration launchOffset();

	/**
	 * Return the time left before the race's deadline, never negative, or empty when the
	 * race has no deadline. Hand it on to the callee (as gRPC does) so that it can give
	 * up in time.
	 * @return the time left, or empty
	 */
	Optional<Duration> timeLeft();

	/**
	 * Return whether the race no longer needs this attempt: it was decided, closed or
	 * timed out. Blocking tasks that cannot be interrupted can poll this to stop early.
	 * @return {@code true} once the attempt has been cancelled or has lost
	 */
	boolean isCancelled();

}
