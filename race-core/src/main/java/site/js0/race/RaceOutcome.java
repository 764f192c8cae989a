package site.js0.race;

/**
 * How a race ended.
 */
public enum RaceOutcome {

	/**
	 * A first-success race produced a result, or a stream ended with at least one
	 * success.
	 */
	SUCCESS,

	/**
	 * Every attempt failed, an attempt aborted the race, or there was nothing to attempt.
	 */
	FAILURE,

	/**
	 * The deadline passed first.
	 */
	TIMEOUT,

	/**
	 * The consumer gave up: the future was cancelled or completed from outside, the
	 * stream was closed, the subscription cancelled, or the template's executor shut
	 * down.
	 */
	CANCELLED

}
