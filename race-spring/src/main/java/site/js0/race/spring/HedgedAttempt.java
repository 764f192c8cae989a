package site.js0.race.spring;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import site.js0.race.AttemptContext;

/**
 * The attempt of a {@link Hedged @Hedged} call that the current thread is running, so
 * that the method can tell the first call from a hedge (to choose another endpoint, say)
 * or hand the time left on.
 *
 * <p>
 * It is set on the thread that runs the attempt, around the call of the method: for a
 * method returning a plain value, the whole call; for one returning a
 * {@code CompletionStage}, a {@code Mono} or a {@code Flux}, only the synchronous part of
 * the call (until the method returns its stage or publisher), so read it there, not in a
 * callback. It is cleared when the call returns, and nested {@code @Hedged} calls see
 * their own attempt.
 *
 * <pre class="code">
 * &#64;Hedged("mirrors")
 * String fetch(String path) {
 *     AttemptContext attempt = HedgedAttempt.current();
 *     return client.get(mirrors.get(attempt.index() % mirrors.size()), path);
 * }
 * </pre>
 */
public final class HedgedAttempt {

	private static final ThreadLocal<@Nullable AttemptContext> CURRENT = new ThreadLocal<>();

	private HedgedAttempt() {
	}

	/**
	 * Return the attempt the current thread is running.
	 * @return the attempt's context
	 * @throws IllegalStateException if the current thread is not running the synchronous
	 * part of a {@code @Hedged} attempt
	 */
	public static AttemptContext current() {
		AttemptContext attempt = CURRENT.get();
		if (attempt == null) {
			throw new IllegalStateException("No @Hedged attempt is running on this thread: HedgedAttempt.current() "
					+ "is set only while a @Hedged method is called through its proxy, and for a method returning a "
					+ "CompletionStage or publisher only until it returns");
		}
		return attempt;
	}

	/**
	 * Return the attempt the current thread is running, or empty when it runs none.
	 * @return the attempt's context, or empty
	 */
	public static Optional<AttemptContext> find() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * Set the attempt of the current thread.
	 * @param attempt the attempt
	 * @return the attempt set before, to be given back to {@link #restore}
	 */
	static @Nullable AttemptContext enter(AttemptContext attempt) {
		AttemptContext previous = CURRENT.get();
		CURRENT.set(attempt);
		return previous;
	}

	/**
	 * Give the current thread back the attempt it had before {@link #enter}.
	 * @param previous the attempt returned by {@code enter}
	 */
	static void restore(@Nullable AttemptContext previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

}
