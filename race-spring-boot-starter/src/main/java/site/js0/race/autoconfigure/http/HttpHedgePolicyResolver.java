package site.js0.race.autoconfigure.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.Assert;

import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.autoconfigure.RaceSettingsProperties;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.spring.http.HttpHedgePolicy;
import site.js0.race.spring.http.HttpStatusRule;

/**
 * Turns the {@code race[.instances.<name>].http.*} properties into a race's
 * {@link HttpHedgePolicy}, key by key: the instance's own value, else the one under
 * {@code race.http.*}, else the policy's default. The values have been checked when they
 * were bound.
 */
final class HttpHedgePolicyResolver {

	private HttpHedgePolicyResolver() {
	}

	/**
	 * Return the policy of the race of the given name.
	 * @param properties the bound properties
	 * @param name {@link RaceTemplates#DEFAULT_NAME} or a {@code race.instances} key
	 * @return the policy
	 */
	static HttpHedgePolicy resolve(RaceProperties properties, String name) {
		RaceSettingsProperties.Http defaults = properties.getHttp();
		RaceSettingsProperties instance = RaceTemplates.DEFAULT_NAME.equals(name) ? properties
				: properties.getInstances().get(name);
		RaceSettingsProperties.Http own = (instance != null) ? instance.getHttp() : defaults;
		HttpHedgePolicy policy = HttpHedgePolicy.defaults();
		List<String> methods = pick(own, defaults, RaceSettingsProperties.Http::getMethods);
		if (methods != null) {
			policy = policy.hedgeWhen(methods.isEmpty() ? (request) -> false
					: HttpHedgePolicy.methods(methods.stream()
						.map((method) -> HttpMethod.valueOf(method.trim().toUpperCase(Locale.ROOT)))
						.toArray(HttpMethod[]::new)));
		}
		String header = pick(own, defaults, RaceSettingsProperties.Http::getHedgeHeader);
		if (header != null) {
			policy = policy.hedgeHeader(header);
		}
		List<URI> baseUrls = pick(own, defaults, RaceSettingsProperties.Http::getBaseUrls);
		if (baseUrls != null) {
			policy = policy.baseUrls(baseUrls);
		}
		return policy.statuses(statuses(own, defaults));
	}

	/**
	 * Return the policy of the race of the given name, changed by the application's
	 * function: what the hedged clients of {@link RaceHttpClients} and
	 * {@link RaceWebClients} send with.
	 * @param properties the bound properties
	 * @param name {@link RaceTemplates#DEFAULT_NAME} or a {@code race.instances} key
	 * @param customizer changes the race's policy
	 * @return the policy
	 * @throws IllegalStateException if the function returns {@code null}
	 */
	static HttpHedgePolicy resolve(RaceProperties properties, String name, UnaryOperator<HttpHedgePolicy> customizer) {
		Assert.notNull(customizer, "'policy' must not be null");
		HttpHedgePolicy customized = customizer.apply(resolve(properties, name));
		Assert.state(customized != null, () -> "The policy function for race '" + name + "' returned null");
		return customized;
	}

	// Inherited lists first, the race's own after, so that a status the race lists itself
	// takes the verdict it gives, whatever race.http.* says of it.
	private static HttpStatusRule statuses(RaceSettingsProperties.Http own, RaceSettingsProperties.Http defaults) {
		HttpStatusRule rule = HttpStatusRule.defaults();
		if (own != defaults) {
			rule = apply(rule, (own.getWinStatuses() == null) ? defaults.getWinStatuses() : null,
					HttpStatusRule.Verdict.WIN);
			rule = apply(rule, (own.getLoseStatuses() == null) ? defaults.getLoseStatuses() : null,
					HttpStatusRule.Verdict.LOSE);
			rule = apply(rule, (own.getAbortStatuses() == null) ? defaults.getAbortStatuses() : null,
					HttpStatusRule.Verdict.ABORT);
		}
		rule = apply(rule, own.getWinStatuses(), HttpStatusRule.Verdict.WIN);
		rule = apply(rule, own.getLoseStatuses(), HttpStatusRule.Verdict.LOSE);
		return apply(rule, own.getAbortStatuses(), HttpStatusRule.Verdict.ABORT);
	}

	private static HttpStatusRule apply(HttpStatusRule rule, @Nullable List<Integer> statuses,
			HttpStatusRule.Verdict verdict) {
		if (statuses == null || statuses.isEmpty()) {
			return rule;
		}
		return rule.with(verdict, statuses.stream().map(HttpStatusCode::valueOf).toArray(HttpStatusCode[]::new));
	}

	private static <T> @Nullable T pick(RaceSettingsProperties.Http own, RaceSettingsProperties.Http defaults,
			Function<RaceSettingsProperties.Http, @Nullable T> getter) {
		T value = getter.apply(own);
		return (value != null) ? value : getter.apply(defaults);
	}

}
