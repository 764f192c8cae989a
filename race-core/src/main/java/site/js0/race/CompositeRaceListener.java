package site.js0.race;

import java.util.List;

/**
 * Invokes several listeners in order, logging and swallowing whatever one of them throws,
 * errors such as a {@link StackOverflowError} included, so that a faulty listener can
 * neither break a race, lose an outcome, nor starve the listeners after it.
 */
final class CompositeRaceListener implements RaceListener {

	private static final System.Logger logger = System.getLogger(RaceListener.class.getName());

	private final RaceListener[] listeners;

	CompositeRaceListener(List<RaceListener> listeners) {
		this.listeners = listeners.toArray(new RaceListener[0]);
	}

	@Override
	public void onRaceStarted(RaceInfo race) {
		for (RaceListener listener : this.listeners) {
			try {
				listener.onRaceStarted(race);
			}
			catch (Throwable ex) {
				failed(listener, "onRaceStarted", ex);
			}
		}
	}

	@Override
	public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
		for (RaceListener listener : this.listeners) {
			try {
				listener.onAttemptLaunched(race, attempt);
			}
			catch (Throwable ex) {
				failed(listener, "onAttemptLaunched", ex);
			}
		}
	}

	@Override
	public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
		for (RaceListener listener : this.listeners) {
			try {
				listener.onAttemptFinished(race, outcome);
			}
			catch (Throwable ex) {
				failed(listener, "onAttemptFinished", ex);
			}
		}
	}

	@Override
	public void onRaceFinished(RaceInfo race, RaceSummary summary) {
		for (RaceListener listener : this.listeners) {
			try {
				listener.onRaceFinished(race, summary);
			}
			catch (Throwable ex) {
				failed(listener, "onRaceFinished", ex);
			}
		}
	}

	private static void failed(RaceListener listener, String callback, Throwable ex) {
		try {
			logger.log(System.Logger.Level.WARNING,
					() -> "Race listener " + SafeStrings.of(listener) + " threw from " + callback + "; ignored", ex);
		}
		catch (Throwable logFailure) {
			// Out of memory or stack even for logging: the race must go on regardless.
		}
	}

}
