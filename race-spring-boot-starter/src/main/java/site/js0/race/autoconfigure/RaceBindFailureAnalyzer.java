package site.js0.race.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a {@code race.*} value that cannot even be converted (a step of {@code fast}, a
 * max-attempts of {@code abc}) with the accepted form and range of that property, ahead of Spring
 * Boot's generic binding analysis, which names the target type but not what a user should write.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class RaceBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private static final String DURATION_EXAMPLES = " such as 200ms, 1s or PT0.5S";

	/** What each kind of race property accepts, by the last element of its name. */
	private static final Map<String, String> ACCEPTED = Map.ofEntries(
			Map.entry("step", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("deadline", "a positive duration" + DURATION_EXAMPLES),
			Map.entry("max-attempts", "a whole number from 1 to 2147483647"),
			Map.entry("failure-advances", "true or false"), Map.entry("fallback", "true or false"),
			Map.entry("cancel-losers", "true or false"), Map.entry("enabled", "true or false"),
			Map.entry("histogram", "true or false"),
			Map.entry("pool-size", "a whole number of at least 1"),
			Map.entry("max-pool-size", "a whole number of at least 1"),
			Map.entry("keep-alive", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("await-termination", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("percentiles", "a comma-separated list of numbers between 0 and 1, such as 0.5,0.95,0.99"));

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String property = cause.getName().toString();
		if (!property.startsWith("race.")) {
			return null;
		}
		String accepted = ACCEPTED.get(property.substring(property.lastIndexOf('.') + 1));
		if (accepted == null) {
			return null;
		}
		ConfigurationProperty bound = cause.getProperty();
		StringBuilder description = new StringBuilder("Invalid race configuration:\n\n");
		description.append("    Property: ").append(property).append('\n');
		if (bound != null) {
			description.append("    Value: \"").append(bound.getValue()).append("\"\n");
			if (bound.getOrigin() != null) {
				description.append("    Origin: ").append(bound.getOrigin()).append('\n');
			}
		}
		Throwable reason = (cause.getCause() != null) ? cause.getCause() : cause;
		while (reason.getCause() != null && reason.getCause() != reason) {
			reason = reason.getCause();
		}
		description.append("    Reason: the value is not ").append(accepted).append(" (").append(reason.getMessage())
			.append(')');
		return new FailureAnalysis(description.toString(), "Set " + property + " to " + accepted + ".", cause);
	}

}
