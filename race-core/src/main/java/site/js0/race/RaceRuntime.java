package site.js0.race;

/**
 * The runtime state that a {@link RaceTemplate} shares among its races: the queue of
 * their wake-ups, the step (fixed, or learned from their latencies) and the hedge budget.
 * Built once per template from its settings, which stay pure configuration.
 */
final class RaceRuntime {

	private final RaceSettings settings;

	private final TimerQueue timers;

	private final StepSource step;

	/** Whether the clock launches attempts: not in fallback or shadow mode. */
	private final boolean timed;

	private final LaunchBudget budget;

	private final boolean budgetsStreams;

	RaceRuntime(RaceSettings settings) {
		this.settings = settings;
		this.timers = new TimerQueue(settings.scheduler(), settings.launchExecutor(), settings.ticker());
		long now = settings.ticker().read();
		this.step = StepSource.of(settings, this::handOff, now);
		this.timed = !settings.fallback() && !settings.shadow();
		this.budget = LaunchBudget.of(settings, now);
		this.budgetsStreams = settings.hedgeBudget().map(RaceSettings.HedgeBudget::includeStreams).orElse(false);
	}

	RaceSettings settings() {
		return this.settings;
	}

	TimerQueue timers() {
		return this.timers;
	}

	StepSource step() {
		return this.step;
	}

	/**
	 * Return how long after the previous due time the next attempt falls due, or
	 * {@link Long#MAX_VALUE} if the clock never launches one (fallback or shadow mode).
	 * @param nowNanos the current time of the ticker
	 * @return the delay in nanoseconds
	 */
	long delayNanos(long nowNanos) {
		return this.timed ? this.step.stepNanos(nowNanos) : Long.MAX_VALUE;
	}

	/**
	 * Return the budget that a race draws on: the template's, or none for a stream race
	 * when streams are outside it.
	 * @param stream whether the race is a stream
	 * @return the budget
	 */
	LaunchBudget budget(boolean stream) {
		return (stream && !this.budgetsStreams) ? LaunchBudget.UNLIMITED : this.budget;
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
