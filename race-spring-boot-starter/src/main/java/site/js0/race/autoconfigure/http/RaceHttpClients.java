package site.js0.race.autoconfigure.http;

import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientProperties;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.spring.http.HedgingClientHttpRequestFactory;
import site.js0.race.spring.http.HttpHedgePolicy;

/**
 * Hedged HTTP clients in one line: a {@code RestClient} customizer, or an HTTP service
 * group configurer, whose requests race on a named template ({@code race.*} for
 * {@value RaceTemplates#DEFAULT_NAME}, {@code race.instances.<name>.*} otherwise) with
 * that race's {@code http.*} policy:
 *
 * <pre class="code">
 * &#64;Bean
 * RestClientCustomizer mirrors(RaceHttpClients race) {
 *     return race.restClient("mirrors");
 * }
 *
 * &#64;Bean
 * RestClientHttpServiceGroupConfigurer mirrorGroup(RaceHttpClients race) {
 *     return race.httpServiceGroup("mirrors");
 * }
 * </pre>
 * <p>
 * Each attempt's request comes from a request factory built as Spring Boot builds the
 * {@code RestClient}'s own: from the application's
 * {@link ClientHttpRequestFactoryBuilder} (the detected client: Apache HttpClient 5,
 * Jetty, Reactor Netty or the JDK's) and {@link HttpClientSettings}
 * ({@code spring.http.clients.*}), for a service group with the group's
 * {@code spring.http.serviceclient.<group>.*} settings on top. It is wrapped in a
 * {@link HedgingClientHttpRequestFactory}: see there what is hedged, when attempts start
 * and how losers are cancelled.
 * <p>
 * The policy is the race's {@code http.*} properties; a function given with the name
 * changes it further in code, for example
 * {@code race.restClient("mirrors", (policy) -> policy.hedgeWhen(SAFE_METHODS.or(idempotentPost())))}.
 * It runs once, when the customizer or configurer is created; what it throws is thrown
 * from there, so that a broken policy stops start-up.
 * <p>
 * Auto-configured when the application has {@code RestClient}; define a bean of this type
 * to replace it. Thread-safe.
 */
public class RaceHttpClients {

	private final RaceTemplates templates;

	private final RaceProperties properties;

	private final ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder;

	private final HttpClientSettings clientSettings;

	private final @Nullable HttpServiceClientProperties serviceClientProperties;

	private final @Nullable SslBundles sslBundles;

	/**
	 * Create an instance.
	 * @param templates the templates that attempts race on
	 * @param properties the properties that give each race its {@code http.*} policy
	 * @param requestFactoryBuilder the builder of every attempt's request factory
	 * @param clientSettings the settings that factory is built with
	 * @param serviceClientProperties the HTTP service groups' settings, if any
	 * @param sslBundles the SSL bundles those settings may name, if any
	 */
	public RaceHttpClients(RaceTemplates templates, RaceProperties properties,
			ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder, HttpClientSettings clientSettings,
			@Nullable HttpServiceClientProperties serviceClientProperties, @Nullable SslBundles sslBundles) {
		Assert.notNull(templates, "'templates' must not be null");
		Assert.notNull(properties, "'properties' must not be null");
		Assert.notNull(requestFactoryBuilder, "'requestFactoryBuilder' must not be null");
		Assert.notNull(clientSettings, "'clientSettings' must not be null");
		this.templates = templates;
		this.properties = properties;
		this.requestFactoryBuilder = requestFactoryBuilder;
		this.clientSettings = clientSettings;
		this.serviceClientProperties = serviceClientProperties;
		this.sslBundles = sslBundles;
	}

	/**
	 * Return the hedging policy the race of the given name has from its {@code http.*}
	 * properties, each key inherited from {@code race.http.*} when the race does not set
	 * it.
	 * @param race {@value RaceTemplates#DEFAULT_NAME} or a {@code race.instances} key
	 * @return the policy
	 * @throws RuntimeException if no race has that name (at start-up, a failure analysis
	 * lists the names there are)
	 */
	public HttpHedgePolicy policy(String race) {
		this.templates.get(race);
		return HttpHedgePolicyResolver.resolve(this.properties, race);
	}

	/**
	 * Return a customizer that makes a {@code RestClient} hedge its eligible requests on
	 * the race of the given name, with that race's policy. Registered as a bean, it
	 * applies to every {@code RestClient.Builder} Spring Boot hands out, the HTTP service
	 * groups' included (Spring Boot applies {@code RestClientCustomizer} beans to them);
	 * apply it to one builder with {@code builder.apply(customizer::customize)}
	 * otherwise.
	 * @param race {@value RaceTemplates#DEFAULT_NAME} or a {@code race.instances} key
	 * @return the customizer
	 * @throws RuntimeException if no race has that name
	 */
	public RestClientCustomizer restClient(String race) {
		return restClient(race, UnaryOperator.identity());
	}

	/**
	 * Return a customizer as {@link #restClient(String)} does, with the race's policy
	 * changed by the given function.
	 * @param race {@value RaceTemplates#DEFAULT_NAME} or a {@code race.instances} key
	 * @param policy changes the race's policy, for example to hedge idempotent posts
	 * @return the customizer
	 * @throws RuntimeException if no race has that name, or what the function throws
	 */
	public RestClientCustomizer restClient(String race, UnaryOperator<HttpHedgePolicy> policy) {
		RaceTemplate template = this.templates.get(race);
		HttpHedgePolicy resolved = HttpHedgePolicyResolver.resolve(this.properties, race, policy);
		return (builder) -> builder.requestFactory(new HedgingClientHttpRequestFactory(
				this.requestFactoryBuilder.build(this.clientSettings), template, resolved));
	}

	/**
	 * Return a configurer that makes the clients of the HTTP service group of the given
	 * name ({@code @ImportHttpServices(group = ...)}) hedge their eligible requests on
	 * the race of the same name.
	 * @param group the name of the group and of the race
	 * @return the configurer
	 * @throws RuntimeException if no race has that name
	 */
	public RestClientHttpServiceGroupConfigurer httpServiceGroup(String group) {
		return httpServiceGroup(group, group, UnaryOperator.identity());
	}

	/**
	 * Return a configurer that makes the clients of the HTTP service group of the given
	 * name hedge their eligible requests on the given race, with its policy changed by
	 * the given function. The configurer's order runs it after Spring Boot's own, which
	 * set the group's request factory from its properties; a configurer of the
	 * application with a later order that sets a request factory replaces the hedging
	 * one. A group that does not exist is left alone.
	 * @param group the name of the group
	 * @param race {@value RaceTemplates#DEFAULT_NAME} or a {@code race.instances} key
	 * @param policy changes the race's policy
	 * @return the configurer
	 * @throws RuntimeException if no race has that name, or what the function throws
	 */
	public RestClientHttpServiceGroupConfigurer httpServiceGroup(String group, String race,
			UnaryOperator<HttpHedgePolicy> policy) {
		Assert.hasText(group, "'group' must not be empty");
		RaceTemplate template = this.templates.get(race);
		HttpHedgePolicy resolved = HttpHedgePolicyResolver.resolve(this.properties, race, policy);
		return new HedgedServiceGroupConfigurer(group,
				() -> new HedgingClientHttpRequestFactory(groupRequestFactory(group), template, resolved));
	}

	// As Spring Boot's own configurer builds a group's factory: the group's properties
	// over the shared settings.
	private ClientHttpRequestFactory groupRequestFactory(String group) {
		HttpClientProperties groupProperties = (this.serviceClientProperties != null)
				? this.serviceClientProperties.get(group) : null;
		HttpClientSettings settings = (groupProperties != null)
				? new HttpClientSettingsPropertyMapper(this.sslBundles, this.clientSettings).map(groupProperties)
				: this.clientSettings;
		return this.requestFactoryBuilder.build(settings);
	}

	@Override
	public String toString() {
		return "RaceHttpClients[" + this.templates.names() + ", " + this.requestFactoryBuilder + "]";
	}

}
