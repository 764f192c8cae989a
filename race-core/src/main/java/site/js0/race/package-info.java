/**
 * Staggered ("hedged") execution: start a call, start it again (or the next candidate) if
 * no answer has come after a step, take the first success and cancel the rest.
 *
 * <p>
 * The entry point is {@link site.js0.race.RaceTemplate}, configured by an immutable
 * {@link site.js0.race.RaceSettings}. Outcomes can be consumed as the first success (a
 * {@link java.util.concurrent.CompletableFuture}) or as a
 * {@link site.js0.race.RaceStream} of every outcome in completion order.
 * {@link site.js0.race.RaceListener} is the observability SPI.
 */
@NullMarked
package site.js0.race;

import org.jspecify.annotations.NullMarked;
