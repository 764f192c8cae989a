package site.js0.race;

import org.jspecify.annotations.Nullable;

/**
 * Who takes a race's results: a {@link RaceFuture} (the first success) or a
 * {@link RaceStream} (every outcome). Chosen once, when the race is created.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
interface RaceConsumer<A, T> {

	/**
	 * Return whether every outcome is consumed, rather than only the first success.
	 * @return {@code true} for a stream
	 */
	boolean isStream();

	/**
	 * Return whether another attempt may be launched now, given those in flight: the
	 * consumer's back-pressure. Called under the race's lock; must not block or call out.
	 * @param inFlight the attempts in flight
	 * @return whether another launch is permitted
	 */
	boolean hasCredit(int inFlight);

	/**
	 * Take an outcome, in completion order. Called under the race's lock, so that
	 * outcomes and the end keep their order; must only enqueue.
	 * @param outcome the outcome
	 */
	void offer(AttemptOutcome<A, T> outcome);

	/**
	 * Deliver what was offered; called without any lock.
	 */
	void signal();

	/**
	 * Take the winning value of a first-success race.
	 * @param value the value
	 */
	void succeed(@Nullable T value);

	/**
	 * Take the end of the race.
	 * @param outcome how it ended
	 * @param failure the exception to hand the consumer, or {@code null} for a normal end
	 * or a consumer that has gone
	 */
	void end(RaceOutcome outcome, @Nullable Throwable failure);

}
