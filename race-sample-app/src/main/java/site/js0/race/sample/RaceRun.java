package site.js0.race.sample;

import org.jspecify.annotations.Nullable;

/**
 * One race run on request: its timeline and the result that was used.
 *
 * @param <T> the result type
 * @param timeline the race's timeline
 * @param result the winning result, or {@code null} if the race failed
 */
public record RaceRun<T>(RaceTimeline timeline, @Nullable T result) {
}
