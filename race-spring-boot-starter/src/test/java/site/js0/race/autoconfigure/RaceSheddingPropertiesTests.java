package site.js0.race.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import site.js0.race.spring.http.HedgeHeader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that bad {@code race.shedding.*} values stop start-up in the one failure analysis
 * of {@code race.*} values, naming the property and the accepted range, and that the
 * properties are known names with published defaults.
 */
class RaceSheddingPropertiesTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class));

	@Test
	void enabledWithoutMaxInFlightNamesTheMissingProperty() {
		FailureAnalysis analysis = analyze("race.shedding.enabled=true");
		assertThat(analysis.getDescription()).contains("Property: race.shedding.max-in-flight").contains("at least 1");
		assertThat(analysis.getAction()).contains("Set race.shedding.max-in-flight to 1 or more");
	}

	@Test
	void maxInFlightBelowOneNamesTheRange() {
		FailureAnalysis analysis = analyze("race.shedding.max-in-flight=0");
		assertThat(analysis.getDescription()).contains("Property: race.shedding.max-in-flight")
			.contains("Value: \"0\"")
			.contains("at least 1");
	}

	@Test
	void maxInFlightThatIsNoNumberNamesWhatIsAccepted() {
		FailureAnalysis analysis = analyze("race.shedding.max-in-flight=lots");
		assertThat(analysis.getDescription()).contains("Property: race.shedding.max-in-flight")
			.contains("not a whole number of at least 1");
	}

	@Test
	void negativeRetryAfterNamesTheRange() {
		FailureAnalysis analysis = analyze("race.shedding.retry-after=-1s");
		assertThat(analysis.getDescription()).contains("Property: race.shedding.retry-after").contains("zero or more");
		assertThat(analysis.getAction()).contains("Set race.shedding.retry-after to 0s or more");
	}

	@Test
	void headerThatIsNoHeaderNameIsRefused() {
		FailureAnalysis analysis = analyze("race.shedding.header=Hedge Attempt");
		assertThat(analysis.getDescription()).contains("Property: race.shedding.header")
			.contains("must be an HTTP header name");
	}

	@Test
	void sheddingProblemsAreListedWithTheOtherRaceProblems() {
		FailureAnalysis analysis = analyze("race.step=-1s", "race.shedding.enabled=true",
				"race.shedding.retry-after=-1s");
		assertThat(analysis.getDescription()).contains("Property: race.step")
			.contains("Property: race.shedding.max-in-flight")
			.contains("Property: race.shedding.retry-after");
	}

	@Test
	void misspeltSheddingKeyIsReportedWithTheNearestName() {
		FailureAnalysis analysis = analyze("race.shedding.max-in-fligt=10");
		assertThat(analysis.getDescription()).contains("Property: race.shedding.max-in-fligt");
		assertThat(analysis.getAction()).contains("Did you mean race.shedding.max-in-flight?");
	}

	@Test
	void validSheddingPropertiesStartInAnyRelaxedSpelling() {
		this.runner
			.withPropertyValues("race.shedding.enabled=true", "race.shedding.maxInFlight=64",
					"race.shedding.retry-after=2500ms", "race.shedding.header=X-Hedge")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RaceProperties.Shedding shedding = context.getBean(RaceProperties.class).getShedding();
				assertThat(shedding.getMaxInFlight()).isEqualTo(64);
				assertThat(shedding.getHeader()).isEqualTo("X-Hedge");
			});
	}

	@Test
	void sheddingDefaultsArePublishedAndTheHeaderIsTheHedgingClientsOne() throws Exception {
		Map<Object, Object> defaults = new HashMap<>();
		Map<Object, Object> descriptions = new HashMap<>();
		List<Map<String, Object>> properties = JsonPath.parse(Files.readString(METADATA))
			.read("$.properties[?(@.name =~ /race\\.shedding\\..*/)]");
		properties.forEach((property) -> {
			defaults.put(property.get("name"), property.get("defaultValue"));
			descriptions.put(property.get("name"), property.get("description"));
		});
		assertThat(descriptions).containsOnlyKeys("race.shedding.enabled", "race.shedding.max-in-flight",
				"race.shedding.retry-after", "race.shedding.header");
		assertThat(defaults).containsEntry("race.shedding.enabled", false)
			.containsEntry("race.shedding.retry-after", "1s")
			.containsEntry("race.shedding.header", HedgeHeader.DEFAULT_NAME);
		assertThat(new RaceProperties().getShedding().getHeader()).isEqualTo(HedgeHeader.DEFAULT_NAME);
	}

	private FailureAnalysis analyze(String... properties) {
		return RaceStartupFailures.analyze(this.runner, properties);
	}

}
