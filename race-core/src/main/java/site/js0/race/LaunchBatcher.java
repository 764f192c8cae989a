package site.js0.race;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands the races whose timers have fired to the executor in batches: one {@code execute} per burst
 * of due races rather than one per race. A hand-off wakes a thread, or with a cached pool starts
 * one, and costs microseconds; ten thousand of them within a few milliseconds are what made hedges
 * late. Serialised like {@link Race}'s own drain: whichever caller finds the counter at zero hands
 * the batch over, the others only enqueue. Launching stays off the scheduler thread.
 *
 * <p>The price: the races of one {@link RaceSettings} that fall due together are launched one after
 * the other on one executor thread, so an {@link AsyncTask} whose {@code start} blocks, against its
 * contract, delays the hedges of the others in its batch.
 */
final class LaunchBatcher implements Runnable {

	private final RaceSettings settings;

	private final ConcurrentLinkedQueue<Race<?, ?>> due = new ConcurrentLinkedQueue<>();

	private final AtomicInteger wip = new AtomicInteger();

	LaunchBatcher(RaceSettings settings) {
		this.settings = settings;
	}

	/**
	 * Launch what is due for the race on the executor, soon. Never throws: if the executor rejects
	 * the batch, every race in it is told so, as {@link Race#launchRejected} describes.
	 * @param race the race whose timer has fired
	 */
	void submit(Race<?, ?> race) {
		this.due.offer(race);
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		try {
			this.settings.executor().execute(this);
		}
		catch (RejectedExecutionException ex) {
			// This thread owns the counter now: fail every race queued so far, and any queued meanwhile.
			int missed = 1;
			for (;;) {
				Race<?, ?> rejected;
				while ((rejected = this.due.poll()) != null) {
					rejected.launchRejected(ex);
				}
				missed = this.wip.addAndGet(-missed);
				if (missed == 0) {
					return;
				}
			}
		}
	}

	@Override
	public void run() {
		int missed = 1;
		for (;;) {
			Race<?, ?> race;
			while ((race = this.due.poll()) != null) {
				try {
					race.launchDueNow();
				}
				catch (RuntimeException ex) {
					// Whatever escaped one race must not keep the others of the batch from launching.
					Thread thread = Thread.currentThread();
					thread.getUncaughtExceptionHandler().uncaughtException(thread, ex);
				}
			}
			missed = this.wip.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

}
