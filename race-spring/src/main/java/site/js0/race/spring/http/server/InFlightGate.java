package site.js0.race.spring.http.server;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

import site.js0.race.spring.http.HedgeHeader;

/**
 * The count of a server's requests in flight and the rule that sheds hedges: every
 * request that passes a {@link HedgeSheddingFilter} or {@link HedgeSheddingWebFilter}
 * built on this gate is counted from the moment it is admitted until it completes
 * (normally, with an error, asynchronously, or cancelled); a request marked as a hedge
 * (by the {@link HedgeHeader} under {@link #headerName()}) that arrives while the count
 * is at or above {@link #maxInFlight()} is shed instead: answered with 503 and
 * {@code Retry-After} without reaching the application, and not counted. Primaries, and
 * requests whose mark is not a valid attempt index, are always admitted, so the count may
 * exceed the limit; only hedges are held back.
 *
 * <p>
 * The Tail-at-Scale paper advises sending hedges at a lower priority than primaries; this
 * is that priority, applied by the server, which alone knows how busy it is. One gate can
 * serve several filters, which then share one count.
 *
 * <p>
 * Thread-safe and lock-free: admission is one compare-and-set, so a hedge is admitted
 * only if the count it saw was below the limit.
 */
public final class InFlightGate {

	/**
	 * The default order of the filters: early, so that a shed hedge costs as little as
	 * possible, yet after Spring Boot's character-encoding and observation filters (so
	 * that shed requests are observed as 503s) and before Spring Security's filter chain
	 * ({@code -100}).
	 */
	static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final int maxInFlight;

	private final Duration retryAfter;

	private final String retryAfterSeconds;

	private final String headerName;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LongAdder shed = new LongAdder();

	/**
	 * Create a gate that sheds hedges, marked by the {@link HedgeHeader#DEFAULT_NAME
	 * default header}, once {@code maxInFlight} requests are in flight.
	 * @param maxInFlight the count of requests in flight at or above which hedges are
	 * shed, at least 1
	 * @param retryAfter how long a shed client is told to wait, zero or more; sent in
	 * whole seconds, rounded up
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public InFlightGate(int maxInFlight, Duration retryAfter) {
		this(maxInFlight, retryAfter, HedgeHeader.DEFAULT_NAME);
	}

	/**
	 * Create a gate that sheds hedges, marked by the given header, once
	 * {@code maxInFlight} requests are in flight.
	 * @param maxInFlight the count of requests in flight at or above which hedges are
	 * shed, at least 1
	 * @param retryAfter how long a shed client is told to wait, zero or more; sent in
	 * whole seconds, rounded up
	 * @param headerName the name of the header that marks a hedge, a legal header name
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public InFlightGate(int maxInFlight, Duration retryAfter, String headerName) {
		Objects.requireNonNull(retryAfter, "retryAfter must not be null");
		Objects.requireNonNull(headerName, "headerName must not be null");
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("maxInFlight must be at least 1, but was " + maxInFlight);
		}
		if (retryAfter.isNegative()) {
			throw new IllegalArgumentException("retryAfter must be zero or positive, but was " + retryAfter);
		}
		if (!HedgeHeader.isValidName(headerName)) {
			throw new IllegalArgumentException(
					"headerName must be an HTTP header name (a token of RFC 9110), but was '" + headerName + "'");
		}
		this.maxInFlight = maxInFlight;
		this.retryAfter = retryAfter;
		this.retryAfterSeconds = Long.toString(seconds(retryAfter));
		this.headerName = headerName;
	}

	// Retry-After takes whole seconds; rounding down would tell the client to come back
	// sooner than asked.
	private static long seconds(Duration duration) {
		long seconds = duration.getSeconds();
		return (duration.getNano() > 0 && seconds < Long.MAX_VALUE) ? seconds + 1 : seconds;
	}

	/**
	 * Return the count of requests in flight at or above which hedges are shed.
	 * @return the limit, at least 1
	 */
	public int maxInFlight() {
		return this.maxInFlight;
	}

	/**
	 * Return how long a shed client is told to wait.
	 * @return the duration, as configured
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Return the name of the header that marks a hedge.
	 * @return the header name
	 */
	public String headerName() {
		return this.headerName;
	}

	/**
	 * Return the number of requests admitted and not yet completed, primaries and hedges.
	 * @return the count now
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return the number of hedges shed since this gate was created.
	 * @return the count
	 */
	public long shedCount() {
		return this.shed.sum();
	}

	/**
	 * Return the value of the {@code Retry-After} header of a shed response.
	 * @return whole seconds, rounded up
	 */
	String retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/**
	 * Admit a request or shed it.
	 * @param hedgeHeaderValue the value of the request's {@link #headerName()} header, or
	 * {@code null} if absent
	 * @return the permit of an admitted request, to be released exactly once when it
	 * completes, or {@code null} if the request is a hedge to shed
	 */
	@Nullable Permit admit(@Nullable String hedgeHeaderValue) {
		if (!HedgeHeader.marksHedge(hedgeHeaderValue)) {
			this.inFlight.incrementAndGet();
			return new Permit();
		}
		int current = this.inFlight.get();
		while (current < this.maxInFlight) {
			int witness = this.inFlight.compareAndExchange(current, current + 1);
			if (witness == current) {
				return new Permit();
			}
			current = witness;
		}
		this.shed.increment();
		return null;
	}

	@Override
	public String toString() {
		return "InFlightGate[inFlight=" + inFlight() + ", maxInFlight=" + this.maxInFlight + ", header="
				+ this.headerName + "]";
	}

	/**
	 * An admitted request's place in the count, given back once however many of the paths
	 * that end a request (completion, error, timeout, cancellation) report it.
	 */
	final class Permit {

		private final AtomicBoolean released = new AtomicBoolean();

		/**
		 * Take the request out of the count; later calls do nothing.
		 */
		void release() {
			if (this.released.compareAndSet(false, true)) {
				InFlightGate.this.inFlight.decrementAndGet();
			}
		}

	}

}
