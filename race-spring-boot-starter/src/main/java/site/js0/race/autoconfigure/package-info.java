/**
 * Auto-configuration of race for Spring Boot:
 * {@link site.js0.race.autoconfigure.RaceProperties} ({@code race.*}), the default
 * {@link site.js0.race.RaceTemplate} bean, the
 * {@link site.js0.race.autoconfigure.RaceTemplates} registry of named templates, and
 * {@link site.js0.race.autoconfigure.RaceTemplateCustomizer} beans.
 */
@NullMarked
package site.js0.race.autoconfigure;

import org.jspecify.annotations.NullMarked;
