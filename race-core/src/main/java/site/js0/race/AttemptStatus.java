package site.js0.race;

/**
 * How an attempt ended, from the race's point of view. Every launched attempt ends with
 * exactly one of these.
 */
public enum AttemptStatus {

	/**
	 * The attempt succeeded and its result was used: the winner of a first-success race,
	 * or any success delivered by a stream.
	 */
	WON,

	/**
	 * The attempt failed (an exception, or a result the success predicate rejected) and
	 * the race went on.
	 */
	FAILED,

	/**
	 * The attempt failed with an exception that the abort predicate marks as
	 * non-retryable, which ended the whole race.
	 */
	ABORTED,

	/**
	 * The attempt was cancelled because the race was decided, closed or timed out, or it
	 * finished after that and its result was discarded.
	 */
	LOST

}
