package site.js0.race.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import site.js0.race.RaceSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the configuration processor ran and that every {@code race.*} property has a
 * description (IDE completion) and the defaults a user reads there are right.
 */
class ConfigurationMetadataTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	@Test
	void everyRacePropertyHasADescription() throws Exception {
		List<Map<String, Object>> properties = raceProperties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("race.step", "race.max-attempts", "race.deadline", "race.failure-advances", "race.fallback",
					"race.cancel-losers", "race.instances", "race.scheduler.pool-size",
					"race.scheduler.thread-name-prefix", "race.executor.thread-name-prefix",
					"race.executor.max-pool-size", "race.executor.keep-alive", "race.metrics.enabled",
					"race.metrics.percentiles", "race.metrics.histogram", "race.shutdown.await-termination");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank()
			.endsWith("."));
	}

	@Test
	void booleanPropertyDescriptionsStartWithWhether() throws Exception {
		assertThat(raceProperties()).filteredOn((property) -> "java.lang.Boolean".equals(property.get("type")))
			.isNotEmpty()
			.allSatisfy((property) -> assertThat((String) property.get("description")).startsWith("Whether"));
	}

	@Test
	void defaultsArePublished() throws Exception {
		Map<Object, Object> defaults = new HashMap<>();
		raceProperties().forEach((property) -> defaults.put(property.get("name"), property.get("defaultValue")));
		assertThat(defaults).containsEntry("race.step", "500ms")
			.containsEntry("race.max-attempts", 3)
			.containsEntry("race.failure-advances", true)
			.containsEntry("race.fallback", false)
			.containsEntry("race.cancel-losers", true)
			.containsEntry("race.scheduler.pool-size", 1)
			.containsEntry("race.scheduler.thread-name-prefix", "race-scheduler-")
			.containsEntry("race.executor.thread-name-prefix", "race-executor-")
			.containsEntry("race.executor.max-pool-size", 2147483647)
			.containsEntry("race.executor.keep-alive", "60s")
			.containsEntry("race.metrics.enabled", true)
			.containsEntry("race.metrics.histogram", false)
			.containsEntry("race.shutdown.await-termination", "10s");
	}

	@Test
	void publishedRaceDefaultsAreRaceCoresDefaults() throws Exception {
		Map<Object, Object> defaults = new HashMap<>();
		raceProperties().forEach((property) -> defaults.put(property.get("name"), property.get("defaultValue")));
		RaceSettings core = RaceSettings.defaults();
		RaceSettings.AdaptiveStep adaptive = RaceSettings.AdaptiveStep.defaults();
		RaceSettings.HedgeBudget budget = RaceSettings.HedgeBudget.defaults();
		assertThat(duration(defaults.get("race.step"))).isEqualTo(core.step());
		assertThat(defaults).containsEntry("race.max-attempts", core.maxAttempts())
			.containsEntry("race.failure-advances", core.failureAdvances())
			.containsEntry("race.fallback", core.fallback())
			.containsEntry("race.cancel-losers", core.cancelLosers())
			.containsEntry("race.schedule", core.schedule().name().toLowerCase(java.util.Locale.ROOT))
			.containsEntry("race.shadow", core.shadow())
			.containsEntry("race.adaptive.enabled", core.adaptiveStep().isPresent())
			.containsEntry("race.adaptive.min-samples", adaptive.minSamples())
			.containsEntry("race.budget.enabled", core.hedgeBudget().isPresent())
			.containsEntry("race.budget.streams", budget.includeStreams());
		// JSON has one number type: 95.0 reads back as 95.
		assertThat(((Number) defaults.get("race.adaptive.percentile")).doubleValue()).isEqualTo(adaptive.percentile());
		assertThat(((Number) defaults.get("race.budget.ratio")).doubleValue()).isEqualTo(budget.ratio());
		assertThat(((Number) defaults.get("race.budget.min-per-second")).doubleValue())
			.isEqualTo(budget.minPerSecond());
		assertThat(duration(defaults.get("race.adaptive.min-step"))).isEqualTo(adaptive.minStep());
		assertThat(duration(defaults.get("race.adaptive.max-step"))).isEqualTo(adaptive.maxStep());
		assertThat(duration(defaults.get("race.adaptive.window"))).isEqualTo(adaptive.window());
		assertThat(duration(defaults.get("race.budget.window"))).isEqualTo(budget.window());
	}

	private static java.time.Duration duration(Object text) {
		return org.springframework.boot.convert.DurationStyle.detectAndParse((String) text);
	}

	private static List<Map<String, Object>> raceProperties() throws Exception {
		assertThat(METADATA).exists();
		return JsonPath.parse(Files.readString(METADATA)).read("$.properties[?(@.name =~ /race\\..*/)]");
	}

}
