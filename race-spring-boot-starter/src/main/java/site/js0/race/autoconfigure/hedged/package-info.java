/**
 * Auto-configuration of {@link site.js0.race.spring.Hedged @Hedged} methods for Spring
 * Boot.
 */
@NullMarked
package site.js0.race.autoconfigure.hedged;

import org.jspecify.annotations.NullMarked;
