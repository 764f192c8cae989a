/**
 * The {@code races} actuator endpoint: every configured race with its effective settings
 * and live counts.
 */
@NullMarked
package site.js0.race.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
