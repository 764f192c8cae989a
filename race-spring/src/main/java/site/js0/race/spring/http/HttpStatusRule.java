package site.js0.race.spring.http;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.util.Assert;

/**
 * Which HTTP statuses end a hedged request and which let the other attempts carry on. An
 * attempt's response status gets one {@link Verdict}:
 * <ul>
 * <li>{@link Verdict#WIN}: the response is the answer; the other attempts are cancelled
 * and their responses closed.</li>
 * <li>{@link Verdict#LOSE}: the attempt failed in a way another attempt (another mirror,
 * a later try) may not: the response is held back (and finally closed) while the race
 * goes on; if every attempt loses, the caller gets the first attempt's outcome.</li>
 * <li>{@link Verdict#ABORT}: the response is the final answer although it is no success
 * (a {@code 404} is as true of the next mirror): the race ends with it, no further
 * attempt starts and the others are cancelled.</li>
 * </ul>
 * <p>
 * The {@link #defaults() defaults}: {@code 2xx} and {@code 3xx} win; {@code 5xx},
 * {@code 408 Request Timeout} and {@code 429 Too Many Requests} lose; every other
 * {@code 4xx} aborts; any other code ({@code 1xx}, or a non-standard code above
 * {@code 599}) loses. Overrides per code ({@link #win}, {@link #lose}, {@link #abort})
 * take precedence over these ranges.
 * <p>
 * Instances are immutable and thread-safe; every override returns a new rule.
 */
public final class HttpStatusRule {

	private static final HttpStatusRule DEFAULTS = new HttpStatusRule(Collections.emptyMap());

	private final Map<Integer, Verdict> overrides;

	private HttpStatusRule(Map<Integer, Verdict> overrides) {
		this.overrides = overrides;
	}

	/**
	 * Return the default rule: {@code 2xx} and {@code 3xx} win; {@code 5xx}, {@code 408}
	 * and {@code 429} lose; every other {@code 4xx} aborts; anything else loses.
	 * @return the default rule
	 */
	public static HttpStatusRule defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a copy of this rule in which the given statuses win.
	 * @param codes the statuses
	 * @return the new rule
	 */
	public HttpStatusRule win(HttpStatusCode... codes) {
		return with(Verdict.WIN, codes);
	}

	/**
	 * Return a copy of this rule in which the given statuses lose: the other attempts go
	 * on.
	 * @param codes the statuses
	 * @return the new rule
	 */
	public HttpStatusRule lose(HttpStatusCode... codes) {
		return with(Verdict.LOSE, codes);
	}

	/**
	 * Return a copy of this rule in which the given statuses abort: they are the final
	 * answer and no further attempt is made.
	 * @param codes the statuses
	 * @return the new rule
	 */
	public HttpStatusRule abort(HttpStatusCode... codes) {
		return with(Verdict.ABORT, codes);
	}

	/**
	 * Return a copy of this rule in which the given statuses get the given verdict; the
	 * form a configuration binder uses.
	 * @param verdict the verdict
	 * @param codes the statuses
	 * @return the new rule
	 */
	public HttpStatusRule with(Verdict verdict, HttpStatusCode... codes) {
		Assert.notNull(verdict, "'verdict' must not be null");
		Assert.notNull(codes, "'codes' must not be null");
		Map<Integer, Verdict> copy = new TreeMap<>(this.overrides);
		for (HttpStatusCode code : codes) {
			Assert.notNull(code, "'codes' must not contain null");
			copy.put(code.value(), verdict);
		}
		return new HttpStatusRule(Collections.unmodifiableMap(copy));
	}

	/**
	 * Return the verdict on a response status.
	 * @param status the status
	 * @return the verdict, never {@code null}
	 */
	public Verdict verdict(HttpStatusCode status) {
		Assert.notNull(status, "'status' must not be null");
		Verdict override = this.overrides.get(status.value());
		if (override != null) {
			return override;
		}
		int value = status.value();
		if (status.is2xxSuccessful() || status.is3xxRedirection()) {
			return Verdict.WIN;
		}
		if (value == 408 || value == 429 || status.is5xxServerError()) {
			return Verdict.LOSE;
		}
		if (status.is4xxClientError()) {
			return Verdict.ABORT;
		}
		return Verdict.LOSE;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || ((other instanceof HttpStatusRule rule) && this.overrides.equals(rule.overrides));
	}

	@Override
	public int hashCode() {
		return this.overrides.hashCode();
	}

	@Override
	public String toString() {
		return "HttpStatusRule[2xx/3xx WIN, 5xx/408/429 LOSE, 4xx ABORT, overrides " + this.overrides + "]";
	}

	/**
	 * What a response status means for a hedged request.
	 */
	public enum Verdict {

		/** The response is the answer; the other attempts are cancelled. */
		WIN,

		/** The attempt failed; the other attempts go on. */
		LOSE,

		/** The response is the final answer; no further attempt is made. */
		ABORT

	}

}
