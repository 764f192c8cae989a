package site.js0.race.autoconfigure.http;

import java.util.function.UnaryOperator;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.spring.http.HedgingExchangeFilterFunction;
import site.js0.race.spring.http.HttpHedgePolicy;

/**
 * Hedged {@code WebClient}s in one line: a filter whose eligible requests race on a named
 * template ({@code race.*} for {@value RaceTemplates#DEFAULT_NAME},
 * {@code race.instances.<name>.*} otherwise) with that race's {@code http.*} policy:
 *
 * <pre class="code">
 * &#64;Bean
 * WebClientCustomizer mirrors(RaceWebClients race) {
 *     return (builder) -&gt; builder.filter(race.filter("mirrors"));
 * }
 * </pre>
 * <p>
 * Each attempt is a fresh exchange through the rest of the client's filters and its
 * connector; see {@link HedgingExchangeFilterFunction} for what is hedged, when attempts
 * start and how losers are cancelled. The policy function given with a name runs once,
 * when the filter is created; what it throws is thrown from there, so that a broken
 * policy stops start-up.
 * <p>
 * Auto-configured when the application has {@code WebClient} and Reactor; define a bean
 * of this type to replace it. Thread-safe.
 */
public class RaceWebClients {

	private final RaceTemplates templates;

	private final RaceProperties properties;

	/**
	 * Create an instance.
	 * @param templates the templates that attempts race on
	 * @param properties the properties that give each race its {@code http.*} policy
	 */
	public RaceWebClients(RaceTemplates templates, RaceProperties properties) {
		Assert.notNull(templates, "'templates' must not be null");
		Assert.notNull(properties, "'properties' must not be null");
		this.templates = templates;
		this.properties = properties;
	}

	/**
	 * Return a filter that makes a {@code WebClient} hedge its eligible requests on the
	 * race of the given name, with that race's policy.
	 * @param race {@value RaceTemplates#DEFAULT_NAME} or a {@code race.instances} key
	 * @return the filter
	 * @throws RuntimeException if no race has that name (at start-up, a failure analysis
	 * lists the names there are)
	 */
	public ExchangeFilterFunction filter(String race) {
		return filter(race, UnaryOperator.identity());
	}

	/**
	 * Return a filter as {@link #filter(String)} does, with the race's policy changed by
	 * the given function.
	 * @param race {@value RaceTemplates#DEFAULT_NAME} or a {@code race.instances} key
	 * @param policy changes the race's policy, for example to hedge idempotent posts
	 * @return the filter
	 * @throws RuntimeException if no race has that name, or what the function throws
	 */
	public ExchangeFilterFunction filter(String race, UnaryOperator<HttpHedgePolicy> policy) {
		RaceTemplate template = this.templates.get(race);
		return new HedgingExchangeFilterFunction(template,
				HttpHedgePolicyResolver.resolve(this.properties, race, policy));
	}

	@Override
	public String toString() {
		return "RaceWebClients[" + this.templates.names() + "]";
	}

}
