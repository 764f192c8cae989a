package site.js0.race;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The events of one race on their way to its listeners. Events are recorded under the
 * race's lock, so their order is the order of what happened; they are delivered outside
 * every lock, by one thread at a time, so that a listener never runs under a lock, never
 * sees two events of a race at once, and sees them in order: the start, each launch
 * before that attempt's end, and the race's end after the ends of the attempts it
 * cancelled. A slow listener delays only the delivery of later events, never a launch
 * decision, the deadline or the consumer's result.
 */
abstract class RaceEvents {

	/** The events of a race without listeners: nothing is recorded or delivered. */
	static final RaceEvents NONE = new RaceEvents() {

		@Override
		boolean isRecording() {
			return false;
		}

		@Override
		void record(int kind, Object payload) {
		}

		@Override
		void deliver() {
		}

	};

	static final int STARTED = 0;

	static final int LAUNCHED = 1;

	static final int FINISHED = 2;

	static final int RACE_FINISHED = 3;

	static final int BUDGET_EXHAUSTED = 4;

	static final int SHADOW_HEDGE = 5;

	/**
	 * Return the events of a new race.
	 * @param race the race
	 * @param listener the listeners, combined, or {@code null} when there are none
	 * @return the events
	 */
	static RaceEvents forRace(RaceInfo race, @org.jspecify.annotations.Nullable RaceListener listener) {
		return (listener != null) ? new Delivered(race, listener) : NONE;
	}

	/**
	 * Return whether events are recorded, that is, whether outcomes must be built for
	 * them.
	 * @return whether events are recorded
	 */
	abstract boolean isRecording();

	/**
	 * Record an event; called under the race's lock, so it only enqueues.
	 * @param kind the kind of event
	 * @param payload the race, the attempt, its outcome, or the race's summary
	 */
	abstract void record(int kind, Object payload);

	/**
	 * Deliver what has been recorded, unless another thread already is. Called without
	 * locks.
	 */
	abstract void deliver();

	/**
	 * Events delivered to listeners.
	 */
	private static final class Delivered extends RaceEvents {

		private final RaceInfo race;

		private final RaceListener listener;

		// Guarded by this.

		private final ArrayDeque<Object> queue = new ArrayDeque<>(8);

		private boolean delivering;

		Delivered(RaceInfo race, RaceListener listener) {
			this.race = race;
			this.listener = listener;
		}

		@Override
		boolean isRecording() {
			return true;
		}

		@Override
		synchronized void record(int kind, Object payload) {
			this.queue.add(kind);
			this.queue.add(payload);
		}

		@Override
		void deliver() {
			synchronized (this) {
				if (this.delivering || this.queue.isEmpty()) {
					return;
				}
				this.delivering = true;
			}
			for (;;) {
				int kind;
				Object payload;
				synchronized (this) {
					Object next = this.queue.poll();
					if (next == null) {
						this.delivering = false;
						return;
					}
					kind = (Integer) next;
					payload = this.queue.remove();
				}
				dispatch(kind, payload);
			}
		}

		private void dispatch(int kind, Object payload) {
			switch (kind) {
				case STARTED -> this.listener.onRaceStarted(this.race);
				case LAUNCHED -> this.listener.onAttemptLaunched(this.race, (AttemptContext) payload);
				case FINISHED -> this.listener.onAttemptFinished(this.race, (AttemptOutcome<?, ?>) payload);
				case BUDGET_EXHAUSTED -> this.listener.onBudgetExhausted(this.race, (Integer) payload);
				case SHADOW_HEDGE -> this.listener.onShadowHedge(this.race, (ShadowHedge) payload);
				default -> this.listener.onRaceFinished(this.race, (RaceSummary) payload);
			}
		}

	}

	/**
	 * Combine listeners into one, or none.
	 * @param listeners the listeners
	 * @return the combined listener, or {@code null} for none
	 */
	static @org.jspecify.annotations.Nullable RaceListener combine(List<RaceListener> listeners) {
		return listeners.isEmpty() ? null : new CompositeRaceListener(listeners);
	}

}
