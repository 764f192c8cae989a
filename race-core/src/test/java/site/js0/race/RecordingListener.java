package site.js0.race;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every listener callback as a line of text, and the outcomes and summaries
 * themselves.
 */
final class RecordingListener implements RaceListener {

	final List<String> events = new CopyOnWriteArrayList<>();

	final List<AttemptOutcome<?, ?>> outcomes = new CopyOnWriteArrayList<>();

	final List<RaceSummary> summaries = new CopyOnWriteArrayList<>();

	@Override
	public void onRaceStarted(RaceInfo race) {
		this.events.add("started " + race.name());
	}

	@Override
	public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
		this.events.add("launched #" + attempt.index());
	}

	@Override
	public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
		this.outcomes.add(outcome);
		this.events.add("finished #" + outcome.index() + " " + outcome.status());
	}

	@Override
	public void onRaceFinished(RaceInfo race, RaceSummary summary) {
		this.summaries.add(summary);
		this.events.add("race " + summary.outcome() + " winner=" + summary.winnerIndex() + " launched="
				+ summary.attemptsLaunched());
	}

}
