package site.js0.race.spring.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.spring.http.MirrorServer.Answer;
import site.js0.race.spring.http.MirrorServer.Received;

import static org.assertj.core.api.Assertions.assertThat;

class HedgedHttpExchangeTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void anHttpExchangeInterfaceOnAHedgedRestClientHedgesItsGets() throws IOException {
		try (MirrorServer server = new MirrorServer((request) -> request.isPrimary() ? Answer.held(200, "primary")
				: Answer.of(200, "hedge " + request.uri()))) {
			Items items = items(server);
			assertThat(items.item("7")).isEqualTo("hedge /items/7");
			assertThat(server.received()).extracting(Received::hedge).contains(null, "1");
		}
	}

	@Test
	void anHttpExchangeInterfaceOnAHedgedRestClientSendsItsPostsOnce() throws IOException {
		try (MirrorServer server = new MirrorServer((request) -> Answer.of(201, "created"))) {
			assertThat(items(server).create("item")).isEqualTo("created");
			assertThat(server.received()).singleElement().extracting(Received::body).isEqualTo("item");
		}
	}

	private Items items(MirrorServer server) {
		RaceTemplate template = new RaceTemplate(
				RaceSettings.builder().step(Duration.ofMillis(50)).noHedgeBudget().executor(this.executor).build());
		RestClient client = RestClient.builder()
			.baseUrl(server.uri("").toString())
			.requestFactory(new HedgingClientHttpRequestFactory(http11(), template, HttpHedgePolicy.defaults()))
			.build();
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(Items.class);
	}

	@HttpExchange("/items")
	interface Items {

		@GetExchange("/{id}")
		String item(@PathVariable String id);

		@PostExchange
		String create(@org.springframework.web.bind.annotation.RequestBody String item);

	}

	private static JdkClientHttpRequestFactory http11() {
		return new JdkClientHttpRequestFactory(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
	}

}
