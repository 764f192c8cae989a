package site.js0.race.autoconfigure.http;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.client.RestClient;

import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.spring.http.HedgingClientHttpRequestFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of {@link RaceHttpClients}, with which one bean makes a
 * {@code RestClient} or an HTTP service group hedge its requests. It only makes the
 * factory of those customizers: no client hedges until the application asks for it.
 * <p>
 * Every attempt's request factory is built from the application's
 * {@link ClientHttpRequestFactoryBuilder} and {@link HttpClientSettings} beans when it
 * has them (Spring Boot's HTTP client auto-configuration defines them outside reactive
 * web applications), otherwise from the detected client and default settings, as Spring
 * Boot's {@code RestClient.Builder} does.
 */
@AutoConfiguration(after = RaceAutoConfiguration.class, afterName = {
		"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration" })
@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class, ClientHttpRequestFactoryBuilder.class,
		HedgingClientHttpRequestFactory.class })
@ConditionalOnBean(RaceTemplates.class)
public final class RaceHttpClientsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RaceHttpClients raceHttpClients(RaceTemplates templates, RaceProperties properties,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> clientSettings,
			ObjectProvider<HttpServiceClientProperties> serviceClientProperties, ObjectProvider<SslBundles> sslBundles,
			ResourceLoader resourceLoader) {
		return new RaceHttpClients(templates, properties,
				requestFactoryBuilder
					.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader())),
				clientSettings.getIfAvailable(HttpClientSettings::defaults), serviceClientProperties.getIfAvailable(),
				sslBundles.getIfAvailable());
	}

}
