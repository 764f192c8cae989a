/**
 * Spring Framework integration for race, usable without Spring Boot:
 * {@link site.js0.race.spring.Hedged @Hedged} methods, switched on by
 * {@link site.js0.race.spring.EnableHedgedMethods @EnableHedgedMethods} (or by the
 * starter), the caller's context (MDC, the current Micrometer observation, a
 * {@code TaskDecorator}) restored on every attempt, and an observation per race.
 */
@NullMarked
package site.js0.race.spring;

import org.jspecify.annotations.NullMarked;
