package site.js0.race;

/**
 * The runtime state that a {@link RaceTemplate} shares among its races: the queue of
 * their wake-ups and the launch decisions. Built once per template from its settings,
 * which stay pure configuration.
 */
final class RaceRuntime {

	private final RaceSettings settings;

	private final TimerQueue timers;

	private final LaunchPolicy policy;

	RaceRuntime(RaceSettings settings) {
		this.settings = settings;
		this.timers = new TimerQueue(settings.scheduler(), settings.launchExecutor(), settings.ticker());
		this.policy = LaunchPolicy.of(settings);
	}

	RaceSettings settings() {
		return this.settings;
	}

	TimerQueue timers() {
		return this.timers;
	}

	LaunchPolicy policy() {
		return this.policy;
	}

	/**
	 * Run the work on the launch executor, or here if that executor cannot take it, so
	 * that it is never lost.
	 * @param work the work
	 */
	void handOff(Runnable work) {
		this.timers.handOff(work);
	}

}
