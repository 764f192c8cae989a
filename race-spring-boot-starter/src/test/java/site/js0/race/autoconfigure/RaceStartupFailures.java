package site.js0.race.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts a context that must fail on its {@code race.*} properties and returns the
 * failure analysis a user would see: the one fixture of the starter's bad-input tests.
 */
final class RaceStartupFailures {

	private RaceStartupFailures() {
	}

	/**
	 * Start a context with the given properties, assert that it failed, and analyze the
	 * failure as Spring Boot would at start-up.
	 * @param runner the context to start
	 * @param properties the properties, {@code key=value}
	 * @return the analysis, never {@code null}
	 */
	static FailureAnalysis analyze(ApplicationContextRunner runner, String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new InvalidRacePropertyFailureAnalyzer(null).analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).as("failure analysis").isNotNull();
		return analysis[0];
	}

}
