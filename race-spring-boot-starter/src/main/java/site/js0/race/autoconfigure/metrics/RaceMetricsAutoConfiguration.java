package site.js0.race.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.autoconfigure.RaceProperties;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for race meters: a listener, added to every auto-configured
 * template, that records them to the application's {@link MeterRegistry}. Ordered after
 * the auto-configurations that create the registry, so that
 * {@code @ConditionalOnBean(MeterRegistry.class)} sees it.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		SimpleMetricsExportAutoConfiguration.class })
@ConditionalOnClass({ RaceTemplate.class, MeterRegistry.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "race.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RaceProperties.class)
public final class RaceMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RaceMetricsListener raceMetricsListener(MeterRegistry meterRegistry, RaceProperties properties) {
		RaceProperties.Metrics metrics = properties.getMetrics();
		return new RaceMetricsListener(meterRegistry, metrics.getPercentiles(), metrics.isHistogram());
	}

	// A provider, so that the gauges need no ordering against RaceAutoConfiguration.
	@Bean
	MeterBinder raceStepMeterBinder(ObjectProvider<RaceTemplates> templates) {
		return (registry) -> templates.ifAvailable((available) -> available.asMap()
			.forEach((name, template) -> TimeGauge
				.builder(RaceMetricsListener.STEP, template, TimeUnit.NANOSECONDS,
						(target) -> target.currentStep().toNanos())
				.description("The step the race uses now: the fixed step, or the adaptive step's current percentile")
				.tag("race", template.settings().name())
				.strongReference(true)
				.register(registry)));
	}

}
