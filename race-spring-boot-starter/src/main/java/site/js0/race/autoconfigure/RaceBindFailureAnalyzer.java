package site.js0.race.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a {@code race.*} value that cannot even be converted (a step of {@code fast}, a
 * max-attempts of {@code abc}) with the accepted form and range of that property, ahead
 * of Spring Boot's generic binding analysis, which names the target type but not what a
 * user should write.
 *
 * <p>
 * With {@link RaceAutoConfiguration}, such values are collected while binding and
 * reported with every other bad value by {@link InvalidRacePropertyFailureAnalyzer}; this
 * covers the properties bound without it (by the metrics auto-configuration alone).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class RaceBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("race");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!PREFIX.isAncestorOf(cause.getName()) || cause.getCause() instanceof InvalidRacePropertyException) {
			return null;
		}
		Throwable error = (cause.getCause() != null) ? cause.getCause() : cause;
		return InvalidRacePropertyFailureAnalyzer.analysis(
				List.of(RaceSettingsResolver.unconvertible(cause.getName(), cause.getProperty(), error)), null, cause);
	}

}
