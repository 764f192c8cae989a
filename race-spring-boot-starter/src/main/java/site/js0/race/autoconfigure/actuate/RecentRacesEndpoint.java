package site.js0.race.autoconfigure.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The read-only {@code recentraces} endpoint: the last races of each race name, the
 * latest first, with the timeline of their attempts (when each was launched, how long it
 * ran, how it ended, how long a loser ran on after the decision).
 * {@code /actuator/recentraces} lists every name, {@code /actuator/recentraces/{name}}
 * one. How many are kept per name is {@code race.recent-races.size}.
 */
@Endpoint(id = "recentraces")
public class RecentRacesEndpoint {

	private final RecentRaces recent;

	RecentRacesEndpoint(RecentRaces recent) {
		this.recent = recent;
	}

	/**
	 * Return the recent races of every race name that has finished one.
	 * @return the races by name
	 */
	@ReadOperation
	public RecentRacesDescriptor recentRaces() {
		return new RecentRacesDescriptor(this.recent.snapshot());
	}

	/**
	 * Return the recent races of one race name.
	 * @param name the race name
	 * @return the races, the latest first; empty if none has finished
	 */
	@ReadOperation
	public List<RaceDescriptor> recentRaces(@Selector String name) {
		return this.recent.snapshot(name);
	}

	/**
	 * The recent races by name.
	 *
	 * @param races the latest first, per name
	 */
	public record RecentRacesDescriptor(Map<String, List<RaceDescriptor>> races) {
	}

	/**
	 * One finished race.
	 *
	 * @param name the race name
	 * @param started when it started
	 * @param outcome {@code SUCCESS}, {@code FAILURE}, {@code TIMEOUT} or
	 * {@code CANCELLED}
	 * @param winnerIndex the index of the winning attempt, or -1
	 * @param durationMillis from the start to the decision
	 * @param attempts the attempts, by index
	 */
	public record RaceDescriptor(String name, Instant started, String outcome, int winnerIndex, double durationMillis,
			List<AttemptDescriptor> attempts) {
	}

	/**
	 * One attempt of a race.
	 *
	 * @param index its index, 0 for the original call
	 * @param argument its argument's text, cut to 120 characters
	 * @param launchedAtMillis when it was launched, from the start of the race
	 * @param durationMillis how long it ran, or -1 while it runs
	 * @param status {@code WON}, {@code FAILED}, {@code ABORTED}, {@code LOST}, or
	 * {@code RUNNING} for a loser that has not ended yet
	 * @param started whether its task ran at all
	 * @param afterDecisionMillis how long after the decision a loser ended
	 * @param failure its failure's type and message, or {@code null}
	 */
	public record AttemptDescriptor(int index, @Nullable String argument, double launchedAtMillis,
			double durationMillis, String status, boolean started, double afterDecisionMillis,
			@Nullable String failure) {
	}

}
