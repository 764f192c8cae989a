package site.js0.race;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * The recent latencies of a template's primary attempts, over a rotating window: the
 * measurements behind the adaptive step and shadow mode's estimate of a hedge's latency.
 *
 * <p>
 * Writers record into HdrHistogram's {@link Recorder}, lock-free and wait-free. The
 * window is {@value #SLICES} slices of interval histograms; whichever thread records or
 * reads first after a slice has passed hands the rotation to the launch executor (a
 * compare-and-set, so nobody waits: taking an interval histogram may wait for a writer in
 * its critical section, which a caller's thread or an I/O thread completing an attempt
 * must not do). The rotation folds the new slice into the window's total, drops the
 * slices that fell out of the window, and computes the percentiles that readers then take
 * from volatile fields. No computation happens per launch.
 *
 * <p>
 * Only primary attempts (index 0) are recorded: their latency is an unconditional draw of
 * the backend's latency, whereas a hedge runs only when the primary was slow and is kept
 * only when it won, a sample biased towards fast. A primary cut short by the decision is
 * <em>censored</em>: its true latency is at least the time it ran. It is recorded at that
 * time only when that time already reaches the current step, where it is on the right
 * side of the percentile whatever its true value; a shorter censored time says nothing
 * about the tail and is dropped, so that cancelled attempts never drag the percentile
 * down.
 */
final class LatencyWindow {

	/** The number of slices the window rotates through. */
	static final int SLICES = 10;

	/**
	 * Above this many primaries per slice, only one in {@value #SAMPLED_STRIDE} is timed
	 * and recorded: still over a thousand latencies per window, plenty for a 95th
	 * percentile, at an eighth of the cost.
	 */
	static final int SAMPLING_RATE = 2_048;

	/** The stride of the sample at high rates: a power of two. */
	static final int SAMPLED_STRIDE = 8;

	/** Latencies are kept in microseconds, from 1 µs to an hour. */
	private static final long HIGHEST_MICROS = 3_600_000_000L;

	private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, 2);

	/** The closed slices, by slice number modulo {@link #SLICES}; rotations only. */
	private final @Nullable Histogram[] slices = new Histogram[SLICES];

	private final Histogram total = new Histogram(1, HIGHEST_MICROS, 2);

	/** Set while a rotation is handed over or running: one at a time. */
	private final AtomicBoolean rotating = new AtomicBoolean();

	private final Executor handOff;

	private final double percentile;

	private final long sliceNanos;

	private final int minSamples;

	/** An expired slice, for the recorder to reuse; rotations only. */
	private @Nullable Histogram recycled;

	/** The slice being filled; rotations only. */
	private long slice;

	private volatile long nextRotationNanos;

	private volatile long percentileNanos = -1;

	private volatile long medianNanos = -1;

	/** One primary in this many is recorded: 1, or {@link #SAMPLED_STRIDE}. */
	private volatile int stride = 1;

	/**
	 * Create a window.
	 * @param percentile the percentile readers ask for, in (0, 100)
	 * @param windowNanos the length of the window
	 * @param minSamples the samples the window needs before its percentile is given
	 * @param handOff where rotations run
	 * @param nowNanos the current time of the template's ticker
	 */
	LatencyWindow(double percentile, long windowNanos, int minSamples, Executor handOff, long nowNanos) {
		this.handOff = handOff;
		this.percentile = percentile;
		this.sliceNanos = Math.max(1, windowNanos / SLICES);
		this.minSamples = minSamples;
		this.slice = Math.floorDiv(nowNanos, this.sliceNanos);
		this.nextRotationNanos = (this.slice + 1) * this.sliceNanos;
	}

	/**
	 * Return how many primaries there are per recorded one: 1 at ordinary rates,
	 * {@link #SAMPLED_STRIDE} above {@link #SAMPLING_RATE} per slice.
	 * @return the stride, a power of two
	 */
	int stride() {
		return this.stride;
	}

	/**
	 * Record a complete latency.
	 * @param latencyNanos the latency
	 * @param nowNanos the current time
	 */
	void record(long latencyNanos, long nowNanos) {
		// Rotate first, so that the sample falls in the slice of its time. It stands for
		// the stride's primaries, of which it is the one sampled.
		rotateIfDue(nowNanos);
		this.recorder.recordValueWithCount(Math.min(Math.max(1, latencyNanos / 1_000), HIGHEST_MICROS), this.stride);
	}

	/**
	 * Record a censored latency: the attempt ran this long and was then cancelled.
	 * @param ranNanos how long it ran
	 * @param thresholdNanos the current step: shorter runs are dropped
	 * @param nowNanos the current time
	 */
	void recordCensored(long ranNanos, long thresholdNanos, long nowNanos) {
		if (ranNanos >= thresholdNanos) {
			record(ranNanos, nowNanos);
		}
	}

	/**
	 * Return the window's percentile, or {@code -1} while it holds fewer than its minimum
	 * number of samples.
	 * @param nowNanos the current time
	 * @return the percentile in nanoseconds, or {@code -1}
	 */
	long percentileNanos(long nowNanos) {
		rotateIfDue(nowNanos);
		return this.percentileNanos;
	}

	/**
	 * Return the window's median, or {@code -1} while it holds fewer than its minimum
	 * number of samples.
	 * @param nowNanos the current time
	 * @return the median in nanoseconds, or {@code -1}
	 */
	long medianNanos(long nowNanos) {
		rotateIfDue(nowNanos);
		return this.medianNanos;
	}

	private void rotateIfDue(long nowNanos) {
		if (nowNanos - this.nextRotationNanos < 0 || !this.rotating.compareAndSet(false, true)) {
			return;
		}
		try {
			this.handOff.execute(() -> rotate(nowNanos));
		}
		catch (Throwable ex) {
			// Not handed over: the next record or read tries again.
			this.rotating.set(false);
		}
	}

	// One at a time: the rotating flag is held from the hand-off to the end.
	private void rotate(long nowNanos) {
		try {
			long current = Math.floorDiv(nowNanos, this.sliceNanos);
			long closed = this.slice;
			long passed = current - closed;
			if (passed <= 0) {
				return;
			}
			// The window is the slices closed - SLICES + passed .. current - 1; the
			// interval recorded since the last rotation is slice `closed`. Slices older
			// than the window leave the total; skipped slices (nobody recorded or read)
			// are empty.
			for (long k = 0; k < Math.min(passed, SLICES); k++) {
				int slot = (int) Math.floorMod(closed + k, SLICES);
				Histogram expired = this.slices[slot];
				if (expired != null) {
					this.total.subtract(expired);
					expired.reset();
					this.recycled = expired;
					this.slices[slot] = null;
				}
			}
			Histogram recycle = this.recycled;
			this.recycled = null;
			Histogram interval = (recycle != null) ? this.recorder.getIntervalHistogram(recycle)
					: this.recorder.getIntervalHistogram();
			// The rate of the slice just closed sets the next one's sample, with a factor
			// two of hysteresis so that a rate near the threshold does not flip it.
			long rate = interval.getTotalCount();
			if (passed == 1 && rate >= SAMPLING_RATE) {
				this.stride = SAMPLED_STRIDE;
			}
			else if (passed > 1 || rate < SAMPLING_RATE / 2) {
				this.stride = 1;
			}
			if (passed <= SLICES) {
				this.slices[(int) Math.floorMod(closed, SLICES)] = interval;
				this.total.add(interval);
			}
			else {
				this.recycled = interval;
			}
			this.slice = current;
			this.nextRotationNanos = (current + 1) * this.sliceNanos;
			if (this.total.getTotalCount() >= this.minSamples) {
				this.percentileNanos = this.total.getValueAtPercentile(this.percentile) * 1_000;
				this.medianNanos = this.total.getValueAtPercentile(50) * 1_000;
			}
			else {
				this.percentileNanos = -1;
				this.medianNanos = -1;
			}
		}
		finally {
			this.rotating.set(false);
		}
	}

}
