package site.js0.race;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How a race ended, as reported to {@link RaceListener#onRaceFinished}.
 *
 * @param outcome how the race ended
 * @param winnerIndex the index of the winning attempt (for a stream, of the first
 * success), or {@code -1} when no attempt won
 * @param attemptsLaunched how many attempts the race launched
 * @param duration the time from the start of the race to its end
 * @param failure the exception the race ended with, or {@code null}
 */
public record RaceSummary(RaceOutcome outcome, int winnerIndex, int attemptsLaunched, Duration duration,
		@Nullable Throwable failure) {

	/**
	 * Return how many attempts were launched beyond the first.
	 * @return the number of hedges
	 */
	public int hedges() {
		return Math.max(0, this.attemptsLaunched - 1);
	}

}
