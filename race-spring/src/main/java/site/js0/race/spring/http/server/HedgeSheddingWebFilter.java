package site.js0.race.spring.http.server;

import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import site.js0.race.spring.http.server.InFlightGate.Permit;

/**
 * A WebFlux filter that sheds hedges when the server is busy, by the rule of its
 * {@link InFlightGate}: every exchange is counted while in flight; an exchange marked as
 * a hedge that arrives with the count at or above the limit is answered at once with
 * {@code 503 Service Unavailable} and {@code Retry-After}, and the rest of the chain (the
 * application) is not subscribed to. Primaries are never shed.
 *
 * <p>
 * An exchange is admitted when the filter's {@code Mono} is subscribed to and leaves the
 * count exactly once, when the chain completes, fails (also by throwing instead of
 * returning a {@code Mono}) or is cancelled (the client went away).
 *
 * <p>
 * Its {@link #getOrder() order} places it among the application's other {@code WebFilter}
 * beans; by default {@link #DEFAULT_ORDER}. Thread-safe.
 */
public class HedgeSheddingWebFilter implements WebFilter, Ordered {

	/**
	 * The default order, {@code Ordered.HIGHEST_PRECEDENCE + 10}: early, so that a shed
	 * hedge costs as little as possible, and before Spring Security's filter chain
	 * ({@code -100}).
	 */
	public static final int DEFAULT_ORDER = InFlightGate.FILTER_ORDER;

	private final InFlightGate gate;

	private int order = DEFAULT_ORDER;

	/**
	 * Create a filter that counts exchanges and sheds hedges by the given gate.
	 * @param gate the gate, which may be shared with other filters
	 */
	public HedgeSheddingWebFilter(InFlightGate gate) {
		this.gate = Objects.requireNonNull(gate, "gate must not be null");
	}

	/**
	 * Return the gate this filter counts exchanges in.
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
	 * Set the order of this filter among the other {@code WebFilter} beans.
	 * @param order the order
	 */
	public void setOrder(int order) {
		this.order = order;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return Mono.defer(() -> {
			Permit permit = this.gate.admit(exchange.getRequest().getHeaders().getFirst(this.gate.headerName()));
			if (permit == null) {
				return shed(exchange.getResponse());
			}
			// The inner defer turns a chain that throws into an error signal, which
			// doFinally sees like any other end.
			return Mono.defer(() -> chain.filter(exchange)).doFinally((signal) -> permit.release());
		});
	}

	private Mono<Void> shed(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, this.gate.retryAfterSeconds());
		return response.setComplete();
	}

}
