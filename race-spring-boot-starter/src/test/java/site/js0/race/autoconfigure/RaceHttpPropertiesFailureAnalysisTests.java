package site.js0.race.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that bad {@code race[.instances.<name>].http.*} values stop start-up in the one
 * failure analysis, each with its property, what it accepts and where it was set.
 */
class RaceHttpPropertiesFailureAnalysisTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class));

	@Test
	void unknownMethodNamesTheListElement() {
		FailureAnalysis analysis = analyze("race.http.methods=GET,FETCH");
		assertThat(analysis.getDescription()).contains("Property: race.http.methods[1]")
			.contains("Value: \"FETCH\"")
			.contains("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE")
			.doesNotContain("race.http.methods[0]");
	}

	@Test
	void methodsAreAcceptedInAnyCase() {
		this.runner.withPropertyValues("race.http.methods=get,Post")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void relativeBaseUrlOfAnInstanceNamesTheInstanceProperty() {
		FailureAnalysis analysis = analyze("race.instances.mirrors.http.base-urls=http://a.example,/relative");
		assertThat(analysis.getDescription()).contains("Property: race.instances.mirrors.http.base-urls[1]")
			.contains("absolute http or https URLs");
		assertThat(analysis.getAction()).contains("race.instances.mirrors.http.base-urls[1]");
	}

	@Test
	void baseUrlWithAQueryOrAnotherSchemeIsRejected() {
		FailureAnalysis analysis = analyze("race.http.base-urls=http://a.example/?x=1,ftp://b.example");
		assertThat(analysis.getDescription()).contains("Property: race.http.base-urls[0]")
			.contains("Property: race.http.base-urls[1]");
	}

	@Test
	void headerNameThatIsNoTokenIsRejected() {
		FailureAnalysis analysis = analyze("race.http.hedge-header=Hedge Attempt");
		assertThat(analysis.getDescription()).contains("Property: race.http.hedge-header")
			.contains("Value: \"Hedge Attempt\"")
			.contains("HTTP token");
	}

	@Test
	void statusesOutsideTheRangeAreEachReported() {
		FailureAnalysis analysis = analyze("race.http.lose-statuses=503,99",
				"race.instances.x.http.abort-statuses=600");
		assertThat(analysis.getDescription()).contains("Property: race.http.lose-statuses[1]")
			.contains("Value: \"99\"")
			.contains("Property: race.instances.x.http.abort-statuses[0]")
			.contains("from 100 to 599")
			.doesNotContain("lose-statuses[0]");
	}

	@Test
	void statusThatIsNoNumberSaysWhatIsAccepted() {
		FailureAnalysis analysis = analyze("race.http.win-statuses=ok");
		assertThat(analysis.getDescription()).contains("race.http.win-statuses").contains("from 100 to 599");
	}

	@Test
	void statusGivenTwoVerdictsInOneRaceIsRejected() {
		FailureAnalysis analysis = analyze("race.http.lose-statuses=404", "race.http.abort-statuses=410,404");
		assertThat(analysis.getDescription()).contains("Property: race.http.abort-statuses[1]")
			.contains("also listed in race.http.lose-statuses");
	}

	@Test
	void statusGivenAnotherVerdictByAnInstanceIsAnOverrideNotAConflict() {
		this.runner.withPropertyValues("race.http.abort-statuses=404", "race.instances.mirrors.http.lose-statuses=404")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void misspeltHttpKeySuggestsTheSetting() {
		FailureAnalysis analysis = analyze("race.instances.mirrors.http.hedge-headr=X");
		assertThat(analysis.getAction()).contains("Did you mean race.instances.mirrors.http.hedge-header?");
	}

	@Test
	void everyBadValueIsInTheOneAnalysis() {
		FailureAnalysis analysis = analyze("race.http.methods=FETCH", "race.http.hedge-header=a b", "race.step=-1s");
		assertThat(analysis.getDescription()).contains("race.http.methods[0]")
			.contains("race.http.hedge-header")
			.contains("race.step");
	}

	private FailureAnalysis analyze(String... properties) {
		return RaceStartupFailures.analyze(this.runner, properties);
	}

}
