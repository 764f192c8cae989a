package site.js0.race.spring;

import site.js0.race.RaceTemplate;

/**
 * Finds the {@link RaceTemplate} that a {@link Hedged @Hedged} method races on, by the
 * annotation's {@link Hedged#value() name}. Define one as a bean to choose templates
 * yourself; the Spring Boot starter defines one over {@code race.instances.<name>}.
 * Without one, the empty name takes the {@code RaceTemplate} bean (the only one, the
 * primary one, or else the one named {@code raceTemplate}), and any other name the
 * {@code RaceTemplate} bean of that name.
 *
 * <p>
 * It is asked once per annotated method, on the method's first call, and must be
 * thread-safe.
 */
@FunctionalInterface
public interface RaceTemplateResolver {

	/**
	 * Return the template of the given name.
	 * @param name the name from {@link Hedged#value()}; empty for the default template
	 * @return the template
	 * @throws RuntimeException if there is no template of that name; the call of the
	 * method fails with it
	 */
	RaceTemplate getTemplate(String name);

}
