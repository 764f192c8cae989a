package site.js0.race.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsEndpointAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import site.js0.race.RaceException;
import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceTemplates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RaceMetricsAutoConfiguration}: meters recorded after real races on a
 * {@link SimpleMeterRegistry}. Steps are short and waits long, and no assertion depends
 * on exact timings: the machine is small and noisy.
 */
class RaceMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RaceMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("race.step=20ms");

	@Test
	void listenerIsAddedToTemplatesWhenARegistryExists() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RaceMetricsListener.class);
			assertThat(context.getBean(RaceTemplate.class).settings().listeners())
				.contains(context.getBean(RaceMetricsListener.class));
		});
	}

	@Test
	void hedgeThatWinsRecordsEveryMeter() {
		// Two attempts at most, so that a slow thread start cannot launch a third.
		this.runner.withPropertyValues("race.max-attempts=2").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			RaceTemplate template = context.getBean(RaceTemplate.class);
			// The original call hangs; the first hedge answers at once.
			Integer winner = template.submitFirst(List.of(0, 1, 2), (index, attempt) -> {
				if (index == 0) {
					Thread.sleep(30_000);
				}
				return index;
			}).get(30, TimeUnit.SECONDS);
			assertThat(winner).isEqualTo(1);
			// Listeners hear of the end after the caller has its result.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(timer(registry, "race.duration", "outcome", "success").count()).isEqualTo(1);
				assertThat(counter(registry, "race.attempts", "result", "won").count()).isEqualTo(1);
				assertThat(counter(registry, "race.attempts", "result", "lost").count()).isEqualTo(1);
				assertThat(counter(registry, "race.attempts", "result", "failed").count()).isZero();
				assertThat(registry.get("race.hedges").tag("race", "default").counter().count()).isEqualTo(1);
				DistributionSummary winners = registry.get("race.winner").tag("race", "default").summary();
				assertThat(winners.count()).isEqualTo(1);
				assertThat(winners.totalAmount()).isEqualTo(1);
				assertThat(timer(registry, "race.attempt.duration", "result", "won").count()).isEqualTo(1);
				assertThat(timer(registry, "race.attempt.duration", "result", "lost").count()).isEqualTo(1);
				assertThat(registry.get("race.active").tag("race", "default").gauge().value()).isZero();
				assertThat(registry.get("race.hedges.won").tag("race", "default").counter().count()).isEqualTo(1);
				assertThat(registry.get("race.hedges.wasted").tag("race", "default").counter().count()).isZero();
				assertThat(registry.get("race.losers.linger").tag("race", "default").timer().count()).isEqualTo(1);
			});
		});
	}

	@Test
	void hedgeLaunchedWhileTheOriginalCallWinsIsCountedAsWasted() {
		this.runner.withPropertyValues("race.max-attempts=2").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CompletableFuture<String> original = new CompletableFuture<>();
			String winner = context.getBean(RaceTemplate.class).firstAsync(List.of(0, 1), (index, attempt) -> {
				if (index == 0) {
					return original;
				}
				// The hedge starts, and only then does the original call answer.
				original.complete("original");
				return new CompletableFuture<String>();
			}).get(30, TimeUnit.SECONDS);
			assertThat(winner).isEqualTo("original");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(registry.get("race.hedges.wasted").tag("race", "default").counter().count()).isEqualTo(1);
				assertThat(registry.get("race.hedges.won").tag("race", "default").counter().count()).isZero();
			});
		});
	}

	@Test
	void hedgeRefusedByTheBudgetIsCounted() {
		this.runner.withPropertyValues("race.budget.ratio=0", "race.budget.min-per-second=0").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CompletableFuture<String> original = new CompletableFuture<>();
			CompletableFuture<String> result = context.getBean(RaceTemplate.class)
				.firstAsync(List.of(0, 1), (index, attempt) -> original);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(registry.get("race.budget.exhausted").tag("race", "default").counter().count())
							.isEqualTo(1));
			original.complete("alone");
			assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("alone");
		});
	}

	@Test
	void shadowModeCountsTheHedgeThatWouldHaveBeenLaunched() {
		this.runner.withPropertyValues("race.shadow=true").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// The original call answers well after the 20 ms step.
			String result = context.getBean(RaceTemplate.class)
				.firstAsync(List.of(0, 1),
						(index, attempt) -> CompletableFuture.supplyAsync(() -> "late",
								CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)))
				.get(30, TimeUnit.SECONDS);
			assertThat(result).isEqualTo("late");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(counter(registry, "race.shadow.hedges", "helped", "false").count())
					.as("the typical latency is not known yet")
					.isEqualTo(1));
			assertThat(registry.get("race.hedges").tag("race", "default").counter().count()).isZero();
		});
	}

	@Test
	void currentStepIsAGaugePerRace() {
		// Meter binders are applied by Spring Boot's own metrics auto-configuration.
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withPropertyValues("race.instances.dns.step=300ms")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("race.step").tag("race", "default").timeGauge().value(TimeUnit.MILLISECONDS))
					.isEqualTo(20);
				assertThat(registry.get("race.step").tag("race", "dns").timeGauge().value(TimeUnit.MILLISECONDS))
					.isEqualTo(300);
			});
	}

	@Test
	void originalCallThatWinsRecordsIndexZeroAndNoHedge() {
		this.runner.withPropertyValues("race.step=10s").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(RaceTemplate.class).submitHedge(() -> "fast").get(30, TimeUnit.SECONDS);
			// Listeners hear of the end after the caller has its result.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(registry.get("race.winner").tag("race", "default").summary().totalAmount()).isZero();
				assertThat(registry.get("race.hedges").tag("race", "default").counter().count()).isZero();
				assertThat(counter(registry, "race.attempts", "result", "won").count()).isEqualTo(1);
			});
		});
	}

	@Test
	void raceWhereEveryAttemptFailsRecordsFailure() {
		this.runner.withPropertyValues("race.max-attempts=3").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CompletableFuture<Object> race = context.getBean(RaceTemplate.class).submitHedge(() -> {
				throw new IllegalStateException("down");
			});
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> race.get(30, TimeUnit.SECONDS))
				.withCauseInstanceOf(RaceException.class);
			// Listeners hear of the end after the caller has its result.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(timer(registry, "race.duration", "outcome", "failure").count()).isEqualTo(1);
				assertThat(counter(registry, "race.attempts", "result", "failed").count()).isEqualTo(3);
				assertThat(registry.get("race.hedges").tag("race", "default").counter().count()).isEqualTo(2);
				assertThat(registry.get("race.winner").tag("race", "default").summary().count()).isZero();
			});
		});
	}

	@Test
	void raceThatMissesItsDeadlineRecordsTimeout() {
		this.runner.withPropertyValues("race.step=10s", "race.deadline=50ms").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CompletableFuture<Object> race = context.getBean(RaceTemplate.class).submitHedge(() -> {
				Thread.sleep(30_000);
				return "never";
			});
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> race.get(30, TimeUnit.SECONDS));
			// Listeners hear of the end after the caller has its result.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(timer(registry, "race.duration", "outcome", "timeout").count()).isEqualTo(1);
				assertThat(counter(registry, "race.attempts", "result", "lost").count()).isEqualTo(1);
			});
		});
	}

	@Test
	void cancelledRaceRecordsCancelled() {
		this.runner.withPropertyValues("race.step=10s").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CompletableFuture<Object> race = context.getBean(RaceTemplate.class).submitHedge(() -> {
				Thread.sleep(30_000);
				return "never";
			});
			race.cancel(true);
			assertThat(timer(registry, "race.duration", "outcome", "cancelled").count()).isEqualTo(1);
		});
	}

	@Test
	void activeGaugeCountsRacesInFlight() {
		this.runner.withPropertyValues("race.step=10s").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CompletableFuture<Object> race = context.getBean(RaceTemplate.class).submitHedge(() -> {
				Thread.sleep(30_000);
				return "never";
			});
			Gauge active = registry.get("race.active").tag("race", "default").gauge();
			assertThat(active.value()).isEqualTo(1);
			race.cancel(true);
			assertThat(active.value()).isZero();
		});
	}

	@Test
	void instanceNameIsTheRaceTag() {
		this.runner.withPropertyValues("race.instances.dns.step=10s").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(RaceTemplates.class).get("dns").submitHedge(() -> "ok").get(30, TimeUnit.SECONDS);
			// Listeners hear of the end after the caller has its result.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(registry.get("race.duration").tag("race", "dns").tag("outcome", "success").timer().count())
					.isEqualTo(1);
				assertThat(registry.find("race.duration").tag("race", "default").timers()).isEmpty();
			});
		});
	}

	@Test
	void metersHaveDescriptionsAndBaseUnits() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(RaceTemplate.class).submitHedge(() -> "ok").get(30, TimeUnit.SECONDS);
			assertThat(registry.getMeters()).isNotEmpty()
				.allSatisfy((meter) -> assertThat(meter.getId().getDescription()).isNotBlank());
			assertThat(registry.get("race.attempts").counters())
				.allSatisfy((counter) -> assertThat(counter.getId().getBaseUnit()).isEqualTo("attempts"));
			assertThat(registry.get("race.hedges").counter().getId().getBaseUnit()).isEqualTo("attempts");
			assertThat(registry.get("race.active").gauge().getId().getBaseUnit()).isEqualTo("races");
			assertThat(registry.get("race.duration").timers()).extracting((timer) -> timer.getId().getTag("outcome"))
				.containsExactlyInAnyOrder("success", "failure", "timeout", "cancelled");
			assertThat(registry.get("race.attempts").counters())
				.extracting((counter) -> counter.getId().getTag("result"))
				.containsExactlyInAnyOrder("won", "failed", "lost", "aborted");
		});
	}

	@Test
	void percentilesAndHistogramArePublishedWhenConfigured() {
		this.runner.withPropertyValues("race.metrics.percentiles=0.5,0.99", "race.metrics.histogram=true")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				List<DistributionStatisticConfig> configs = new CopyOnWriteArrayList<>();
				// Meters are registered on a race's first event, so this filter sees
				// them.
				registry.config().meterFilter(new MeterFilter() {

					@Override
					public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
						if (id.getName().equals("race.duration")) {
							configs.add(config);
						}
						return config;
					}

				});
				context.getBean(RaceTemplate.class).submitHedge(() -> "ok").get(30, TimeUnit.SECONDS);
				assertThat(configs).isNotEmpty().allSatisfy((config) -> {
					assertThat(config.getPercentiles()).containsExactly(0.5, 0.99);
					assertThat(config.isPercentileHistogram()).isTrue();
				});
				Timer timer = timer(registry, "race.duration", "outcome", "success");
				assertThat(timer.takeSnapshot().percentileValues()).hasSize(2);
			});
	}

	@Test
	void metricsCanBeDisabled() {
		this.runner.withPropertyValues("race.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RaceMetricsListener.class));
	}

	@Test
	void noListenerWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RaceMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RaceMetricsListener.class));
	}

	@Test
	void contextStartsWithoutMicrometerOnTheClassPath() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RaceMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RaceMetricsListener.class);
				assertThat(context.getBean(RaceTemplate.class).submitHedge(() -> "ok").get(30, TimeUnit.SECONDS))
					.isEqualTo("ok");
			});
	}

	@Test
	void listenerIsAddedAfterBootsMeterRegistryAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RaceMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(RaceMetricsListener.class);
				context.getBean(RaceTemplate.class).submitHedge(() -> "ok").get(30, TimeUnit.SECONDS);
				assertThat(context.getBean(MeterRegistry.class).get("race.duration").timers()).isNotEmpty();
			});
	}

	@Test
	void raceDurationIsVisibleThroughTheActuatorMetricsEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RaceMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, MetricsEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=metrics")
			.run((context) -> {
				context.getBean(RaceTemplate.class).submitHedge(() -> "ok").get(30, TimeUnit.SECONDS);
				MetricsEndpoint.MetricDescriptor metric = context.getBean(MetricsEndpoint.class)
					.metric("race.duration", null);
				assertThat(metric).isNotNull();
				assertThat(metric.getBaseUnit()).isEqualTo("seconds");
				assertThat(metric.getMeasurements()).filteredOn((sample) -> sample.getStatistic() == Statistic.COUNT)
					.singleElement()
					.satisfies((sample) -> assertThat(sample.getValue()).isEqualTo(1.0));
				assertThat(metric.getAvailableTags()).extracting(MetricsEndpoint.AvailableTag::getTag)
					.containsExactlyInAnyOrder("race", "outcome");
			});
	}

	private static Timer timer(MeterRegistry registry, String name, String tag, String value) {
		return registry.get(name).tag("race", "default").tag(tag, value).timer();
	}

	private static Counter counter(MeterRegistry registry, String name, String tag, String value) {
		return registry.get(name).tag("race", "default").tag(tag, value).counter();
	}

}
