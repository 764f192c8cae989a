package site.js0.race.spring.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.spring.http.MirrorServer.Answer;
import site.js0.race.spring.http.MirrorServer.Received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HedgingClientHttpRequestFactoryTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final RaceTemplate template = new RaceTemplate(RaceSettings.builder()
		.name("mirrors")
		.step(Duration.ofMillis(50))
		.maxAttempts(3)
		.noHedgeBudget()
		.executor(this.executor)
		.build());

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	private RestClient client(HttpHedgePolicy policy) {
		return RestClient.builder()
			.requestFactory(new HedgingClientHttpRequestFactory(http11(), this.template, policy))
			.build();
	}

	@Test
	void aSlowPrimaryIsOvertakenByAHedgeThatCarriesTheHedgeHeader() throws IOException {
		try (MirrorServer server = new MirrorServer(
				(request) -> request.isPrimary() ? Answer.held(200, "primary") : Answer.of(200, "hedge"))) {
			String body = client(HttpHedgePolicy.defaults()).get()
				.uri(server.uri("/items"))
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("hedge");
			assertThat(server.received()).extracting(Received::hedge).contains(null, "1");
		}
	}

	@Test
	void aFastPrimaryIsTheOnlyRequestSent() throws IOException {
		try (MirrorServer server = new MirrorServer((request) -> Answer.of(200, "primary"))) {
			String body = client(HttpHedgePolicy.defaults()).get()
				.uri(server.uri("/items"))
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("primary");
			assertThat(server.received()).hasSize(1);
		}
	}

	@Test
	void theHedgeHeaderNameIsConfigurable() throws IOException {
		try (MirrorServer server = new MirrorServer(
				(request) -> (request.customHedge() == null) ? Answer.held(200, "primary") : Answer.of(200, "hedge"))) {
			String body = client(HttpHedgePolicy.defaults().hedgeHeader("X-Hedge")).get()
				.uri(server.uri("/items"))
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("hedge");
			assertThat(server.received()).extracting(Received::customHedge).contains(null, "1");
			assertThat(server.received()).extracting(Received::hedge).containsOnlyNulls();
		}
	}

	@Test
	void attemptsAreRoutedAcrossTheBaseUrls() throws IOException {
		try (MirrorServer slow = new MirrorServer((request) -> Answer.held(200, "slow"));
				MirrorServer fast = new MirrorServer((request) -> Answer.of(200, "fast " + request.uri()))) {
			HttpHedgePolicy policy = HttpHedgePolicy.defaults()
				.baseUrls(List.of(slow.uri("/api"), fast.uri("/mirror")));
			String body = client(policy).get().uri(slow.uri("/api/items/1?q=2")).retrieve().body(String.class);
			assertThat(body).isEqualTo("fast /mirror/items/1?q=2");
			assertThat(slow.received()).singleElement().extracting(Received::isPrimary).isEqualTo(true);
		}
	}

	@Test
	void aClientErrorAbortsTheRaceAndIsNotSentToAnotherMirror() throws IOException {
		try (MirrorServer server = new MirrorServer((request) -> Answer.of(404, "missing"))) {
			// A step far longer than the test: a hedge would only come if the 404 did not
			// end the race.
			RestClient client = RestClient.builder()
				.requestFactory(new HedgingClientHttpRequestFactory(http11(),
						this.template.mutate((settings) -> settings.step(Duration.ofSeconds(5))),
						HttpHedgePolicy.defaults()))
				.build();
			assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
				.isThrownBy(() -> client.get().uri(server.uri("/items")).retrieve().body(String.class));
			assertThat(server.received()).hasSize(1);
		}
	}

	@Test
	void aServerErrorLosesAndAHedgeThatSucceedsWins() throws IOException {
		try (MirrorServer server = new MirrorServer(
				(request) -> request.isPrimary() ? Answer.of(503, "busy") : Answer.of(200, "hedge"))) {
			String body = client(HttpHedgePolicy.defaults()).get()
				.uri(server.uri("/items"))
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("hedge");
		}
	}

	@Test
	void whenEveryAttemptLosesTheCallerGetsTheFirstAttemptsResponse() throws IOException {
		try (MirrorServer server = new MirrorServer(
				(request) -> request.isPrimary() ? Answer.of(503, "first") : Answer.of(500, "other"))) {
			RestClient client = client(HttpHedgePolicy.defaults());
			ResponseEntity<String> entity = client.get()
				.uri(server.uri("/items"))
				.retrieve()
				.onStatus((status) -> true, (request, response) -> {
				})
				.toEntity(String.class);
			assertThat(entity.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(entity.getBody()).isEqualTo("first");
			assertThat(server.received()).hasSize(3);
		}
	}

	@Test
	void aStatusRuleOverrideMakesA404Lose() throws IOException {
		try (MirrorServer server = new MirrorServer(
				(request) -> request.isPrimary() ? Answer.of(404, "missing") : Answer.of(200, "found"))) {
			HttpHedgePolicy policy = HttpHedgePolicy.defaults()
				.statuses(HttpStatusRule.defaults().lose(HttpStatus.NOT_FOUND));
			assertThat(client(policy).get().uri(server.uri("/items")).retrieve().body(String.class)).isEqualTo("found");
		}
	}

	@Test
	void whenEveryAttemptFailsTheCallerGetsTheFirstAttemptsExceptionWithTheOthersSuppressed() throws IOException {
		int port;
		try (ServerSocket closed = new ServerSocket(0)) {
			port = closed.getLocalPort();
		}
		RestClient client = client(HttpHedgePolicy.defaults());
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
				() -> client.get().uri(URI.create("http://127.0.0.1:" + port + "/items")).retrieve().body(String.class))
			.satisfies((ex) -> assertThat(ex.getCause().getSuppressed()).hasSize(2));
	}

	@Test
	void anIneligiblePostIsSentOnceWithoutTheHedgeHeader() throws IOException {
		try (MirrorServer server = new MirrorServer((request) -> Answer.of(503, "busy"))) {
			RestClient client = client(HttpHedgePolicy.defaults());
			assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
				.isThrownBy(() -> client.post().uri(server.uri("/orders")).body("order").retrieve().body(String.class));
			assertThat(server.received()).singleElement().satisfies((request) -> {
				assertThat(request.body()).isEqualTo("order");
				assertThat(request.hedge()).isNull();
			});
		}
	}

	@Test
	void aPostWithAnIdempotencyKeyIsHedgedWithItsBodyReplayed() throws IOException {
		try (MirrorServer server = new MirrorServer((request) -> request.isPrimary() ? Answer.held(201, "primary")
				: Answer.of(201, "hedge " + request.body()))) {
			HttpHedgePolicy policy = HttpHedgePolicy.defaults()
				.hedgeWhen(HttpHedgePolicy.SAFE_METHODS.or(HttpHedgePolicy.idempotentPost()));
			String body = client(policy).post()
				.uri(server.uri("/orders"))
				.header(HttpHedgePolicy.IDEMPOTENCY_KEY, "order-17")
				.body("order")
				.retrieve()
				.body(String.class);
			assertThat(body).isEqualTo("hedge order");
			assertThat(server.received()).extracting(Received::body).startsWith("order", "order");
		}
	}

	@Test
	void aThrowingEligibilityPredicateSendsTheRequestOnce() throws IOException {
		try (MirrorServer server = new MirrorServer((request) -> Answer.of(503, "busy"))) {
			HttpHedgePolicy policy = HttpHedgePolicy.defaults().hedgeWhen((request) -> {
				throw new IllegalStateException("predicate bug");
			});
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> client(policy).get().uri(server.uri("/items")).retrieve().body(String.class));
			assertThat(server.received()).hasSize(1);
		}
	}

	@Test
	void anInterruptedCallerGetsAnInterruptedIoExceptionAndKeepsItsInterruptFlag() throws Exception {
		try (MirrorServer server = new MirrorServer((request) -> Answer.held(200, "slow"))) {
			HedgingClientHttpRequestFactory factory = new HedgingClientHttpRequestFactory(http11(), this.template,
					HttpHedgePolicy.defaults());
			Thread.currentThread().interrupt();
			try {
				assertThatExceptionOfType(java.io.InterruptedIOException.class)
					.isThrownBy(() -> factory.createRequest(server.uri("/items"), HttpMethod.GET).execute());
				assertThat(Thread.currentThread().isInterrupted()).isTrue();
			}
			finally {
				Thread.interrupted();
			}
		}
	}

	private static JdkClientHttpRequestFactory http11() {
		return new JdkClientHttpRequestFactory(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
	}

}
