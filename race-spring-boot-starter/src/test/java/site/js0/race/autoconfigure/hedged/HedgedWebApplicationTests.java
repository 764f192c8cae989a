package site.js0.race.autoconfigure.hedged;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import site.js0.race.AttemptContext;
import site.js0.race.spring.Hedged;
import site.js0.race.spring.HedgedAttempt;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real web application, called over HTTP: a request's hedge, started by the timer one
 * step (100 ms) after the call, runs with the request's MDC entry and trace, and the
 * {@code @Hedged} call is an observation of the request's trace.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HedgedWebApplicationTests.WebApplication.class,
		properties = { "race.instances.search.step=100ms", "race.instances.search.max-attempts=2" })
class HedgedWebApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TestObservationRegistry registry;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void hedgeOfABlockingCallRunsWithTheRequestsMdcAndTrace() throws Exception {
		HttpResponse<String> response = get("/search?q=race", "r-7");
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(response.body()).isEqualTo("race found by attempt 1, request r-7, trace " + traceId);
		assertThat(this.registry).hasObservationWithNameEqualTo("race")
			.that()
			.hasLowCardinalityKeyValue("race.name", "search")
			.hasLowCardinalityKeyValue("race.outcome", "success")
			.hasParentObservationContextMatching((parent) -> "request".equals(parent.getName()))
			.hasBeenStopped();
	}

	@Test
	void hedgeOfAnAsynchronousCallRunsWithTheRequestsMdcAndTrace() throws Exception {
		HttpResponse<String> response = get("/search-async?q=race", "r-8");
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
		assertThat(response.body()).isEqualTo("race found by attempt 1, request r-8, trace " + traceId);
	}

	private HttpResponse<String> get(String path, String requestId) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("X-Request-Id", requestId)
			.timeout(Duration.ofSeconds(10))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

		@Bean
		SimpleTracer tracer() {
			return new SimpleTracer();
		}

		@Bean
		TestObservationRegistry observationRegistry(SimpleTracer tracer) {
			TestObservationRegistry registry = TestObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
			return registry;
		}

		/** What a tracing filter and a request-id filter do: a trace and an MDC entry. */
		@Bean
		OncePerRequestFilter requestFilter(ObservationRegistry registry, SimpleTracer tracer) {
			return new OncePerRequestFilter() {

				@Override
				protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
						FilterChain chain) throws ServletException, IOException {
					Observation observation = Observation.start("request", registry);
					try (Observation.Scope scope = observation.openScope()) {
						response.setHeader("X-Trace-Id", tracer.currentSpan().context().traceId());
						MDC.put("request.id", request.getHeader("X-Request-Id"));
						chain.doFilter(request, response);
					}
					finally {
						MDC.remove("request.id");
						observation.stop();
					}
				}

			};
		}

		@Bean
		SearchService searchService(SimpleTracer tracer) {
			return new SearchService(tracer);
		}

		@Bean
		SearchController searchController(SearchService searchService) {
			return new SearchController(searchService);
		}

	}

	@RestController
	static class SearchController {

		private final SearchService service;

		SearchController(SearchService service) {
			this.service = service;
		}

		@GetMapping("/search")
		String search(@RequestParam String q) throws InterruptedException {
			return this.service.search(q);
		}

		@GetMapping("/search-async")
		CompletableFuture<String> searchAsync(@RequestParam String q) {
			return this.service.searchAsync(q);
		}

	}

	static class SearchService {

		private final SimpleTracer tracer;

		SearchService(SimpleTracer tracer) {
			this.tracer = tracer;
		}

		/**
		 * The first attempt stalls until it loses; the hedge, which the timer starts no
		 * earlier than the 100 ms step, answers with what it sees.
		 */
		@Hedged("search")
		String search(String query) throws InterruptedException {
			AttemptContext attempt = HedgedAttempt.current();
			if (attempt.index() == 0) {
				new CountDownLatch(1).await(10, TimeUnit.SECONDS);
				return "too late";
			}
			return answer(query, attempt);
		}

		@Hedged("search")
		CompletableFuture<String> searchAsync(String query) {
			AttemptContext attempt = HedgedAttempt.current();
			if (attempt.index() == 0) {
				return new CompletableFuture<>();
			}
			return CompletableFuture.completedFuture(answer(query, attempt));
		}

		private String answer(String query, AttemptContext attempt) {
			if (attempt.launchOffset().compareTo(Duration.ofMillis(100)) < 0) {
				return "hedge launched early, after " + attempt.launchOffset();
			}
			return query + " found by attempt " + attempt.index() + ", request " + MDC.get("request.id") + ", trace "
					+ this.tracer.currentSpan().context().traceId();
		}

	}

}
