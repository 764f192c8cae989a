/**
 * Micrometer meters for races ({@code race.duration}, {@code race.attempts},
 * {@code race.hedges}, {@code race.winner}, {@code race.attempt.duration},
 * {@code race.active}), recorded by a {@link site.js0.race.RaceListener} when the
 * application has a {@link io.micrometer.core.instrument.MeterRegistry}.
 */
@NullMarked
package site.js0.race.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
