package site.js0.race.autoconfigure;

import site.js0.race.RaceSettings;

/**
 * Callback to customize the settings of every {@link site.js0.race.RaceTemplate} that the
 * auto-configuration builds, the default one and each named instance, after the
 * properties have been applied and before the settings are checked. Use it for what
 * properties cannot express: success and abort predicates, extra listeners, a ticker.
 * Customizers run in {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface RaceTemplateCustomizer {

	/**
	 * Customize the settings of one template.
	 * @param name the name of the template: {@value RaceTemplates#DEFAULT_NAME} or the
	 * key of a {@code race.instances} entry
	 * @param settings the builder, already holding the values from the properties
	 */
	void customize(String name, RaceSettings.Builder settings);

}
