package site.js0.race.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;

import site.js0.race.autoconfigure.InvalidRacePropertyException.Problem;

/**
 * The names that {@code race.*} accepts, read from {@link RaceProperties} itself, and the
 * ones a configuration sets that are none of them: a misspelt key ({@code race.stepp})
 * would otherwise be ignored and leave its setting at the default without a word. Each
 * unknown key is reported with the nearest valid name.
 *
 * <p>
 * As with Spring Boot's own check of unknown fields, system properties and environment
 * variables are not checked: they hold whatever the machine sets.
 */
final class RacePropertyNames {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("race");

	/**
	 * Settings of a race, relative to {@code race.} or {@code race.instances.<name>.}.
	 */
	private static final Set<String> SETTINGS = names(RaceSettingsProperties.class);

	/** Everything under {@code race.}, instances aside. */
	private static final Set<String> TOP = names(RaceProperties.class);

	private static final Set<String> SETTINGS_UNIFORM = uniform(SETTINGS);

	private static final Set<String> TOP_UNIFORM = uniform(TOP);

	private static final String INSTANCES = "instances";

	private RacePropertyNames() {
	}

	/**
	 * Return the keys under {@code race.} that the sources set and that are no setting.
	 * @param sources the sources the properties were bound from
	 * @return one problem per unknown key, in the order the sources list them
	 */
	static List<Problem> unknown(Iterable<ConfigurationPropertySource> sources) {
		List<Problem> problems = new ArrayList<>();
		Set<String> reported = new TreeSet<>();
		for (ConfigurationPropertySource source : sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable) || isSystem(source)) {
				continue;
			}
			iterable.stream().filter(PREFIX::isAncestorOf).forEach((name) -> {
				Problem problem = check(name, source.getConfigurationProperty(name));
				if (problem != null && reported.add(problem.property())) {
					problems.add(problem);
				}
			});
		}
		return problems;
	}

	private static @Nullable Problem check(ConfigurationPropertyName name, @Nullable ConfigurationProperty property) {
		boolean instance = INSTANCES.equals(name.getElement(1, ConfigurationPropertyName.Form.DASHED));
		if (instance && name.getNumberOfElements() < 4) {
			// race.instances.<name> given a value: reported when it fails to bind.
			return null;
		}
		int first = instance ? 3 : 1;
		String setting = relative(name, first);
		Set<String> known = instance ? SETTINGS : TOP;
		// Compared in the binder's uniform form, so that every relaxed spelling it binds
		// (max-attempts, maxAttempts, max_attempts) is known.
		if (setting.isEmpty() || (instance ? SETTINGS_UNIFORM : TOP_UNIFORM).contains(uniform(setting))) {
			return null;
		}
		String prefix = instance ? name.chop(first) + "." : "race.";
		String nearest = nearest(setting, known);
		String scope = instance ? "a race instance" : "race";
		String action = (nearest != null)
				? "Did you mean " + prefix + nearest + "? Rename " + name + " to it, or remove it."
				: "Remove " + name + ", or use one of the settings listed in the README's properties table.";
		return new Problem(name.toString(), (property != null) ? property.getValue() : null,
				scope + " has no setting named '" + setting + "', so this value would be ignored", action,
				(property != null) ? property.getOrigin() : null);
	}

	// The name from element `first` on, without the list or map indexes that end it
	// (metrics.percentiles[0] is metrics.percentiles).
	private static String relative(ConfigurationPropertyName name, int first) {
		int last = name.getNumberOfElements();
		while (last > first && isIndexed(name, last - 1)) {
			last--;
		}
		StringBuilder relative = new StringBuilder();
		for (int i = first; i < last; i++) {
			if (isIndexed(name, i)) {
				// A key inside a map that is a setting: no such setting but instances.
				return relative.toString();
			}
			if (!relative.isEmpty()) {
				relative.append('.');
			}
			relative.append(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
		}
		return relative.toString();
	}

	// Lower case, letters and digits only, dots kept: the form in which the binder
	// matches names.
	private static String uniform(String name) {
		StringBuilder uniform = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '.' || Character.isLetterOrDigit(c)) {
				uniform.append(Character.toLowerCase(c));
			}
		}
		return uniform.toString();
	}

	private static Set<String> uniform(Set<String> names) {
		Set<String> uniform = new TreeSet<>();
		names.forEach((name) -> uniform.add(uniform(name)));
		return uniform;
	}

	private static boolean isIndexed(ConfigurationPropertyName name, int element) {
		return name.chop(element + 1).isLastElementIndexed();
	}

	private static @Nullable String nearest(String setting, Set<String> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = distance(uniform(setting), uniform(candidate));
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		// A name too far from every setting is not a typo of one.
		return (bestDistance <= Math.max(2, setting.length() / 3)) ? best : null;
	}

	// Levenshtein distance, two rows.
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static boolean isSystem(ConfigurationPropertySource source) {
		Object underlying = source.getUnderlyingSource();
		if (underlying instanceof org.springframework.core.env.PropertySource<?> propertySource) {
			String sourceName = propertySource.getName();
			return StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(sourceName)
					|| StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(sourceName);
		}
		return false;
	}

	/**
	 * The dashed names of a properties type's settings, nested groups flattened
	 * ({@code adaptive.percentile}); a map of instances counts as one name.
	 */
	private static Set<String> names(Class<?> type) {
		Set<String> names = new TreeSet<>();
		collect(type, "", names);
		return Collections.unmodifiableSet(names);
	}

	private static void collect(Class<?> type, String prefix, Set<String> names) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
				continue;
			}
			String name = prefix + DataObjectPropertyName.toDashedForm(descriptor.getName());
			Class<?> propertyType = descriptor.getPropertyType();
			boolean group = propertyType.getName().startsWith(RaceProperties.class.getPackageName())
					&& !Map.class.isAssignableFrom(propertyType);
			if (group) {
				collect(propertyType, name + ".", names);
			}
			else {
				names.add(name);
			}
		}
	}

}
