package site.js0.race;

import java.util.concurrent.atomic.LongAdder;

/**
 * Whether a template's races may launch an extra attempt (a hedge, or an attempt that a
 * failure launches): {@link #UNLIMITED}, or a {@link TokenBucket} per template. A budget
 * only decides launches; it never cancels an attempt.
 */
interface LaunchBudget {

	/** No cap: every extra attempt may launch. */
	LaunchBudget UNLIMITED = new LaunchBudget() {

		@Override
		public void primaryLaunched(long nowNanos) {
		}

		@Override
		public boolean tryAcquire(long nowNanos) {
			return true;
		}

		@Override
		public void release(long nowNanos) {
		}

		@Override
		public String toString() {
			return "LaunchBudget.UNLIMITED";
		}

	};

	/**
	 * Record the launch of a primary attempt, which earns the budget its ratio.
	 * @param nowNanos the current time of the template's ticker
	 */
	void primaryLaunched(long nowNanos);

	/**
	 * Take one extra attempt from the budget, if it has one left.
	 * @param nowNanos the current time of the template's ticker
	 * @return whether the extra attempt may launch
	 */
	boolean tryAcquire(long nowNanos);

	/**
	 * Give back an extra attempt taken for a launch that did not happen: the race was
	 * decided meanwhile, or its arguments threw.
	 * @param nowNanos the current time of the template's ticker
	 */
	void release(long nowNanos);

	/**
	 * Return the budget the settings ask for.
	 * @param settings the settings
	 * @param nowNanos the current time of the settings' ticker
	 * @return the budget, {@link #UNLIMITED} if none is set
	 */
	static LaunchBudget of(RaceSettings settings, long nowNanos) {
		RaceSettings.HedgeBudget budget = settings.hedgeBudgetOrNull();
		return (budget != null) ? new TokenBucket(budget, nowNanos) : UNLIMITED;
	}

	/**
	 * The hedge budget over a rotating window of {@value #SLICES} slices: an extra
	 * attempt may launch while the extras of the window stay within {@code ratio} times
	 * its primaries plus {@code minPerSecond} times its length in seconds.
	 *
	 * <p>
	 * A primary's deposit is lock-free (a {@link LongAdder} for the current slice, and a
	 * volatile read); taking a token, and rotating the window, happen under the bucket's
	 * monitor, which guards a few additions and no user code. A deposit that races with a
	 * rotation may count in the next slice: the window is exact to a slice.
	 */
	final class TokenBucket implements LaunchBudget {

		static final int SLICES = 10;

		private final double ratio;

		/** The extra attempts the window allows whatever the traffic. */
		private final double floor;

		private final long sliceNanos;

		private final LongAdder currentPrimaries = new LongAdder();

		// Guarded by this.

		private final long[] primaries = new long[SLICES];

		private final long[] extras = new long[SLICES];

		/** The primaries of the closed slices in the window. */
		private long closedPrimaries;

		/** The extras of every slice in the window, the current one included. */
		private long windowExtras;

		private long slice;

		private volatile long nextRotationNanos;

		TokenBucket(RaceSettings.HedgeBudget budget, long nowNanos) {
			this.ratio = budget.ratio();
			long windowNanos = Durations.saturatedNanos(budget.window());
			this.floor = budget.minPerSecond() * (windowNanos / 1e9);
			this.sliceNanos = Math.max(1, windowNanos / SLICES);
			this.slice = Math.floorDiv(nowNanos, this.sliceNanos);
			this.nextRotationNanos = (this.slice + 1) * this.sliceNanos;
		}

		@Override
		public void primaryLaunched(long nowNanos) {
			if (nowNanos - this.nextRotationNanos >= 0) {
				synchronized (this) {
					rotate(nowNanos);
				}
			}
			this.currentPrimaries.increment();
		}

		@Override
		public synchronized boolean tryAcquire(long nowNanos) {
			rotate(nowNanos);
			double allowed = this.ratio * (this.closedPrimaries + this.currentPrimaries.sum()) + this.floor;
			if (this.windowExtras + 1 > allowed) {
				return false;
			}
			this.windowExtras++;
			this.extras[slot(this.slice)]++;
			return true;
		}

		@Override
		public synchronized void release(long nowNanos) {
			rotate(nowNanos);
			// Taken in the current slice, unless one passed in between: then it left the
			// window already, or sits in an older slice, where it only errs strict.
			int slot = slot(this.slice);
			if (this.extras[slot] > 0) {
				this.extras[slot]--;
				this.windowExtras--;
			}
		}

		/**
		 * Return the extra attempts taken in the window; for tests.
		 * @param nowNanos the current time
		 * @return the extras of the window
		 */
		synchronized long extrasInWindow(long nowNanos) {
			rotate(nowNanos);
			return this.windowExtras;
		}

		private void rotate(long nowNanos) {
			long current = Math.floorDiv(nowNanos, this.sliceNanos);
			long closed = this.slice;
			long passed = current - closed;
			if (passed <= 0) {
				return;
			}
			// The slice being filled closes with what it holds now; the slices that fall
			// out of the window (the oldest, then any skipped over) leave the totals.
			long closing = this.currentPrimaries.sumThenReset();
			for (long k = 1; k <= Math.min(passed, SLICES); k++) {
				int slot = slot(closed + k);
				this.closedPrimaries -= this.primaries[slot];
				this.windowExtras -= this.extras[slot];
				this.primaries[slot] = 0;
				this.extras[slot] = 0;
			}
			if (passed < SLICES) {
				this.primaries[slot(closed)] = closing;
				this.closedPrimaries += closing;
			}
			this.slice = current;
			this.nextRotationNanos = (current + 1) * this.sliceNanos;
		}

		private static int slot(long slice) {
			return (int) Math.floorMod(slice, SLICES);
		}

		@Override
		public String toString() {
			return "TokenBucket[ratio=" + this.ratio + ", floor=" + this.floor + "]";
		}

	}

}
