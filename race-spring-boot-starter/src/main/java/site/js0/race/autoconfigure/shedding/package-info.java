/**
 * Auto-configuration of the hedge-shedding filter of the application's own web server
 * ({@code race.shedding.*}).
 */
@NullMarked
package site.js0.race.autoconfigure.shedding;

import org.jspecify.annotations.NullMarked;
