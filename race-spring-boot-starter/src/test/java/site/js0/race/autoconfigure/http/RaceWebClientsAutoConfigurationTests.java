package site.js0.race.autoconfigure.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.reactor.ReactorRace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of {@link RaceWebClientsAutoConfiguration}: when {@link RaceWebClients} is there,
 * and that a {@code WebClient} hedges with one filter, with the race's {@code http.*}
 * policy, against a loopback server.
 */
class RaceWebClientsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RaceWebClientsAutoConfiguration.class));

	@Test
	void raceWebClientsIsAutoConfigured() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RaceWebClients.class));
	}

	@Test
	void raceWebClientsIsAbsentWithoutWebClient() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RaceWebClients.class));
	}

	@Test
	void raceWebClientsIsAbsentWithoutTheReactorAdapter() {
		this.runner.withClassLoader(new FilteredClassLoader(ReactorRace.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RaceWebClients.class));
	}

	@Test
	void raceWebClientsBacksOffForTheApplicationsOwn() {
		this.runner.withUserConfiguration(OwnRaceWebClients.class)
			.run((context) -> assertThat(context.getBean(RaceWebClients.class))
				.isSameAs(context.getBean("ownRaceWebClients")));
	}

	@Test
	void webClientWithTheFilterHedgesAStalledPrimaryOnTheNamedRace() throws Exception {
		try (LoopbackMirror mirror = new LoopbackMirror("X-Hedge")) {
			this.runner
				.withPropertyValues("race.instances.mirrors.step=50ms", "race.instances.mirrors.max-attempts=2",
						"race.instances.mirrors.http.hedge-header=X-Hedge")
				.run((context) -> {
					WebClient client = WebClient.builder()
						.baseUrl(mirror.baseUrl())
						.filter(context.getBean(RaceWebClients.class).filter("mirrors"))
						.build();
					String body = client.get()
						.uri("/file")
						.retrieve()
						.bodyToMono(String.class)
						.block(Duration.ofSeconds(5));
					assertThat(body).isEqualTo("hedge 1");
					assertThat(mirror.received()).containsExactlyInAnyOrder("GET /file -", "GET /file 1");
				});
		}
	}

	@Test
	void webClientPostIsSentOnceByDefault() throws Exception {
		try (LoopbackMirror mirror = new LoopbackMirror("Hedge-Attempt")) {
			this.runner.withPropertyValues("race.step=20ms").run((context) -> {
				WebClient client = WebClient.builder()
					.baseUrl(mirror.baseUrl())
					.filter(context.getBean(RaceWebClients.class).filter(RaceTemplates.DEFAULT_NAME))
					.build();
				// The primary stalls until the mirror closes; a hedge, due after 20 ms,
				// would
				// have answered at once. Twenty steps without an answer: none was sent.
				assertThatIllegalStateException().isThrownBy(() -> client.post()
					.uri("/order")
					.retrieve()
					.bodyToMono(String.class)
					.block(Duration.ofMillis(400)));
				assertThat(mirror.received()).containsExactly("POST /order -");
			});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRaceWebClients {

		@Bean
		RaceWebClients ownRaceWebClients(RaceTemplates templates, RaceProperties properties) {
			return new RaceWebClients(templates, properties);
		}

	}

}
