package site.js0.race;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The step of a template: how long after the previous one the next attempt falls due.
 * {@link Fixed} is the configured step; {@link Learned} also keeps the latencies of the
 * template's primary attempts, for the adaptive step and for shadow mode, and takes its
 * step from their percentile once it has enough of them. Chosen once per template.
 */
interface StepSource {

	/**
	 * Return the current step.
	 * @param nowNanos the current time of the template's ticker
	 * @return the step in nanoseconds
	 */
	long stepNanos(long nowNanos);

	/**
	 * Return whether the source wants the latency of the primary attempt that is ending
	 * now: at high rates only a sample is timed, so that the clock read and the recording
	 * cost a race a few nanoseconds on average.
	 * @return {@code true} if {@link #primaryEnded} should be called for this attempt
	 */
	boolean wantsSample();

	/**
	 * Record how a primary attempt ended.
	 * @param ranNanos how long it ran
	 * @param complete whether it ended by itself with a success ({@code false}: it was
	 * cut short by the decision, its latency is at least {@code ranNanos})
	 * @param nowNanos the current time
	 */
	void primaryEnded(long ranNanos, boolean complete, long nowNanos);

	/**
	 * Return the typical latency of an attempt, the median of the recent ones, or
	 * {@code -1} if unknown.
	 * @param nowNanos the current time
	 * @return the median in nanoseconds, or {@code -1}
	 */
	long typicalNanos(long nowNanos);

	/**
	 * Return the source the settings ask for.
	 * @param settings the settings
	 * @param handOff where a window rotation runs, off the thread that found it due
	 * @param nowNanos the current time of the settings' ticker
	 * @return the source
	 */
	static StepSource of(RaceSettings settings, Executor handOff, long nowNanos) {
		RaceSettings.AdaptiveStep adaptive = settings.adaptiveStepOrNull();
		if (adaptive != null) {
			return new Learned(settings.stepNanos(), adaptive, true, settings.shadow(), handOff, nowNanos);
		}
		if (settings.shadow()) {
			return new Learned(settings.stepNanos(), RaceSettings.AdaptiveStep.defaults(), false, true, handOff,
					nowNanos);
		}
		return new Fixed(settings.stepNanos());
	}

	/**
	 * The configured step, learning nothing.
	 *
	 * @param nanos the step
	 */
	record Fixed(long nanos) implements StepSource {

		@Override
		public long stepNanos(long nowNanos) {
			return this.nanos;
		}

		@Override
		public boolean wantsSample() {
			return false;
		}

		@Override
		public void primaryEnded(long ranNanos, boolean complete, long nowNanos) {
		}

		@Override
		public long typicalNanos(long nowNanos) {
			return -1;
		}

	}

	/**
	 * A step that keeps the recent latencies of primary attempts in a
	 * {@link LatencyWindow}: adaptive, it is their percentile, clamped, once the window
	 * holds enough of them, and the configured step before; otherwise (shadow mode with a
	 * fixed step) the configured step, the latencies serving only as the typical latency
	 * of a would-be hedge.
	 */
	final class Learned implements StepSource {

		private final long configuredNanos;

		private final boolean adaptive;

		/** Shadow mode reports on every primary, so it times every one. */
		private final boolean shadow;

		private final long minNanos;

		private final long maxNanos;

		private final LatencyWindow window;

		/**
		 * Counts ending primaries to pick the sample. A plain field: a lost increment
		 * between threads only moves which primary is sampled.
		 */
		private int ending;

		Learned(long configuredNanos, RaceSettings.AdaptiveStep settings, boolean adaptive, boolean shadow,
				Executor handOff, long nowNanos) {
			this.configuredNanos = configuredNanos;
			this.adaptive = adaptive;
			this.shadow = shadow;
			this.minNanos = Durations.saturatedNanos(settings.minStep());
			this.maxNanos = Durations.saturatedNanos(settings.maxStep());
			this.window = new LatencyWindow(settings.percentile(), Durations.saturatedNanos(settings.window()),
					settings.minSamples(), handOff, nowNanos);
		}

		@Override
		public long stepNanos(long nowNanos) {
			if (!this.adaptive) {
				return this.configuredNanos;
			}
			long percentile = this.window.percentileNanos(nowNanos);
			if (percentile < 0) {
				return this.configuredNanos;
			}
			return Math.min(Math.max(percentile, this.minNanos), this.maxNanos);
		}

		@Override
		public boolean wantsSample() {
			int stride = this.shadow ? 1 : this.window.stride();
			return stride == 1 || (++this.ending & (stride - 1)) == 0;
		}

		@Override
		public void primaryEnded(long ranNanos, boolean complete, long nowNanos) {
			if (complete) {
				this.window.record(ranNanos, nowNanos);
			}
			else {
				this.window.recordCensored(ranNanos, stepNanos(nowNanos), nowNanos);
			}
		}

		@Override
		public long typicalNanos(long nowNanos) {
			return this.window.medianNanos(nowNanos);
		}

		@Override
		public String toString() {
			return "StepSource.Learned[adaptive=" + this.adaptive + ", configured="
					+ Duration.ofNanos(this.configuredNanos) + "]";
		}

	}

}
