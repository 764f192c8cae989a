package site.js0.race.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceTemplates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RacesEndpoint} and its auto-configuration.
 */
class RacesEndpointTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RacesEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=races");

	@Test
	void endpointListsEveryConfiguredRaceWithItsEffectiveSettings() {
		this.runner
			.withPropertyValues("race.step=200ms", "race.instances.dns.step=50ms", "race.instances.dns.deadline=2s",
					"race.instances.mirrors.fallback=true")
			.run((context) -> {
				DocumentContext json = json(context.getBean(RacesEndpoint.class).races());
				assertThat(json.<Map<String, Object>>read("$.races")).containsOnlyKeys("default", "dns", "mirrors");
				assertThat(json.<String>read("$.races.default.settings.step")).isEqualTo("200ms");
				assertThat(json.<Integer>read("$.races.default.settings.maxAttempts")).isEqualTo(3);
				assertThat(json.<Object>read("$.races.default.settings.deadline")).isNull();
				assertThat(json.<String>read("$.races.dns.settings.name")).isEqualTo("dns");
				assertThat(json.<String>read("$.races.dns.settings.step")).isEqualTo("50ms");
				assertThat(json.<String>read("$.races.dns.settings.deadline")).isEqualTo("2000ms");
				assertThat(json.<Boolean>read("$.races.dns.settings.failureAdvances")).isTrue();
				assertThat(json.<Boolean>read("$.races.dns.settings.cancelLosers")).isTrue();
				assertThat(json.<Boolean>read("$.races.mirrors.settings.fallback")).isTrue();
				assertThat(json.<String>read("$.races.mirrors.settings.step")).isEqualTo("200ms");
			});
	}

	@Test
	void endpointCountsRacesOutcomesHedgesAndWinsByIndex() {
		this.runner.withPropertyValues("race.step=20ms").run((context) -> {
			RaceTemplate template = context.getBean(RaceTemplate.class);
			// A long step for the race that must not hedge, however slow the machine is.
			template.mutate((settings) -> settings.step(Duration.ofSeconds(10)))
				.submitHedge(() -> "fast")
				.get(30, TimeUnit.SECONDS);
			template.submitFirst(List.of(0, 1), (index, attempt) -> {
				if (index == 0) {
					Thread.sleep(30_000);
				}
				return index;
			}).get(30, TimeUnit.SECONDS);
			template.submitHedge(() -> {
				throw new IllegalStateException("down");
			}).handle((value, failure) -> failure).get(30, TimeUnit.SECONDS);
			// Listeners hear of a race's end after its caller has the result.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				DocumentContext json = json(context.getBean(RacesEndpoint.class).races());
				assertThat(json.<Integer>read("$.races.default.counts.total")).isEqualTo(3);
				assertThat(json.<Integer>read("$.races.default.counts.active")).isZero();
				assertThat(json.<Integer>read("$.races.default.counts.success")).isEqualTo(2);
				assertThat(json.<Integer>read("$.races.default.counts.failure")).isEqualTo(1);
				assertThat(json.<Integer>read("$.races.default.counts.timeout")).isZero();
				assertThat(json.<Integer>read("$.races.default.counts.cancelled")).isZero();
				// One hedge in the second race, two in the third (three failed attempts).
				assertThat(json.<Integer>read("$.races.default.counts.hedges")).isEqualTo(3);
				assertThat(json.<Map<String, Object>>read("$.races.default.counts.winsByIndex")).containsOnlyKeys("0",
						"1");
				assertThat(json.<Integer>read("$.races.default.counts.winsByIndex.0")).isEqualTo(1);
				assertThat(json.<Integer>read("$.races.default.counts.winsByIndex.1")).isEqualTo(1);
			});
		});
	}

	@Test
	void endpointShowsOneRaceByName() {
		this.runner.withPropertyValues("race.instances.dns.step=50ms").run((context) -> {
			RacesEndpoint endpoint = context.getBean(RacesEndpoint.class);
			context.getBean(RaceTemplates.class).get("dns").submitHedge(() -> "ok").get(30, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				DocumentContext json = json(endpoint.race("dns"));
				assertThat(json.<String>read("$.settings.step")).isEqualTo("50ms");
				assertThat(json.<Integer>read("$.counts.success")).isEqualTo(1);
			});
		});
	}

	@Test
	void endpointReturnsNothingForAnUnknownRace() {
		this.runner.run((context) -> assertThat(context.getBean(RacesEndpoint.class).race("nope")).isNull());
	}

	@Test
	void endpointIsNotCreatedUnlessExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RacesEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RacesEndpoint.class)
				.doesNotHaveBean(RaceStatistics.class));
	}

	@Test
	void endpointIsNotCreatedWhenAccessIsNone() {
		this.runner.withPropertyValues("management.endpoint.races.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(RacesEndpoint.class));
	}

	@Test
	void contextStartsWithoutActuatorOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(RacesEndpoint.class).hasSingleBean(RaceTemplate.class);
			assertThat(context.getBean(RaceTemplate.class).submitHedge(() -> "ok").get(30, TimeUnit.SECONDS))
				.isEqualTo("ok");
		});
	}

	@Test
	void statisticsListenerIsAddedToEveryTemplate() {
		this.runner.withPropertyValues("race.instances.dns.step=50ms")
			.run((context) -> assertThat(context.getBean(RaceTemplates.class).asMap().values())
				.allSatisfy((template) -> assertThat(template.settings().listeners())
					.contains(context.getBean(RaceStatistics.class))));
	}

	private static DocumentContext json(Object descriptor) {
		return JsonPath.parse(JsonMapper.builder().build().writeValueAsString(descriptor));
	}

}
