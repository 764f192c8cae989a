package site.js0.race.sample;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The timeline of one race, as the page draws it: when each attempt started, how long it
 * ran, and how it ended. Times are in milliseconds from the start of the race.
 *
 * @param race the name of the race's template
 * @param stepMs the race's step: the time between launches while no attempt has failed
 * @param outcome how the race ended: {@code SUCCESS}, {@code FAILURE}, {@code TIMEOUT},
 * {@code CANCELLED}, or {@code RUNNING} if it had not ended when the timeline was taken
 * @param winnerIndex the index of the winning attempt, or -1
 * @param durationMs how long the race took to be decided, or {@code null} if it is still
 * running
 * @param attempts the attempts in launch order
 * @param error why the race failed, or {@code null}
 */
public record RaceTimeline(String race, double stepMs, String outcome, int winnerIndex, @Nullable Double durationMs,
		List<Attempt> attempts, @Nullable String error) {

	/**
	 * One attempt of the race.
	 *
	 * @param index the attempt's index in launch order
	 * @param target what the attempt ran against (a mirror, a host name)
	 * @param launchMs when it was launched
	 * @param durationMs how long it ran until it ended or was cancelled, or {@code null}
	 * if it is still running
	 * @param status {@code WON}, {@code FAILED}, {@code ABORTED}, {@code LOST} or
	 * {@code RUNNING}
	 * @param cancelled whether it was cancelled before it could finish
	 * @param detail what it returned or why it failed, in a few words
	 */
	public record Attempt(int index, String target, double launchMs, @Nullable Double durationMs, String status,
			boolean cancelled, String detail) {
	}

}
