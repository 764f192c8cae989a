package site.js0.race.autoconfigure.shedding;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import site.js0.race.spring.http.HedgeHeader;
import site.js0.race.spring.http.server.InFlightGate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real WebFlux application on Reactor Netty, called over HTTP on loopback, with
 * {@code race.shedding.max-in-flight=2}: a hedge is shed with 503 and {@code Retry-After}
 * while two exchanges are in flight, a primary is served, a hedge below the limit is
 * served, and the count comes back to zero after errors and after a client that goes
 * away.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = SheddingReactiveApplicationTests.WebApplication.class,
		properties = { "spring.main.web-application-type=reactive", "race.shedding.enabled=true",
				"race.shedding.max-in-flight=2", "race.shedding.retry-after=1s" })
class SheddingReactiveApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private InFlightGate gate;

	@Autowired
	private Holds holds;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@AfterEach
	void releaseHeldExchanges() {
		this.holds.releaseAll();
		await().atMost(TIMEOUT).until(() -> this.gate.inFlight() == 0);
		this.holds.reset();
	}

	@Test
	void hedgeIsShedWith503AndRetryAfterWhileExchangesInFlightAreAtTheLimit() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> held = hold(2);
		HttpResponse<String> response = get("/ok", true);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(this.holds.okCalls).hasValue(0);
		this.holds.releaseAll();
		for (CompletableFuture<HttpResponse<String>> future : held) {
			assertThat(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).body()).isEqualTo("released");
		}
	}

	@Test
	void primaryIsServedWhileExchangesInFlightAreAtTheLimit() throws Exception {
		hold(2);
		HttpResponse<String> response = get("/ok", false);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok");
	}

	@Test
	void hedgeBelowTheLimitIsServed() throws Exception {
		hold(1);
		HttpResponse<String> response = get("/ok", true);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok");
	}

	@Test
	void countReturnsToZeroAfterTheApplicationFails() throws Exception {
		HttpResponse<String> response = get("/fail", false);
		assertThat(response.statusCode()).isEqualTo(500);
		await().atMost(TIMEOUT).until(() -> this.gate.inFlight() == 0);
		hold(1);
		assertThat(get("/ok", true).statusCode()).isEqualTo(200);
	}

	@Test
	void countReturnsToZeroWhenTheClientGoesAway() throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /never HTTP/1.1\r\nHost: localhost:" + this.port + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(this.holds.entered.tryAcquire(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(this.gate.inFlight()).isEqualTo(1);
		}
		assertThat(this.holds.cancelled.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.as("the server cancelled the exchange")
			.isTrue();
		await().atMost(TIMEOUT).until(() -> this.gate.inFlight() == 0);
	}

	private List<CompletableFuture<HttpResponse<String>>> hold(int count) throws InterruptedException {
		List<CompletableFuture<HttpResponse<String>>> held = new CopyOnWriteArrayList<>();
		for (int i = 0; i < count; i++) {
			held.add(this.client.sendAsync(request("/hold", false), HttpResponse.BodyHandlers.ofString()));
		}
		assertThat(this.holds.entered.tryAcquire(count, TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.as("held exchanges reached the application")
			.isTrue();
		return held;
	}

	private HttpResponse<String> get(String path, boolean hedge) throws IOException, InterruptedException {
		return this.client.send(request(path, hedge), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String path, boolean hedge) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(TIMEOUT);
		if (hedge) {
			request.header(HedgeHeader.DEFAULT_NAME, HedgeHeader.value(1));
		}
		return request.build();
	}

	/** What the application's handlers wait on and report to the test. */
	static class Holds {

		final Semaphore entered = new Semaphore(0);

		final AtomicInteger okCalls = new AtomicInteger();

		final List<Sinks.One<String>> held = new CopyOnWriteArrayList<>();

		volatile CountDownLatch cancelled = new CountDownLatch(1);

		void releaseAll() {
			this.held.forEach((sink) -> sink.tryEmitValue("released"));
		}

		void reset() {
			this.entered.drainPermits();
			this.okCalls.set(0);
			this.held.clear();
			this.cancelled = new CountDownLatch(1);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

		@Bean
		Holds holds() {
			return new Holds();
		}

		@Bean
		Controller controller(Holds holds) {
			return new Controller(holds);
		}

	}

	@RestController
	static class Controller {

		private final Holds holds;

		Controller(Holds holds) {
			this.holds = holds;
		}

		@GetMapping("/hold")
		Mono<String> hold() {
			return Mono.defer(() -> {
				Sinks.One<String> sink = Sinks.one();
				this.holds.held.add(sink);
				this.holds.entered.release();
				return sink.asMono();
			});
		}

		@GetMapping("/ok")
		Mono<String> ok() {
			return Mono.fromSupplier(() -> {
				this.holds.okCalls.incrementAndGet();
				return "ok";
			});
		}

		@GetMapping("/fail")
		Mono<String> fail() {
			return Mono.error(new IllegalStateException("broken"));
		}

		@GetMapping("/never")
		Mono<String> never() {
			return Mono.<String>never()
				.doOnSubscribe((subscription) -> this.holds.entered.release())
				.doOnCancel(() -> this.holds.cancelled.countDown());
		}

	}

}
