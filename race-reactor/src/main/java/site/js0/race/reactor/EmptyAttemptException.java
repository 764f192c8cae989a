package site.js0.race.reactor;

import java.util.NoSuchElementException;

/**
 * The failure of an attempt whose {@code Mono} completed without a value. An empty
 * attempt is a failure, not a success with no result: a race's first success is a value
 * the caller can use, and an empty answer (a cache miss, a filtered-out response) is
 * usually the reason to ask the next candidate. A {@code NoSuchElementException}, as
 * Reactor's {@code Mono.single()} signals for an empty source.
 */
public class EmptyAttemptException extends NoSuchElementException {

	@java.io.Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create a new instance.
	 * @param attemptIndex the zero-based index of the attempt that completed empty
	 */
	public EmptyAttemptException(int attemptIndex) {
		super("Attempt #" + attemptIndex + " completed empty");
	}

}
