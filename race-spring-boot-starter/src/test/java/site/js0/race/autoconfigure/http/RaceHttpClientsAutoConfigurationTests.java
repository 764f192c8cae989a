package site.js0.race.autoconfigure.http;

import java.net.URI;
import java.net.http.HttpClient;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.spring.http.HedgingClientHttpRequestFactory;
import site.js0.race.spring.http.HttpHedgePolicy;
import site.js0.race.spring.http.HttpStatusRule.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link RaceHttpClientsAutoConfiguration}: when {@link RaceHttpClients} is
 * there, how the {@code http.*} properties become each race's policy, and that a
 * {@code RestClient} and an HTTP service group hedge with one bean, against a loopback
 * server.
 */
class RaceHttpClientsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(RaceAutoConfiguration.class, RaceHttpClientsAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, HttpServiceClientPropertiesAutoConfiguration.class,
				RestClientAutoConfiguration.class, HttpServiceClientAutoConfiguration.class));

	@Test
	void raceHttpClientsIsAutoConfigured() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RaceHttpClients.class));
	}

	@Test
	void raceHttpClientsIsAbsentWithoutRestClient() {
		this.runner.withClassLoader(new FilteredClassLoader(RestClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RaceHttpClients.class));
	}

	@Test
	void raceHttpClientsIsAbsentWithoutTheHedgingFactory() {
		this.runner.withClassLoader(new FilteredClassLoader(HedgingClientHttpRequestFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RaceHttpClients.class));
	}

	@Test
	void raceHttpClientsBacksOffForTheApplicationsOwn() {
		this.runner.withUserConfiguration(OwnRaceHttpClients.class).run((context) -> {
			assertThat(context).hasSingleBean(RaceHttpClients.class);
			assertThat(context.getBean(RaceHttpClients.class)).isSameAs(context.getBean("ownRaceHttpClients"));
		});
	}

	@Test
	void defaultPolicyHedgesSafeMethodsWithTheDefaultHeaderAndStatuses() {
		this.runner.run((context) -> {
			HttpHedgePolicy policy = context.getBean(RaceHttpClients.class).policy(RaceTemplates.DEFAULT_NAME);
			assertThat(policy.hedgeHeader()).isEqualTo("Hedge-Attempt");
			assertThat(policy.eligible(request(HttpMethod.GET))).isTrue();
			assertThat(policy.eligible(request(HttpMethod.POST))).isFalse();
			assertThat(policy.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.ABORT);
			assertThat(policy.baseUrls()).isEmpty();
		});
	}

	@Test
	void instanceInheritsHttpSettingsKeyByKey() {
		this.runner
			.withPropertyValues("race.http.hedge-header=X-Hedge", "race.http.lose-statuses=404",
					"race.http.base-urls=http://a.example,http://b.example", "race.instances.mirrors.step=10ms",
					"race.instances.mirrors.http.methods=get,POST", "race.instances.mirrors.http.abort-statuses=503")
			.run((context) -> {
				HttpHedgePolicy mirrors = context.getBean(RaceHttpClients.class).policy("mirrors");
				assertThat(mirrors.hedgeHeader()).isEqualTo("X-Hedge");
				assertThat(mirrors.eligible(request(HttpMethod.POST))).isTrue();
				assertThat(mirrors.eligible(request(HttpMethod.HEAD))).isFalse();
				assertThat(mirrors.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.LOSE);
				assertThat(mirrors.verdict(HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo(Verdict.ABORT);
				assertThat(mirrors.baseUrls()).containsExactly(URI.create("http://a.example"),
						URI.create("http://b.example"));
				HttpHedgePolicy defaults = context.getBean(RaceHttpClients.class).policy(RaceTemplates.DEFAULT_NAME);
				assertThat(defaults.eligible(request(HttpMethod.POST))).isFalse();
				assertThat(defaults.verdict(HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo(Verdict.LOSE);
			});
	}

	@Test
	void instancesOwnStatusOverridesTheVerdictItInherits() {
		this.runner.withPropertyValues("race.http.abort-statuses=404", "race.instances.mirrors.http.lose-statuses=404")
			.run((context) -> {
				RaceHttpClients clients = context.getBean(RaceHttpClients.class);
				assertThat(clients.policy("mirrors").verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.LOSE);
				assertThat(clients.policy(RaceTemplates.DEFAULT_NAME).verdict(HttpStatus.NOT_FOUND))
					.isEqualTo(Verdict.ABORT);
			});
	}

	@Test
	void emptyMethodsListHedgesNothing() {
		this.runner.withPropertyValues("race.http.methods=").run((context) -> {
			HttpHedgePolicy policy = context.getBean(RaceHttpClients.class).policy(RaceTemplates.DEFAULT_NAME);
			assertThat(policy.eligible(request(HttpMethod.GET))).isFalse();
		});
	}

	@Test
	void unknownRaceNameStopsStartUp() {
		this.runner.withUserConfiguration(UnknownRaceClient.class)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("'nope'"));
	}

	@Test
	void restClientHedgesWithOneCustomizerBean() throws Exception {
		try (LoopbackMirror mirror = new LoopbackMirror("Hedge-Attempt")) {
			this.runner.withUserConfiguration(Http11.class, HedgedRestClient.class)
				.withPropertyValues("race.instances.mirrors.step=50ms", "race.instances.mirrors.max-attempts=2")
				.run((context) -> {
					RestClient client = context.getBean(RestClient.Builder.class).baseUrl(mirror.baseUrl()).build();
					assertThat(client.get().uri("/file").retrieve().body(String.class)).isEqualTo("hedge 1");
					assertThat(mirror.received()).startsWith("GET /file -");
				});
		}
	}

	@Test
	void policyFunctionHedgesAPostWithAnIdempotencyKey() throws Exception {
		try (LoopbackMirror mirror = new LoopbackMirror("Hedge-Attempt")) {
			this.runner.withUserConfiguration(Http11.class, IdempotentPostClient.class)
				.withPropertyValues("race.instances.mirrors.step=50ms", "race.instances.mirrors.max-attempts=2")
				.run((context) -> {
					RestClient client = context.getBean(RestClient.Builder.class).baseUrl(mirror.baseUrl()).build();
					String answer = client.post()
						.uri("/orders")
						.header(HttpHedgePolicy.IDEMPOTENCY_KEY, "k1")
						.body("order")
						.retrieve()
						.body(String.class);
					assertThat(answer).isEqualTo("hedge 1");
				});
		}
	}

	@Test
	void httpServiceGroupHedgesWithOneConfigurerBean() throws Exception {
		try (LoopbackMirror mirror = new LoopbackMirror("X-Hedge")) {
			this.runner.withUserConfiguration(Http11.class, HedgedServiceGroup.class)
				.withPropertyValues("race.instances.mirrors.step=50ms", "race.instances.mirrors.max-attempts=2",
						"race.instances.mirrors.http.hedge-header=X-Hedge",
						"spring.http.serviceclient.mirrors.base-url=" + mirror.baseUrl())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(MirrorApi.class).file()).isEqualTo("hedge 1");
					assertThat(mirror.received()).startsWith("GET /file -", "GET /file 1");
				});
		}
	}

	private static HttpRequest request(HttpMethod method) {
		return new HttpRequest() {

			@Override
			public HttpMethod getMethod() {
				return method;
			}

			@Override
			public URI getURI() {
				return URI.create("http://localhost/");
			}

			@Override
			public java.util.Map<String, Object> getAttributes() {
				return java.util.Map.of();
			}

			@Override
			public org.springframework.http.HttpHeaders getHeaders() {
				return new org.springframework.http.HttpHeaders();
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRaceHttpClients {

		@Bean
		RaceHttpClients ownRaceHttpClients(RaceTemplates templates, RaceProperties properties) {
			return new RaceHttpClients(templates, properties, ClientHttpRequestFactoryBuilder.jdk(),
					HttpClientSettings.defaults(), null, null);
		}

	}

	// Plain-HTTP origins over HTTP/1.1: the JDK client's default h2c upgrade would queue
	// the hedge behind the primary's upgrade.
	@Configuration(proxyBeanMethods = false)
	static class Http11 {

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> http11() {
			return (builder) -> builder
				.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HedgedRestClient {

		@Bean
		RestClientCustomizer mirrors(RaceHttpClients race) {
			return race.restClient("mirrors");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class IdempotentPostClient {

		@Bean
		RestClientCustomizer mirrors(RaceHttpClients race) {
			return race.restClient("mirrors",
					(policy) -> policy.hedgeWhen(HttpHedgePolicy.SAFE_METHODS.or(HttpHedgePolicy.idempotentPost())));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownRaceClient {

		@Bean
		RestClientCustomizer nope(RaceHttpClients race) {
			return race.restClient("nope");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "mirrors", types = MirrorApi.class)
	static class HedgedServiceGroup {

		@Bean
		RestClientHttpServiceGroupConfigurer mirrorGroup(RaceHttpClients race) {
			return race.httpServiceGroup("mirrors");
		}

	}

	interface MirrorApi {

		@GetExchange("/file")
		String file();

	}

}
