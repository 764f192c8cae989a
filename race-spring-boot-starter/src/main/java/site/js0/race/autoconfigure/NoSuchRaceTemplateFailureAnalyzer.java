package site.js0.race.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bean that asked {@link RaceTemplates} for a race nobody configured, naming
 * the property to add and the races that exist.
 */
class NoSuchRaceTemplateFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchRaceTemplateException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoSuchRaceTemplateException cause) {
		String known = String.join(", ", cause.getKnownNames());
		String description = "A race template named '" + cause.getName()
				+ "' was requested from RaceTemplates, but no race.instances." + cause.getName()
				+ " properties configure it. Configured races: " + known + ".";
		String action = "Add race.instances." + cause.getName()
				+ ".* properties (any of step, max-attempts, deadline, failure-advances, fallback, cancel-losers;"
				+ " unset values are inherited from race.*), or use one of: " + known + ".";
		return new FailureAnalysis(description, action, cause);
	}

}
