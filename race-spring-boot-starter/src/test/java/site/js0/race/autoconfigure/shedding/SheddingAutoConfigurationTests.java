package site.js0.race.autoconfigure.shedding;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.spring.http.HedgeHeader;
import site.js0.race.spring.http.server.HedgeSheddingFilter;
import site.js0.race.spring.http.server.HedgeSheddingWebFilter;
import site.js0.race.spring.http.server.InFlightGate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link SheddingAutoConfiguration}: off by default, a filter of the web
 * application's kind when enabled, configured by {@code race.shedding.*}, and its meters.
 */
class SheddingAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(RaceAutoConfiguration.class,
			SheddingAutoConfiguration.class);

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	@Test
	void servletApplicationHasNoFilterByDefault() {
		this.servlet.run((context) -> assertThat(context).doesNotHaveBean(InFlightGate.class)
			.doesNotHaveBean("raceHedgeSheddingFilter"));
	}

	@Test
	void reactiveApplicationHasNoFilterByDefault() {
		this.reactive.run((context) -> assertThat(context).doesNotHaveBean(InFlightGate.class)
			.doesNotHaveBean(HedgeSheddingWebFilter.class));
	}

	@Test
	void servletApplicationRegistersTheFilterEarlyWhenEnabled() {
		this.servlet.withPropertyValues("race.shedding.enabled=true", "race.shedding.max-in-flight=64")
			.run((context) -> {
				assertThat(context).hasSingleBean(InFlightGate.class).doesNotHaveBean(HedgeSheddingWebFilter.class);
				FilterRegistrationBean<?> registration = context.getBean("raceHedgeSheddingFilter",
						FilterRegistrationBean.class);
				assertThat(registration.getFilter()).isInstanceOf(HedgeSheddingFilter.class);
				assertThat(registration.getOrder()).isEqualTo(SheddingAutoConfiguration.FILTER_ORDER).isLessThan(-100);
				HedgeSheddingFilter filter = (HedgeSheddingFilter) registration.getFilter();
				assertThat(filter.getGate()).isSameAs(context.getBean(InFlightGate.class));
			});
	}

	@Test
	void reactiveApplicationHasTheWebFilterEarlyWhenEnabled() {
		this.reactive.withPropertyValues("race.shedding.enabled=true", "race.shedding.max-in-flight=64")
			.run((context) -> {
				assertThat(context).hasSingleBean(HedgeSheddingWebFilter.class)
					.doesNotHaveBean("raceHedgeSheddingFilter");
				HedgeSheddingWebFilter filter = context.getBean(HedgeSheddingWebFilter.class);
				assertThat(filter.getOrder()).isEqualTo(SheddingAutoConfiguration.FILTER_ORDER);
				assertThat(filter.getGate()).isSameAs(context.getBean(InFlightGate.class));
			});
	}

	@Test
	void nonWebApplicationHasNoGateEvenWhenEnabled() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("race.shedding.enabled=true", "race.shedding.max-in-flight=64")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(InFlightGate.class));
	}

	@Test
	void gateTakesItsLimitRetryAfterAndHeaderFromTheProperties() {
		this.servlet
			.withPropertyValues("race.shedding.enabled=true", "race.shedding.max-in-flight=7",
					"race.shedding.retry-after=2500ms", "race.shedding.header=X-Hedge")
			.run((context) -> {
				InFlightGate gate = context.getBean(InFlightGate.class);
				assertThat(gate.maxInFlight()).isEqualTo(7);
				assertThat(gate.retryAfter()).isEqualTo(Duration.ofMillis(2500));
				assertThat(gate.headerName()).isEqualTo("X-Hedge");
			});
	}

	@Test
	void gateDefaultsToOneSecondAndTheHedgingClientsHeader() {
		this.servlet.withPropertyValues("race.shedding.enabled=true", "race.shedding.max-in-flight=7")
			.run((context) -> {
				InFlightGate gate = context.getBean(InFlightGate.class);
				assertThat(gate.retryAfter()).isEqualTo(Duration.ofSeconds(1));
				assertThat(gate.headerName()).isEqualTo(HedgeHeader.DEFAULT_NAME);
			});
	}

	@Test
	void applicationsGateReplacesTheConfiguredOne() {
		this.servlet.withUserConfiguration(UserGateConfiguration.class)
			.withPropertyValues("race.shedding.enabled=true", "race.shedding.max-in-flight=7")
			.run((context) -> {
				assertThat(context).hasSingleBean(InFlightGate.class);
				HedgeSheddingFilter filter = (HedgeSheddingFilter) context
					.getBean("raceHedgeSheddingFilter", FilterRegistrationBean.class)
					.getFilter();
				assertThat(filter.getGate().maxInFlight()).isEqualTo(3);
			});
	}

	@Test
	void metersReportShedHedgesAndRequestsInFlight() {
		this.servlet.withPropertyValues("race.shedding.enabled=true", "race.shedding.max-in-flight=7")
			.run((context) -> {
				MeterRegistry registry = new SimpleMeterRegistry();
				context.getBean("raceSheddingMeterBinder", MeterBinder.class).bindTo(registry);
				assertThat(registry.get(SheddingAutoConfiguration.SHED_METER).functionCounter().count()).isZero();
				assertThat(registry.get(SheddingAutoConfiguration.IN_FLIGHT_METER).gauge().value()).isZero();
			});
	}

	@Test
	void noMetersWhenRaceMetricsAreDisabled() {
		this.servlet
			.withPropertyValues("race.shedding.enabled=true", "race.shedding.max-in-flight=7",
					"race.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("raceSheddingMeterBinder"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserGateConfiguration {

		@Bean
		InFlightGate userGate() {
			return new InFlightGate(3, Duration.ofSeconds(5));
		}

	}

}
