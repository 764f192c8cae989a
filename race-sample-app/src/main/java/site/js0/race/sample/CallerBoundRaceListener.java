package site.js0.race.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import site.js0.race.AttemptContext;
import site.js0.race.AttemptOutcome;
import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;
import site.js0.race.RaceSummary;

/**
 * Hands the events of a race to the listener its caller bound: while a thread holds a
 * {@link #bind binding}, every race it starts reports to that listener, until the binding
 * is closed, whichever thread delivers the race's later events. This is how
 * {@code /api/race} draws the timeline of the one race its hedged {@code RestClient} call
 * starts, and how the comparison counts that client's attempts, although every caller of
 * the client shares its race template.
 *
 * <p>
 * A bean, so the race starter adds it to every template's listeners; races started on a
 * thread without a binding are not looked at. It relies on race-core delivering
 * {@code onRaceStarted} on the thread that starts the race, before any attempt runs (the
 * hedged {@code RestClient} starts its race on the caller's thread): a race whose start
 * were delivered elsewhere would go unrecorded, never be recorded into another caller's
 * timeline. Thread-safe.
 */
@Component
public class CallerBoundRaceListener implements RaceListener {

	private final ThreadLocal<@Nullable Binding> bound = new ThreadLocal<>();

	// By identity: a race is its own RaceInfo for all its callbacks.
	private final Map<RaceInfo, RaceListener> races = new ConcurrentHashMap<>();

	/**
	 * Send the events of the races this thread starts, from now until the binding is
	 * closed, to the given listener. Close the binding on the same thread; a binding made
	 * while another is open replaces it until closed.
	 * @param listener the listener
	 * @return the binding, to close once the races' events are no longer wanted (events
	 * of losers still running then are dropped)
	 */
	public Binding bind(RaceListener listener) {
		Binding binding = new Binding(listener, this.bound.get());
		this.bound.set(binding);
		return binding;
	}

	@Override
	public void onRaceStarted(RaceInfo race) {
		Binding binding = this.bound.get();
		if (binding != null) {
			binding.started(race);
			this.races.put(race, binding.listener);
			binding.listener.onRaceStarted(race);
		}
	}

	@Override
	public void onAttemptLaunched(RaceInfo race, AttemptContext attempt) {
		RaceListener listener = this.races.get(race);
		if (listener != null) {
			listener.onAttemptLaunched(race, attempt);
		}
	}

	@Override
	public void onAttemptFinished(RaceInfo race, AttemptOutcome<?, ?> outcome) {
		RaceListener listener = this.races.get(race);
		if (listener != null) {
			listener.onAttemptFinished(race, outcome);
		}
	}

	@Override
	public void onRaceFinished(RaceInfo race, RaceSummary summary) {
		RaceListener listener = this.races.get(race);
		if (listener != null) {
			listener.onRaceFinished(race, summary);
		}
	}

	/**
	 * A listener bound to a thread; closing it forgets the races started under it.
	 */
	public final class Binding implements AutoCloseable {

		private final RaceListener listener;

		private final @Nullable Binding previous;

		private final List<RaceInfo> started = new ArrayList<>();

		Binding(RaceListener listener, @Nullable Binding previous) {
			this.listener = listener;
			this.previous = previous;
		}

		// Only ever called on the bound thread (in onRaceStarted), as close() is.
		void started(RaceInfo race) {
			this.started.add(race);
		}

		@Override
		public void close() {
			if (this.previous != null) {
				CallerBoundRaceListener.this.bound.set(this.previous);
			}
			else {
				CallerBoundRaceListener.this.bound.remove();
			}
			for (RaceInfo race : this.started) {
				CallerBoundRaceListener.this.races.remove(race);
			}
		}

	}

}
