package site.js0.race.autoconfigure;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

import site.js0.race.RaceInfo;
import site.js0.race.RaceListener;
import site.js0.race.RaceSummary;

/**
 * Stops races with the application context. Its listener, added last to every
 * auto-configured template, tracks the races in flight; when the context closes (or is
 * stopped) they are all cancelled and so is any race started afterwards, so that by the
 * time the scheduler and executor are destroyed nothing is left to launch and every
 * caller has seen its race end as cancelled.
 *
 * <p>
 * Closing is handled on the {@link ContextClosedEvent}, ahead of other listeners, and not
 * only in {@link #stop()}: Spring's thread pools stop accepting tasks on that event, and
 * a race whose hedge were rejected then would end as a failure instead of as cancelled.
 */
final class RaceLifecycle
		implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware, Ordered {

	// Stop in the first phase, with the other executors, before beans that may still be
	// waiting on a race are stopped.
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

	private final Set<RaceInfo> active = ConcurrentHashMap.newKeySet();

	private final RaceListener listener = new Tracker();

	private volatile boolean running;

	private @Nullable ApplicationContext applicationContext;

	// Separate from running: races started while the context is still refreshing (a bean
	// warming a cache, say) must run; only a stop turns launching off.
	private volatile boolean stopped;

	/**
	 * Return the listener to add, last, to every template whose races stop with the
	 * context.
	 * @return the listener
	 */
	RaceListener listener() {
		return this.listener;
	}

	int activeCount() {
		return this.active.size();
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		// A child context's event reaches the parent's listeners too: only our own close
		// counts.
		if (event.getApplicationContext() == this.applicationContext) {
			stopLaunching();
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void start() {
		this.stopped = false;
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		stopLaunching();
	}

	private void stopLaunching() {
		this.stopped = true;
		// A race can end (and leave the set) while we iterate: cancel() is then a no-op.
		for (RaceInfo race : this.active) {
			race.cancel();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private final class Tracker implements RaceListener {

		@Override
		public void onRaceStarted(RaceInfo race) {
			RaceLifecycle.this.active.add(race);
			if (RaceLifecycle.this.stopped) {
				// The context is stopping or stopped: launch nothing. This listener is
				// the last one, so the others have all seen the start before they see the
				// end.
				race.cancel();
			}
		}

		@Override
		public void onRaceFinished(RaceInfo race, RaceSummary summary) {
			RaceLifecycle.this.active.remove(race);
		}

	}

}
