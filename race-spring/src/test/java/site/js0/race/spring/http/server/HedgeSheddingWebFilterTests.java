package site.js0.race.spring.http.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import site.js0.race.spring.http.HedgeHeader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of {@link HedgeSheddingWebFilter} on WebFlux's own exchange objects: what is
 * shed, when an exchange is counted, and that the count comes back after errors and
 * cancellation (real HTTP on Reactor Netty is tested in the starter).
 */
class HedgeSheddingWebFilterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final InFlightGate gate = new InFlightGate(1, Duration.ofSeconds(1));

	private final HedgeSheddingWebFilter filter = new HedgeSheddingWebFilter(this.gate);

	private final AtomicInteger chainCalls = new AtomicInteger();

	private final WebFilterChain countingChain = (exchange) -> Mono.fromRunnable(this.chainCalls::incrementAndGet);

	@Test
	void hedgeAtTheLimitIsAnswered503WithRetryAfterWithoutCallingTheApplication() {
		this.gate.admit(null);
		MockServerWebExchange exchange = hedge();
		this.filter.filter(exchange, this.countingChain).block(TIMEOUT);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void primaryAtTheLimitIsServed() {
		this.gate.admit(null);
		this.filter.filter(primary(), this.countingChain).block(TIMEOUT);
		assertThat(this.chainCalls).hasValue(1);
		assertThat(this.gate.inFlight()).isEqualTo(1);
	}

	@Test
	void exchangeIsCountedFromSubscriptionNotAssembly() {
		Mono<Void> filtered = this.filter.filter(primary(), (exchange) -> Mono.never());
		assertThat(this.gate.inFlight()).isZero();
		Disposable subscription = filtered.subscribe();
		assertThat(this.gate.inFlight()).isEqualTo(1);
		subscription.dispose();
	}

	@Test
	void countComesBackWhenTheClientCancels() {
		Disposable subscription = this.filter.filter(primary(), (exchange) -> Mono.never()).subscribe();
		assertThat(this.gate.inFlight()).isEqualTo(1);
		subscription.dispose();
		assertThat(this.gate.inFlight()).isZero();
	}

	@Test
	void countComesBackWhenTheApplicationFails() {
		Mono<Void> failing = this.filter.filter(primary(),
				(exchange) -> Mono.error(new IllegalStateException("broken")));
		assertThatIllegalStateException().isThrownBy(() -> failing.block(TIMEOUT)).withMessage("broken");
		assertThat(this.gate.inFlight()).isZero();
	}

	@Test
	void countComesBackWhenTheChainThrowsInsteadOfReturning() {
		WebFilterChain throwing = (exchange) -> {
			throw new IllegalStateException("thrown");
		};
		Mono<Void> filtered = this.filter.filter(primary(), throwing);
		assertThatIllegalStateException().isThrownBy(() -> filtered.block(TIMEOUT)).withMessage("thrown");
		assertThat(this.gate.inFlight()).isZero();
	}

	@Test
	void exchangeStaysCountedUntilTheApplicationCompletes() {
		Sinks.Empty<Void> done = Sinks.empty();
		Disposable subscription = this.filter.filter(hedge(), (exchange) -> done.asMono()).subscribe();
		assertThat(this.gate.inFlight()).isEqualTo(1);
		done.tryEmitEmpty();
		assertThat(this.gate.inFlight()).isZero();
		assertThat(subscription.isDisposed()).isTrue();
	}

	private static MockServerWebExchange primary() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/"));
	}

	private static MockServerWebExchange hedge() {
		return MockServerWebExchange
			.from(MockServerHttpRequest.get("/").header(HedgeHeader.DEFAULT_NAME, HedgeHeader.value(2)));
	}

}
