package site.js0.race.spring;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import site.js0.race.RaceAbortedException;
import site.js0.race.RaceFailedException;

/**
 * Turns the exception a race ended with into the one the caller of a {@code @Hedged}
 * method gets: the first attempt's own failure when every attempt failed, the aborting
 * exception when one aborted the race, and the race's exception otherwise (a timeout, a
 * cancellation).
 */
final class HedgedExceptions {

	private HedgedExceptions() {
	}

	/**
	 * Unwrap the {@link CompletionException} and {@link ExecutionException} layers of a
	 * future's failure.
	 * @param failure the failure
	 * @return the innermost failure
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * Return what the caller gets for a race that ended with the given failure.
	 * @param raceFailure the race's failure, unwrapped
	 * @return the exception to throw
	 */
	static Throwable translate(Throwable raceFailure) {
		if (raceFailure instanceof RaceFailedException) {
			Throwable[] attempts = raceFailure.getSuppressed();
			if (attempts.length == 0) {
				return raceFailure;
			}
			return withOthersSuppressed(attempts[0], attempts);
		}
		if (raceFailure instanceof RaceAbortedException) {
			Throwable cause = raceFailure.getCause();
			if (cause == null) {
				return raceFailure;
			}
			return withOthersSuppressed(cause, raceFailure.getSuppressed());
		}
		return raceFailure;
	}

	private static Throwable withOthersSuppressed(Throwable original, Throwable[] attempts) {
		for (Throwable other : attempts) {
			if (other != original) {
				try {
					original.addSuppressed(other);
				}
				catch (RuntimeException ex) {
					// An exception that does not take suppressed ones: thrown as it is.
				}
			}
		}
		return original;
	}

}
