/**
 * Reactor for race: {@link site.js0.race.reactor.ReactorRace} runs a
 * {@link site.js0.race.RaceTemplate}'s races over {@code Mono}-returning calls, as a
 * {@code Mono} of the first success or a {@code Flux} of every outcome, with the
 * template's semantics (step, schedule, attempts, deadline, hedge budget, adaptive step,
 * listeners, timers).
 */
@NullMarked
package site.js0.race.reactor;

import org.jspecify.annotations.NullMarked;
