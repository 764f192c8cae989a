package site.js0.race.autoconfigure.http;

import java.util.function.Supplier;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Gives the clients of one HTTP service group a hedging request factory. Ordered after
 * Spring Boot's configurers (its properties one at the highest precedence, its
 * {@code RestClientCustomizer} one at {@code 0}), so that the factory they set is
 * replaced, not the other way round.
 */
final class HedgedServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	/** Just after Spring Boot's {@code RestClientCustomizer} configurer. */
	static final int ORDER = 1;

	private final String group;

	private final Supplier<ClientHttpRequestFactory> requestFactory;

	HedgedServiceGroupConfigurer(String group, Supplier<ClientHttpRequestFactory> requestFactory) {
		this.group = group;
		this.requestFactory = requestFactory;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.filterByName(this.group)
			.forEachClient((serviceGroup, builder) -> builder.requestFactory(this.requestFactory.get()));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public String toString() {
		return "HedgedServiceGroupConfigurer[" + this.group + "]";
	}

}
