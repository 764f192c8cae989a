package site.js0.race;

/**
 * The two decisions behind every hedge, kept behind one small seam so that an adaptive
 * step (a percentile of observed latencies) and a hedge budget can replace the fixed ones
 * without touching the engine.
 */
interface LaunchPolicy {

	/**
	 * Return how long after attempt {@code index - 1} was due attempt {@code index}
	 * becomes due, in nanoseconds, or {@link Long#MAX_VALUE} if it is never launched by
	 * the clock (fallback mode).
	 * @param index the index of the next attempt, at least 1
	 * @return the delay in nanoseconds
	 */
	long delayNanos(int index);

	/**
	 * Decide whether a hedge may be launched now. A refusal ends the launching of this
	 * race; the attempts already in flight go on.
	 * @param race the race
	 * @param index the index of the hedge, at least 1
	 * @return whether the launch is permitted
	 */
	boolean permitsLaunch(RaceInfo race, int index);

	/**
	 * Return the policy of the given settings: a fixed step, and every launch permitted.
	 * @param settings the settings
	 * @return the policy
	 */
	static LaunchPolicy of(RaceSettings settings) {
		return new FixedStep(settings.fallback() ? Long.MAX_VALUE : settings.stepNanos());
	}

	/**
	 * A fixed step between launches, every launch permitted.
	 */
	record FixedStep(long stepNanos) implements LaunchPolicy {

		@Override
		public long delayNanos(int index) {
			return this.stepNanos;
		}

		@Override
		public boolean permitsLaunch(RaceInfo race, int index) {
			return true;
		}

	}

}
