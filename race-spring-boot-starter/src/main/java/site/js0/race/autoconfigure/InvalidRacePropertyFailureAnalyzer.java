package site.js0.race.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import site.js0.race.autoconfigure.InvalidRacePropertyException.Problem;

/**
 * Reports invalid {@code race.*} properties, all of them in one analysis: for each, which
 * property, its value, where it was set, and the accepted range, instead of a stack trace.
 * Ordered first because the exception reaches it wrapped in a binding failure, which Spring Boot's
 * own analyzer would otherwise describe without the ranges.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidRacePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRacePropertyException> {

	private final @Nullable Environment environment;

	// One constructor only: Spring Boot passes the environment (null before the context exists)
	// to it, so the analysis can say where the value came from; with a second, no-argument
	// constructor it would pick that one instead.
	InvalidRacePropertyFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidRacePropertyException cause) {
		return analysis(cause.getProblems(), this.environment, cause);
	}

	/**
	 * Describe the given problems.
	 * @param problems the problems
	 * @param environment where to look for the origin of a value whose problem does not know it
	 * @param cause the failure to report them for
	 * @return the analysis
	 */
	static FailureAnalysis analysis(List<Problem> problems, @Nullable Environment environment, Throwable cause) {
		StringBuilder description = new StringBuilder("Invalid race configuration:\n");
		Set<String> actions = new LinkedHashSet<>();
		for (Problem problem : problems) {
			description.append("\n    Property: ").append(problem.property()).append('\n');
			description.append("    Value: \"").append(problem.value()).append("\"\n");
			Origin origin = (problem.origin() != null) ? problem.origin() : findOrigin(environment, problem.property());
			if (origin != null) {
				description.append("    Origin: ").append(origin).append('\n');
			}
			description.append("    Reason: ").append(problem.reason()).append('\n');
			actions.add(problem.action());
		}
		return new FailureAnalysis(description.toString().stripTrailing(), String.join("\n", actions), cause);
	}

	private static @Nullable Origin findOrigin(@Nullable Environment environment, String property) {
		if (environment == null) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

}
