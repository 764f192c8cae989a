package site.js0.race.spring.http.server;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import site.js0.race.spring.http.server.InFlightGate.Permit;

/**
 * A servlet filter (Spring MVC) that sheds hedges when the server is busy, by the rule of
 * its {@link InFlightGate}: every request is counted while in flight; a request marked as
 * a hedge that arrives with the count at or above the limit is answered at once with
 * {@code 503 Service Unavailable} and {@code Retry-After}, and the rest of the chain (the
 * application) is not called. Primaries are never shed.
 *
 * <p>
 * A request leaves the count exactly once: when the chain returns or throws, or, if the
 * application went asynchronous ({@code Callable}, {@code DeferredResult},
 * {@code CompletableFuture}, streaming), when its asynchronous processing completes,
 * times out or fails (the servlet container then always calls
 * {@link AsyncListener#onComplete}). Error and asynchronous dispatches of a request are
 * not counted again.
 *
 * <p>
 * Its {@link #getOrder() order}, by default {@link #DEFAULT_ORDER}, places it early in
 * the chain when registered as a bean. Thread-safe.
 */
public class HedgeSheddingFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * The default order, {@code Ordered.HIGHEST_PRECEDENCE + 10}: early, so that a shed
	 * hedge costs as little as possible, after Spring Boot's character-encoding and
	 * observation filters (so that shed requests are observed as 503s) and before Spring
	 * Security's filter chain ({@code -100}).
	 */
	public static final int DEFAULT_ORDER = InFlightGate.FILTER_ORDER;

	private final InFlightGate gate;

	private int order = DEFAULT_ORDER;

	/**
	 * Create a filter that counts requests and sheds hedges by the given gate.
	 * @param gate the gate, which may be shared with other filters
	 */
	public HedgeSheddingFilter(InFlightGate gate) {
		this.gate = Objects.requireNonNull(gate, "gate must not be null");
	}

	/**
	 * Return the gate this filter counts requests in.
	 * @return the gate
	 */
	public InFlightGate getGate() {
		return this.gate;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * Set the order of this filter in the servlet filter chain.
	 * @param order the order
	 */
	public void setOrder(int order) {
		this.order = order;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Permit permit = this.gate.admit(request.getHeader(this.gate.headerName()));
		if (permit == null) {
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader(HttpHeaders.RETRY_AFTER, this.gate.retryAfterSeconds());
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			// The container calls onComplete only after this dispatch has returned, even
			// if the application completed the asynchronous request meanwhile, so the
			// listener added here cannot miss it.
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new ReleaseOnComplete(permit));
			}
			else {
				permit.release();
			}
		}
	}

	/**
	 * Releases a permit when asynchronous processing ends, following the request into
	 * every new asynchronous cycle.
	 */
	private static final class ReleaseOnComplete implements AsyncListener {

		private final Permit permit;

		ReleaseOnComplete(Permit permit) {
			this.permit = permit;
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// A listener hears nothing of a new asynchronous cycle unless it registers
			// again.
			if (event.getAsyncContext() != null) {
				event.getAsyncContext().addListener(this);
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			this.permit.release();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// onComplete follows.
		}

		@Override
		public void onError(AsyncEvent event) {
			// onComplete follows.
		}

	}

}
