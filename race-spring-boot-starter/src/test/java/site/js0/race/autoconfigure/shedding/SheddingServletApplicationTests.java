package site.js0.race.autoconfigure.shedding;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import site.js0.race.spring.http.HedgeHeader;
import site.js0.race.spring.http.server.InFlightGate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Spring MVC application on an embedded Tomcat, called over HTTP on loopback, with
 * {@code race.shedding.max-in-flight=2}: a hedge is shed with 503 and {@code Retry-After}
 * while two requests are in flight, a primary is served, a hedge below the limit is
 * served, and the count comes back to zero after errors and asynchronous requests.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = SheddingServletApplicationTests.WebApplication.class, properties = { "race.shedding.enabled=true",
				"race.shedding.max-in-flight=2", "race.shedding.retry-after=1500ms" })
class SheddingServletApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private InFlightGate gate;

	@Autowired
	private Holds holds;

	@Autowired
	private MeterRegistry meterRegistry;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@AfterEach
	void releaseHeldRequests() {
		this.holds.releaseAll();
		await().atMost(TIMEOUT).until(() -> this.gate.inFlight() == 0);
		this.holds.reset();
	}

	@Test
	void hedgeIsShedWith503AndRetryAfterWhileRequestsInFlightAreAtTheLimit() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> held = hold(2);
		HttpResponse<String> response = get("/ok", true);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(this.holds.okCalls).hasValue(0);
		this.holds.releaseAll();
		for (CompletableFuture<HttpResponse<String>> future : held) {
			assertThat(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void shedHedgeIsCountedInTheMeter() throws Exception {
		double before = this.meterRegistry.get(SheddingAutoConfiguration.SHED_METER).functionCounter().count();
		hold(2);
		get("/ok", true);
		assertThat(this.meterRegistry.get(SheddingAutoConfiguration.SHED_METER).functionCounter().count())
			.isEqualTo(before + 1);
		assertThat(this.meterRegistry.get(SheddingAutoConfiguration.IN_FLIGHT_METER).gauge().value()).isEqualTo(2);
	}

	@Test
	void primaryIsServedWhileRequestsInFlightAreAtTheLimit() throws Exception {
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
	void countReturnsToZeroAfterTheApplicationThrows() throws Exception {
		HttpResponse<String> response = get("/fail", false);
		assertThat(response.statusCode()).isEqualTo(500);
		await().atMost(TIMEOUT).until(() -> this.gate.inFlight() == 0);
		// A leaked count would shed this hedge with one request held.
		hold(1);
		assertThat(get("/ok", true).statusCode()).isEqualTo(200);
	}

	@Test
	void asynchronousRequestsStayCountedAfterTheirDispatchReturnsUntilTheyComplete() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> pending = List.of(send("/async", false), send("/async", false));
		assertThat(this.holds.entered.tryAcquire(2, TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(this.holds.asyncDispatchesReturned.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(this.gate.inFlight()).isEqualTo(2);
		assertThat(get("/ok", true).statusCode()).isEqualTo(503);
		this.holds.releaseAll();
		for (CompletableFuture<HttpResponse<String>> future : pending) {
			HttpResponse<String> response = future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("async");
		}
		await().atMost(TIMEOUT).until(() -> this.gate.inFlight() == 0);
	}

	private List<CompletableFuture<HttpResponse<String>>> hold(int count) throws InterruptedException {
		List<CompletableFuture<HttpResponse<String>>> held = new CopyOnWriteArrayList<>();
		for (int i = 0; i < count; i++) {
			held.add(send("/hold", false));
		}
		assertThat(this.holds.entered.tryAcquire(count, TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.as("held requests reached the application")
			.isTrue();
		return held;
	}

	private HttpResponse<String> get(String path, boolean hedge) throws IOException, InterruptedException {
		return this.client.send(request(path, hedge), HttpResponse.BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> send(String path, boolean hedge) {
		return this.client.sendAsync(request(path, hedge), HttpResponse.BodyHandlers.ofString());
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

		volatile CountDownLatch release = new CountDownLatch(1);

		volatile CountDownLatch asyncDispatchesReturned = new CountDownLatch(2);

		final List<CompletableFuture<String>> async = new CopyOnWriteArrayList<>();

		void releaseAll() {
			this.release.countDown();
			this.async.forEach((future) -> future.complete("async"));
		}

		void reset() {
			this.entered.drainPermits();
			this.okCalls.set(0);
			this.release = new CountDownLatch(1);
			this.asyncDispatchesReturned = new CountDownLatch(2);
			this.async.clear();
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

		/**
		 * Runs around the shedding filter, so that its finally block sees an asynchronous
		 * request after the shedding filter has let its dispatch go.
		 */
		@Bean
		FilterRegistrationBean<OncePerRequestFilter> dispatchWatcher(Holds holds) {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {

						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							try {
								chain.doFilter(request, response);
							}
							finally {
								if (request.isAsyncStarted()) {
									holds.asyncDispatchesReturned.countDown();
								}
							}
						}

					});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	@RestController
	static class Controller {

		private final Holds holds;

		Controller(Holds holds) {
			this.holds = holds;
		}

		@GetMapping("/hold")
		String hold() throws InterruptedException {
			this.holds.entered.release();
			return this.holds.release.await(10, TimeUnit.SECONDS) ? "released" : "timed out";
		}

		@GetMapping("/ok")
		String ok() {
			this.holds.okCalls.incrementAndGet();
			return "ok";
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("broken");
		}

		@GetMapping("/async")
		CompletableFuture<String> async() {
			CompletableFuture<String> future = new CompletableFuture<>();
			this.holds.async.add(future);
			this.holds.entered.release();
			return future;
		}

	}

}
