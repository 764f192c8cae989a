package site.js0.race;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * How the attempts of one call are classified, typed to its result: which returned values
 * are a success, and which failures abort the whole race instead of letting it go on.
 * Pass them to the {@link RaceTemplate} methods that take rules; the others use the
 * template's {@link RaceSettings#successPredicate()} and
 * {@link RaceSettings#abortPredicate()}.
 *
 * <pre class="code">
 * RaceRules&lt;HttpResponse&lt;String&gt;&gt; http = RaceRules.&lt;HttpResponse&lt;String&gt;&gt;successWhen((response) -&gt; response.statusCode() &lt; 500)
 *     .abortOn(IllegalArgumentException.class);
 * template.firstAsync(mirrors, (uri, attempt) -&gt; client.sendAsync(request(uri), ofString()), http);
 * </pre>
 *
 * <p>
 * Immutable and thread-safe; every method returns new rules. The predicates run on
 * whichever thread ends an attempt, never under a lock: keep them fast. One that throws
 * counts as a failure of that attempt (success predicate) or as "no abort" (abort
 * predicate).
 *
 * @param <T> the result type
 */
public final class RaceRules<T> {

	private static final RaceRules<Object> ANY = new RaceRules<>((value) -> true, (failure) -> false);

	private final Predicate<? super T> success;

	private final Predicate<? super Throwable> abort;

	private RaceRules(Predicate<? super T> success, Predicate<? super Throwable> abort) {
		this.success = success;
		this.abort = abort;
	}

	/**
	 * Return rules under which every value is a success and no failure aborts.
	 * @param <T> the result type
	 * @return the rules
	 */
	@SuppressWarnings("unchecked")
	public static <T> RaceRules<T> any() {
		return (RaceRules<T>) ANY;
	}

	/**
	 * Return rules under which the values the predicate accepts are a success (the others
	 * are a failure of their attempt, an {@link UnsuccessfulResultException}) and no
	 * failure aborts.
	 * @param <T> the result type
	 * @param success the success predicate; {@code null} values reach it too
	 * @return the rules
	 */
	public static <T> RaceRules<T> successWhen(Predicate<? super T> success) {
		return new RaceRules<>(Objects.requireNonNull(success, "success must not be null"), (failure) -> false);
	}

	static RaceRules<Object> of(RaceSettings settings) {
		return new RaceRules<>(settings.successPredicate(), settings.abortPredicate());
	}

	/**
	 * Return these rules, with the failures that the predicate accepts also aborting the
	 * race.
	 * @param abort the abort predicate
	 * @return new rules
	 */
	public RaceRules<T> abortWhen(Predicate<? super Throwable> abort) {
		Objects.requireNonNull(abort, "abort must not be null");
		Predicate<? super Throwable> previous = this.abort;
		return new RaceRules<>(this.success, (failure) -> previous.test(failure) || abort.test(failure));
	}

	/**
	 * Return these rules, with failures of the given types (or their subtypes) also
	 * aborting the race.
	 * @param types the exception types
	 * @return new rules
	 */
	@SafeVarargs
	public final RaceRules<T> abortOn(Class<? extends Throwable>... types) {
		Objects.requireNonNull(types, "abortOn types must not be null");
		for (int i = 0; i < types.length; i++) {
			int index = i;
			Objects.requireNonNull(types[i], () -> "abortOn types[" + index + "] must not be null");
		}
		List<Class<? extends Throwable>> copy = List.of(types);
		return abortWhen((failure) -> copy.stream().anyMatch((type) -> type.isInstance(failure)));
	}

	boolean isSuccess(@Nullable T value) {
		return this.success.test(value);
	}

	boolean isAbort(Throwable failure) {
		return this.abort.test(failure);
	}

}
