package site.js0.race.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Reports an out-of-range {@code race.*} property: which property, its value, where it was set,
 * and the accepted range, instead of a stack trace.
 */
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
		StringBuilder description = new StringBuilder();
		description.append("Invalid race configuration:\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		description.append("    Value: \"").append(cause.getValue()).append("\"\n");
		Origin origin = findOrigin(cause.getProperty());
		if (origin != null) {
			description.append("    Origin: ").append(origin).append('\n');
		}
		description.append("    Reason: ").append(cause.getReason());
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

	private @Nullable Origin findOrigin(String property) {
		if (this.environment == null || !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

}
