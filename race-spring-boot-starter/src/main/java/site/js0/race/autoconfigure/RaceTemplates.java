package site.js0.race.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

/**
 * The {@link RaceTemplate templates} built from the {@code race.*} properties, by name:
 * the default one ({@value #DEFAULT_NAME}, from the top-level {@code race.*} values) and
 * one per {@code race.instances.<name>} entry. Inject it where a named race is needed:
 *
 * <pre class="code">
 * &#64;Service
 * class Resolver {
 *
 *     private final RaceTemplate dns;
 *
 *     Resolver(RaceTemplates races) {
 *         this.dns = races.get("dns");
 *     }
 *
 * }
 * </pre>
 *
 * <p>
 * Every template has the shared scheduler, executor and listeners, and has been through
 * every {@link RaceTemplateCustomizer}. Asking for an unknown name at start-up stops the
 * application with a failure analysis that lists the configured names.
 */
public final class RaceTemplates {

	/**
	 * The name of the default template, built from the top-level {@code race.*}
	 * properties.
	 */
	public static final String DEFAULT_NAME = RaceSettings.DEFAULT_NAME;

	private final Map<String, RaceTemplate> templates;

	RaceTemplates(Map<String, RaceTemplate> templates) {
		this.templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
	}

	/**
	 * Return the template with the given name.
	 * @param name {@value #DEFAULT_NAME} or the key of a {@code race.instances} entry
	 * @return the template
	 * @throws NoSuchRaceTemplateException if no template has that name
	 */
	public RaceTemplate get(String name) {
		RaceTemplate template = this.templates.get(name);
		if (template == null) {
			throw new NoSuchRaceTemplateException(name, this.templates.keySet());
		}
		return template;
	}

	/**
	 * Return the default template, built from the top-level {@code race.*} properties.
	 * @return the default template
	 */
	public RaceTemplate getDefault() {
		return get(DEFAULT_NAME);
	}

	/**
	 * Return the names of the templates, the default one first, then the instances in
	 * declaration order.
	 * @return an unmodifiable set of names
	 */
	public Set<String> names() {
		return this.templates.keySet();
	}

	/**
	 * Return the templates keyed by name, in the order of {@link #names()}.
	 * @return an unmodifiable map
	 */
	public Map<String, RaceTemplate> asMap() {
		return this.templates;
	}

	@Override
	public String toString() {
		return "RaceTemplates" + this.templates.keySet();
	}

}
