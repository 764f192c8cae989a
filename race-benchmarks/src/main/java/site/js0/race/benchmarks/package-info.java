/**
 * Benchmarks of the race engine: JMH overhead against a hand-rolled
 * {@code CompletableFuture} hedge and Project Reactor
 * ({@link site.js0.race.benchmarks.Overhead}), launch lateness under many concurrent
 * races ({@link site.js0.race.benchmarks.LaunchLateness}), heap per pending race
 * ({@link site.js0.race.benchmarks.PendingRaceMemory}) and a Tail-at-Scale simulation
 * ({@link site.js0.race.benchmarks.TailAtScale}). Results and commands:
 * {@code docs/BENCHMARKS.md}.
 */
@NullMarked
package site.js0.race.benchmarks;

import org.jspecify.annotations.NullMarked;
