package site.js0.race.sample;

import java.net.http.HttpClient;

import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client the app's {@code RestClient}s are built on, the hedged one included:
 * the JDK {@link HttpClient} ({@code spring.http.clients.imperative.factory} in
 * {@code application.yml}), on HTTP/1.1.
 */
@Configuration(proxyBeanMethods = false)
public class HttpClientConfiguration {

	/**
	 * Make the JDK client speak HTTP/1.1. The mirrors are plain {@code http://} on
	 * loopback: on its default HTTP/2 the client would send the first request to them as
	 * an {@code h2c} upgrade, and the requests made meanwhile, hedges included, would
	 * wait for it. On HTTP/1.1 each attempt has a connection of its own, which a
	 * cancelled loser closes, so the mirror sees it go. Applies only when the JDK client
	 * is the one chosen.
	 * @return the customizer
	 */
	@Bean
	public ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> http11() {
		return (builder) -> builder.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1));
	}

}
