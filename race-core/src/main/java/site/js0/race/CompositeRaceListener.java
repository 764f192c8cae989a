package site.js0.race;

import java.util.List;
import java.util.function.Consumer;

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
		each("onRaceStarted", (listener) -> listener.onRaceStarted(race));
	}

	@Override
	public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
		each("onAttemptLaunched", (listener) -> listener.onAttemptLaunched(race, attempt));
	}

	@Override
	public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
		each("onAttemptFinished", (listener) -> listener.onAttemptFinished(race, outcome));
	}

	@Override
	public void onRaceFinished(RaceInfo race, RaceSummary summary) {
		each("onRaceFinished", (listener) -> listener.onRaceFinished(race, summary));
	}

	@Override
	public void onBudgetExhausted(RaceInfo race, int attemptIndex) {
		each("onBudgetExhausted", (listener) -> listener.onBudgetExhausted(race, attemptIndex));
	}

	@Override
	public void onShadowHedge(RaceInfo race, ShadowHedge hedge) {
		each("onShadowHedge", (listener) -> listener.onShadowHedge(race, hedge));
	}

	private void each(String callback, Consumer<RaceListener> call) {
		for (RaceListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (Throwable ex) {
				failed(listener, callback, ex);
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
