package site.js0.race.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import site.js0.race.autoconfigure.InvalidRacePropertyException.Problem;

/**
 * Reports invalid {@code race.*} properties, all of them in one analysis: for each, which
 * property, its value, where it was set, and the accepted range, instead of a stack
 * trace. Ordered first because the exception reaches it wrapped in a binding failure,
 * which Spring Boot's own analyzer would otherwise describe without the ranges.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidRacePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRacePropertyException> {

	private final @Nullable Environment environment;

	// One constructor only: Spring Boot passes the environment (null before the context
	// exists) to it, so the analysis can say where the value came from; with a second,
	// no-argument constructor it would pick that one instead.
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
	 * @param environment where to look for the origin of a value whose problem does not
	 * know it
	 * @param cause the failure to report them for
	 * @return the analysis
	 */
	static FailureAnalysis analysis(List<Problem> problems, @Nullable Environment environment, Throwable cause) {
		StringBuilder description = new StringBuilder("Invalid race configuration:\n");
		Set<String> actions = new LinkedHashSet<>();
		for (Problem problem : problems) {
			description.append("\n    Property: ").append(problem.property()).append('\n');
			ConfigurationPropertyName name = ConfigurationPropertyName.adapt(problem.property(), '.');
			Object value = problem.value();
			if (value == null) {
				ConfigurationProperty set = find(environment, name);
				value = (set != null) ? set.getValue() : null;
			}
			if (value != null) {
				description.append("    Value: \"").append(value).append("\"\n");
			}
			Origin origin = (problem.origin() != null) ? problem.origin() : findOrigin(environment, name);
			if (origin != null) {
				description.append("    Origin: ").append(origin).append('\n');
			}
			description.append("    Reason: ").append(problem.reason()).append('\n');
			actions.add(problem.action());
		}
		return new FailureAnalysis(description.toString().stripTrailing(), String.join("\n", actions), cause);
	}

	/**
	 * Find where a value was set: the property itself; else the first property under it
	 * (a blank instance name has no value of its own, only its settings have); else the
	 * nearest one above it (a list element given as part of a comma-separated list).
	 */
	private static @Nullable Origin findOrigin(@Nullable Environment environment, ConfigurationPropertyName name) {
		if (environment == null) {
			return null;
		}
		ConfigurationProperty exact = find(environment, name);
		if (exact != null) {
			return exact.getOrigin();
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				ConfigurationPropertyName below = iterable.stream().filter(name::isAncestorOf).findFirst().orElse(null);
				ConfigurationProperty property = (below != null) ? source.getConfigurationProperty(below) : null;
				if (property != null) {
					return property.getOrigin();
				}
			}
		}
		// Not as far up as race itself, which is never a value.
		for (ConfigurationPropertyName above = name.getParent(); above.getNumberOfElements() > 1; above = above
			.getParent()) {
			ConfigurationProperty property = find(environment, above);
			if (property != null) {
				return property.getOrigin();
			}
		}
		return null;
	}

	private static @Nullable ConfigurationProperty find(@Nullable Environment environment,
			ConfigurationPropertyName name) {
		if (environment == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

}
