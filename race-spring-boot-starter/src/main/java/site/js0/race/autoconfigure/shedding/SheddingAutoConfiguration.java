package site.js0.race.autoconfigure.shedding;

import java.util.Objects;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.Filter;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.spring.http.server.HedgeSheddingFilter;
import site.js0.race.spring.http.server.HedgeSheddingWebFilter;
import site.js0.race.spring.http.server.InFlightGate;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of hedge shedding in the application's own web server, when
 * {@code race.shedding.enabled=true}: an {@link InFlightGate} built from
 * {@code race.shedding.*}, and on it a {@link HedgeSheddingFilter} (servlet, registered
 * for requests, not for error dispatches) or a {@link HedgeSheddingWebFilter} (WebFlux),
 * and, with Micrometer, the meters {@value #SHED_METER} (a counter of shed hedges) and
 * {@value #IN_FLIGHT_METER} (a gauge of the requests in flight).
 *
 * <p>
 * Both filters are ordered at {@link #FILTER_ORDER}: after Spring Boot's
 * character-encoding and observation filters, so that a shed request shows in
 * {@code http.server.requests} as a 503, and before Spring Security's filter chain
 * ({@code -100}) and everything else, so that a shed hedge costs no authentication and
 * the count includes the time every other filter takes. Define an {@link InFlightGate}
 * bean to replace the gate (its limit, header and meters then come from it).
 */
@AutoConfiguration(after = RaceAutoConfiguration.class)
@ConditionalOnClass(InFlightGate.class)
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty("race.shedding.enabled")
@EnableConfigurationProperties(RaceProperties.class)
public final class SheddingAutoConfiguration {

	/** The order of the shedding filter: {@code Ordered.HIGHEST_PRECEDENCE + 10}. */
	public static final int FILTER_ORDER = HedgeSheddingFilter.DEFAULT_ORDER;

	/** The name of the counter of shed hedges: {@value}. */
	public static final String SHED_METER = "race.shedding.shed";

	/** The name of the gauge of requests in flight: {@value}. */
	public static final String IN_FLIGHT_METER = "race.shedding.in-flight";

	@Bean
	@ConditionalOnMissingBean
	InFlightGate raceInFlightGate(RaceProperties properties) {
		// Checked as they were bound: max-in-flight is set when shedding is enabled.
		RaceProperties.Shedding shedding = properties.getShedding();
		return new InFlightGate(Objects.requireNonNull(shedding.getMaxInFlight(), "race.shedding.max-in-flight"),
				Objects.requireNonNull(shedding.getRetryAfter(), "race.shedding.retry-after"),
				Objects.requireNonNull(shedding.getHeader(), "race.shedding.header"));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class, FilterRegistrationBean.class })
	static final class ServletShedding {

		@Bean
		@ConditionalOnMissingBean(name = "raceHedgeSheddingFilter")
		FilterRegistrationBean<HedgeSheddingFilter> raceHedgeSheddingFilter(InFlightGate gate) {
			FilterRegistrationBean<HedgeSheddingFilter> registration = new FilterRegistrationBean<>(
					new HedgeSheddingFilter(gate));
			registration.setOrder(FILTER_ORDER);
			// For requests only (the default): an error dispatch belongs to a request
			// already counted.
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ WebFilter.class, Mono.class })
	static final class ReactiveShedding {

		@Bean
		@ConditionalOnMissingBean
		HedgeSheddingWebFilter raceHedgeSheddingWebFilter(InFlightGate gate) {
			HedgeSheddingWebFilter filter = new HedgeSheddingWebFilter(gate);
			filter.setOrder(FILTER_ORDER);
			return filter;
		}

	}

	// A binder rather than meters registered here, so that no ordering against the
	// registry's auto-configuration is needed.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "race.metrics.enabled", matchIfMissing = true)
	static final class SheddingMetrics {

		@Bean
		MeterBinder raceSheddingMeterBinder(InFlightGate gate) {
			return (registry) -> {
				FunctionCounter.builder(SHED_METER, gate, InFlightGate::shedCount)
					.description("Requests marked as hedges that were answered 503 because the server was busy")
					.register(registry);
				Gauge.builder(IN_FLIGHT_METER, gate, InFlightGate::inFlight)
					.description("Requests in flight through the shedding filter, primaries and hedges")
					.strongReference(true)
					.register(registry);
			};
		}

	}

}
