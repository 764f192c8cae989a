package site.js0.race.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Thrown by {@link RaceTemplates#get(String)} for a name that no {@code race.instances}
 * entry configures. At start-up, it is reported by a failure analysis that lists the
 * known names.
 */
public final class NoSuchRaceTemplateException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/** The name that was asked for. */
	private final String name;

	/** The names of the configured templates. */
	private final Set<String> knownNames;

	NoSuchRaceTemplateException(String name, Set<String> knownNames) {
		super("No race template named '" + name + "' is configured (known: " + String.join(", ", knownNames)
				+ "); add race.instances." + name + ".* properties");
		this.name = name;
		this.knownNames = Collections.unmodifiableSet(new LinkedHashSet<>(knownNames));
	}

	/**
	 * Return the name that was asked for.
	 * @return the unknown name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the names of the configured templates.
	 * @return the known names
	 */
	public Set<String> getKnownNames() {
		return this.knownNames;
	}

}
