package site.js0.race.spring.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;
import site.js0.race.RaceSettings;
import site.js0.race.RaceSummary;
import site.js0.race.RaceTemplate;
import site.js0.race.spring.http.LoopbackServer.Received;
import site.js0.race.spring.http.LoopbackServer.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HedgingExchangeFilterFunction} on a real Reactor Netty WebClient against a
 * loopback server.
 */
class HedgingExchangeFilterFunctionTests {

	private static final Duration STEP = Duration.ofMillis(50);

	private static final Duration WAIT = Duration.ofSeconds(5);

	/** When the last race was decided, by the template's listener. */
	private final CompletableFuture<Long> decidedAt = new CompletableFuture<>();

	private LoopbackServer server;

	@AfterEach
	void closeServer() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
	}

	private WebClient client(int maxAttempts, Function<Received, Reply> handler) throws Exception {
		this.server = new LoopbackServer(handler);
		RaceListener decision = new RaceListener() {
			@Override
			public void onRaceFinished(RaceInfo race, RaceSummary summary) {
				HedgingExchangeFilterFunctionTests.this.decidedAt.complete(System.nanoTime());
			}
		};
		RaceTemplate template = new RaceTemplate(
				RaceSettings.builder().step(STEP).maxAttempts(maxAttempts).listener(decision).build());
		return WebClient.builder()
			.filter(new HedgingExchangeFilterFunction(template, HttpHedgePolicy.defaults()))
			.build();
	}

	/** Send a request and return "status body". */
	private String send(WebClient client, String method, String path) throws Exception {
		return client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(this.server.uri(path))
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> response.statusCode().value() + " " + body))
			.toFuture()
			.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Test
	void theWinnersBodyArrivesAndTheStalledLosersConnectionIsClosedWithin100MillisecondsOfTheDecision()
			throws Exception {
		WebClient client = client(2,
				(request) -> (request.attempt() == 0) ? Reply.stalled() : Reply.of(200, "from the hedge"));
		assertThat(send(client, "GET", "/item")).isEqualTo("200 from the hedge");
		long decided = this.decidedAt.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		long closed = this.server.received.get(0).closedAt().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(Duration.ofNanos(closed - decided)).isLessThan(Duration.ofMillis(100));
	}

	@Test
	void theHedgeHeaderIsOnHedgesOnly() throws Exception {
		WebClient client = client(3, (request) -> (request.attempt() < 2) ? Reply.stalled() : Reply.of(200, "third"));
		assertThat(send(client, "GET", "/item")).isEqualTo("200 third");
		assertThat(this.server.received).extracting((request) -> request.header(HedgeHeader.DEFAULT_NAME))
			.containsExactly(null, "1", "2");
		assertThat(this.server.received).extracting(Received::path).containsOnly("/item");
	}

	@Test
	void aPostIsNotHedgedByDefault() throws Exception {
		CompletableFuture<Void> secondRequest = new CompletableFuture<>();
		// The POST is answered only when a second request comes, or after 20 steps: a
		// hedge, if one were sent, would come within the first.
		WebClient client = client(3, (request) -> {
			if (this.server.received.size() > 1) {
				secondRequest.complete(null);
				return Reply.of(200, "hedge");
			}
			return Reply.after(secondRequest, STEP.multipliedBy(20), 200, "once");
		});
		assertThat(send(client, "POST", "/order")).isEqualTo("200 once");
		assertThat(this.server.received).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.header(HedgeHeader.DEFAULT_NAME)).isNull();
		});
	}

	@Test
	void aNotFoundAbortsTheRaceAndIsTheAnswer() throws Exception {
		// The third attempt answers 200 once the first attempt's connection is closed
		// (which an abort does at once), or after 40 steps: were 404 a losing status, the
		// 200 would win.
		CompletableFuture<Long> firstClosed = new CompletableFuture<>();
		WebClient client = client(3, (request) -> switch (request.attempt()) {
			case 0 -> {
				request.closedAt().thenAccept(firstClosed::complete);
				yield Reply.stalled();
			}
			case 1 -> Reply.of(404, "no such item");
			default -> Reply.after(firstClosed, STEP.multipliedBy(40), 200, "third");
		});
		assertThat(send(client, "GET", "/item")).isEqualTo("404 no such item");
		firstClosed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Test
	void aServiceUnavailableLosesAndTheNextAttemptWins() throws Exception {
		WebClient client = client(2,
				(request) -> (request.attempt() == 0) ? Reply.of(503, "busy") : Reply.of(200, "from the hedge"));
		assertThat(send(client, "GET", "/item")).isEqualTo("200 from the hedge");
	}

	@Test
	void whenEveryAttemptLosesTheFirstAttemptsResponseIsTheAnswer() throws Exception {
		WebClient client = client(2, (request) -> Reply.of(503, "busy #" + request.attempt()));
		assertThat(send(client, "GET", "/item")).isEqualTo("503 busy #0");
		assertThat(this.server.received).hasSize(2);
	}

}
