package site.js0.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The immutable settings of a {@link RaceTemplate}: when attempts are launched, how
 * outcomes are classified, and where the work runs. Create with {@link #builder()},
 * derive with {@link #mutate()}; every value is checked once, by {@link Builder#build()},
 * which names the offending setting and the accepted range.
 *
 * <p>
 * Defaults: {@code step} 500 ms (the seed crate's value), {@code maxAttempts} 3 (the
 * original call and two hedges), no deadline, failures advance the schedule, losers are
 * cancelled, every returned value is a success, no exception aborts, the shared daemon
 * scheduler and executor of the library.
 */
public final class RaceSettings {

	/**
	 * The value of {@link #maxAttempts()} that launches as many attempts as there are
	 * arguments.
	 */
	public static final int UNLIMITED_ATTEMPTS = Integer.MAX_VALUE;

	/** The default {@link #step()}: 500 ms. */
	public static final Duration DEFAULT_STEP = Duration.ofMillis(500);

	/** The default {@link #maxAttempts()}: 3. */
	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	/** The default {@link #name()}: {@code "default"}. */
	public static final String DEFAULT_NAME = "default";

	/** The shortest window of the adaptive step and of the hedge budget. */
	static final Duration MIN_WINDOW = Duration.ofMillis(10);

	/** The longest window of the adaptive step and of the hedge budget. */
	static final Duration MAX_WINDOW = Duration.ofDays(1);

	private static final RaceSettings DEFAULTS = builder().build();

	private final String name;

	private final Duration step;

	private final long stepNanos;

	private final int maxAttempts;

	private final @Nullable Duration deadline;

	private final boolean failureAdvances;

	private final boolean fallback;

	private final boolean cancelLosers;

	private final Predicate<@Nullable Object> successPredicate;

	private final Predicate<Throwable> abortPredicate;

	private final @Nullable ScheduledExecutorService scheduler;

	private final @Nullable Executor executor;

	private final List<RaceListener> listeners;

	private final Ticker ticker;

	private final @Nullable Executor launchExecutor;

	private final Schedule schedule;

	private final @Nullable AdaptiveStep adaptiveStep;

	private final @Nullable HedgeBudget hedgeBudget;

	private final boolean shadow;

	private RaceSettings(Builder builder) {
		this.name = requireNonNull(builder.name, "name");
		if (this.name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		this.step = requireNonNull(builder.step, "step");
		if (this.step.isNegative()) {
			throw new IllegalArgumentException(
					"step must be zero or positive (zero launches every attempt at once), but was " + this.step);
		}
		this.stepNanos = Durations.saturatedNanos(this.step);
		if (builder.maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be between 1 and " + UNLIMITED_ATTEMPTS
					+ " (the original call plus hedges), but was " + builder.maxAttempts);
		}
		this.maxAttempts = builder.maxAttempts;
		this.deadline = builder.deadline;
		if (this.deadline != null && (this.deadline.isNegative() || this.deadline.isZero())) {
			throw new IllegalArgumentException("deadline must be positive, but was " + this.deadline);
		}
		this.failureAdvances = builder.failureAdvances;
		this.fallback = builder.fallback;
		this.cancelLosers = builder.cancelLosers;
		this.successPredicate = requireNonNull(builder.successPredicate, "successPredicate");
		this.abortPredicate = requireNonNull(builder.abortPredicate, "abortPredicate");
		this.scheduler = builder.scheduler;
		this.executor = builder.executor;
		for (int i = 0; i < builder.listeners.size(); i++) {
			requireNonNull(builder.listeners.get(i), "listeners[" + i + "]");
		}
		this.listeners = List.copyOf(builder.listeners);
		this.ticker = requireNonNull(builder.ticker, "ticker");
		this.launchExecutor = builder.launchExecutor;
		this.schedule = requireNonNull(builder.schedule, "schedule");
		this.adaptiveStep = builder.adaptiveStep;
		if (this.adaptiveStep != null) {
			check(this.adaptiveStep);
		}
		this.hedgeBudget = builder.hedgeBudget;
		if (this.hedgeBudget != null) {
			check(this.hedgeBudget);
		}
		this.shadow = builder.shadow;
	}

	private static void check(AdaptiveStep adaptive) {
		double percentile = adaptive.percentile();
		if (!(percentile > 0 && percentile < 100)) {
			throw new IllegalArgumentException(
					"adaptiveStep.percentile must be greater than 0 and less than 100, but was " + percentile);
		}
		if (adaptive.minSamples() < 1) {
			throw new IllegalArgumentException(
					"adaptiveStep.minSamples must be at least 1, but was " + adaptive.minSamples());
		}
		Duration min = requireNonNull(adaptive.minStep(), "adaptiveStep.minStep");
		Duration max = requireNonNull(adaptive.maxStep(), "adaptiveStep.maxStep");
		if (min.isNegative()) {
			throw new IllegalArgumentException("adaptiveStep.minStep must be zero or positive, but was " + min);
		}
		if (max.compareTo(min) < 0) {
			throw new IllegalArgumentException(
					"adaptiveStep.maxStep must be at least adaptiveStep.minStep (" + min + "), but was " + max);
		}
		checkWindow("adaptiveStep.window", adaptive.window());
	}

	private static void check(HedgeBudget budget) {
		if (!(budget.ratio() >= 0) || Double.isInfinite(budget.ratio())) {
			throw new IllegalArgumentException(
					"hedgeBudget.ratio must be a finite number of at least 0, but was " + budget.ratio());
		}
		if (!(budget.minPerSecond() >= 0) || Double.isInfinite(budget.minPerSecond())) {
			throw new IllegalArgumentException(
					"hedgeBudget.minPerSecond must be a finite number of at least 0, but was " + budget.minPerSecond());
		}
		checkWindow("hedgeBudget.window", budget.window());
	}

	private static void checkWindow(String setting, @Nullable Duration value) {
		Duration window = requireNonNull(value, setting);
		if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
			throw new IllegalArgumentException(
					setting + " must be between " + MIN_WINDOW + " and " + MAX_WINDOW + ", but was " + window);
		}
	}

	private static <T> T requireNonNull(@Nullable T value, String setting) {
		return Objects.requireNonNull(value, () -> setting + " must not be null");
	}

	/**
	 * Return a builder initialised with the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the default settings.
	 * @return the default settings
	 */
	public static RaceSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a builder initialised with these settings, to derive other settings from
	 * them.
	 * @return a new builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * Return the name of the race, used in messages, and as a metric tag by the Spring
	 * Boot starter.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the delay between launches: attempt {@code k} is launched no earlier than
	 * {@code k * step} after the race starts, unless a failure advances the schedule.
	 * Zero launches every attempt at once.
	 * @return the step
	 */
	public Duration step() {
		return this.step;
	}

	long stepNanos() {
		return this.stepNanos;
	}

	/**
	 * Return the maximum number of attempts per race, the original call included.
	 * @return the maximum number of attempts
	 */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Return the overall deadline of a race, if any. When it passes, in-flight attempts
	 * are cancelled and the race fails with a {@link RaceTimeoutException}.
	 * @return the deadline, or empty
	 */
	public Optional<Duration> deadline() {
		return Optional.ofNullable(this.deadline);
	}

	@Nullable Duration deadlineOrNull() {
		return this.deadline;
	}

	/**
	 * Return whether a failed attempt launches the next one at once instead of waiting
	 * for its turn; the attempts after it then fall due as the {@link #schedule()} says
	 * (on the grid for {@link Schedule#ABSOLUTE}, a step after that launch for
	 * {@link Schedule#RELATIVE}). {@code false} keeps the strict schedule
	 * ({@code k * step} after the start) for rate limiting.
	 * @return whether failures advance the schedule
	 */
	public boolean failureAdvances() {
		return this.failureAdvances;
	}

	/**
	 * Return whether the race runs in fallback mode: the next attempt is launched only
	 * when the previous one failed, never on a timer; {@link #step()} is then unused.
	 * @return whether fallback mode is on
	 */
	public boolean fallback() {
		return this.fallback;
	}

	/**
	 * Return whether in-flight losers are cancelled once a first-success race is decided.
	 * When {@code false}, they run to their end and are reported as
	 * {@link AttemptStatus#LOST}.
	 * @return whether losers are cancelled
	 */
	public boolean cancelLosers() {
		return this.cancelLosers;
	}

	/**
	 * Return the predicate that decides whether a returned value counts as a success. A
	 * rejected value is a failure of its attempt (an
	 * {@link UnsuccessfulResultException}).
	 * @return the success predicate
	 */
	public Predicate<@Nullable Object> successPredicate() {
		return this.successPredicate;
	}

	/**
	 * Return the predicate that marks exceptions as non-retryable: such a failure ends
	 * the whole race at once with a {@link RaceAbortedException}.
	 * @return the abort predicate
	 */
	public Predicate<Throwable> abortPredicate() {
		return this.abortPredicate;
	}

	/**
	 * Return the scheduler that times launches and the deadline: the one set, or the
	 * library's shared single-thread daemon scheduler. It only ever runs the library's
	 * own short timer tasks.
	 * @return the scheduler
	 */
	public ScheduledExecutorService scheduler() {
		ScheduledExecutorService scheduler = this.scheduler;
		return (scheduler != null) ? scheduler : RaceExecutors.scheduler();
	}

	/**
	 * Return the executor that runs blocking tasks: the one set, or the library's shared
	 * daemon executor (a virtual thread per task on Java 21 and later, a cached pool of
	 * platform threads before).
	 * @return the executor
	 */
	public Executor executor() {
		Executor executor = this.executor;
		return (executor != null) ? executor : RaceExecutors.executor();
	}

	/**
	 * Return the listeners notified of every race, in order.
	 * @return an immutable list of listeners
	 */
	public List<RaceListener> listeners() {
		return this.listeners;
	}

	/**
	 * Return the executor on which hedges that fall due on the timer are launched, and
	 * races that the deadline decided are finished: the library's own, never the executor
	 * of the attempts, so that an executor busy with the attempts never holds back their
	 * hedges.
	 * @return the launch executor
	 */
	Executor launchExecutor() {
		Executor launchExecutor = this.launchExecutor;
		return (launchExecutor != null) ? launchExecutor : RaceExecutors.executor();
	}

	/**
	 * Return the time source.
	 * @return the ticker
	 */
	public Ticker ticker() {
		return this.ticker;
	}

	/**
	 * Return how the timed launches are placed: on a grid from the start, or a step after
	 * the previous launch.
	 * @return the schedule
	 */
	public Schedule schedule() {
		return this.schedule;
	}

	/**
	 * Return the adaptive step, if the step follows recent latencies rather than
	 * {@link #step()}; {@link #step()} then applies only until the template has seen
	 * enough of them.
	 * @return the adaptive step, or empty for a fixed step
	 */
	public Optional<AdaptiveStep> adaptiveStep() {
		return Optional.ofNullable(this.adaptiveStep);
	}

	@Nullable AdaptiveStep adaptiveStepOrNull() {
		return this.adaptiveStep;
	}

	/**
	 * Return the hedge budget, if extra attempts are capped.
	 * @return the hedge budget, or empty for no cap
	 */
	public Optional<HedgeBudget> hedgeBudget() {
		return Optional.ofNullable(this.hedgeBudget);
	}

	@Nullable HedgeBudget hedgeBudgetOrNull() {
		return this.hedgeBudget;
	}

	/**
	 * Return whether shadow mode is on: no hedge is launched on the timer, but each race
	 * reports when one would have been launched and whether it would likely have helped
	 * ({@link RaceListener#onShadowHedge}). A failure still launches the next attempt, as
	 * in fallback mode.
	 * @return whether shadow mode is on
	 */
	public boolean shadow() {
		return this.shadow;
	}

	@Override
	public String toString() {
		return "RaceSettings[name=" + this.name + ", step=" + this.step + ", maxAttempts=" + this.maxAttempts
				+ ", deadline=" + this.deadline + ", failureAdvances=" + this.failureAdvances + ", fallback="
				+ this.fallback + ", cancelLosers=" + this.cancelLosers + ", schedule=" + this.schedule
				+ ", adaptiveStep=" + this.adaptiveStep + ", hedgeBudget=" + this.hedgeBudget + ", shadow="
				+ this.shadow + ", listeners=" + this.listeners.size() + "]";
	}

	/**
	 * A mutable builder of {@link RaceSettings}. Setters only record values;
	 * {@link #build()} checks them all. Not thread-safe.
	 */
	public static final class Builder {

		private String name = DEFAULT_NAME;

		private Duration step = DEFAULT_STEP;

		private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

		private @Nullable Duration deadline;

		private boolean failureAdvances = true;

		private boolean fallback;

		private boolean cancelLosers = true;

		private Predicate<@Nullable Object> successPredicate = (value) -> true;

		private Predicate<Throwable> abortPredicate = (ex) -> false;

		private @Nullable ScheduledExecutorService scheduler;

		private @Nullable Executor executor;

		private final List<RaceListener> listeners = new ArrayList<>();

		private Ticker ticker = Ticker.system();

		private @Nullable Executor launchExecutor;

		private Schedule schedule = Schedule.ABSOLUTE;

		private @Nullable AdaptiveStep adaptiveStep;

		private @Nullable HedgeBudget hedgeBudget = HedgeBudget.defaults();

		private boolean shadow;

		private Builder() {
		}

		private Builder(RaceSettings settings) {
			this.name = settings.name;
			this.step = settings.step;
			this.maxAttempts = settings.maxAttempts;
			this.deadline = settings.deadline;
			this.failureAdvances = settings.failureAdvances;
			this.fallback = settings.fallback;
			this.cancelLosers = settings.cancelLosers;
			this.successPredicate = settings.successPredicate;
			this.abortPredicate = settings.abortPredicate;
			this.scheduler = settings.scheduler;
			this.executor = settings.executor;
			this.listeners.addAll(settings.listeners);
			this.ticker = settings.ticker;
			this.launchExecutor = settings.launchExecutor;
			this.schedule = settings.schedule;
			this.adaptiveStep = settings.adaptiveStep;
			this.hedgeBudget = settings.hedgeBudget;
			this.shadow = settings.shadow;
		}

		/**
		 * Set the race name, used in messages and metric tags. Default {@code "default"}.
		 * @param name a non-blank name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Set the delay between launches; zero launches every attempt at once. Default
		 * 500 ms.
		 * @param step zero or a positive duration
		 * @return this builder
		 */
		public Builder step(Duration step) {
			this.step = step;
			return this;
		}

		/**
		 * Set the maximum number of attempts per race, the original call included.
		 * Default 3.
		 * @param maxAttempts at least 1; {@link RaceSettings#UNLIMITED_ATTEMPTS} for as
		 * many as there are arguments
		 * @return this builder
		 */
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Set the overall deadline of a race. Default none.
		 * @param deadline a positive duration
		 * @return this builder
		 */
		public Builder deadline(Duration deadline) {
			this.deadline = Objects.requireNonNull(deadline, "deadline must not be null (use noDeadline())");
			return this;
		}

		/**
		 * Remove the deadline.
		 * @return this builder
		 */
		public Builder noDeadline() {
			this.deadline = null;
			return this;
		}

		/**
		 * Set whether a failed attempt launches the next one at once. Default
		 * {@code true}.
		 * @param failureAdvances whether failures advance the schedule
		 * @return this builder
		 */
		public Builder failureAdvances(boolean failureAdvances) {
			this.failureAdvances = failureAdvances;
			return this;
		}

		/**
		 * Set whether the next attempt is launched only when the previous one failed.
		 * Default {@code false}.
		 * @param fallback whether to run in fallback mode
		 * @return this builder
		 */
		public Builder fallback(boolean fallback) {
			this.fallback = fallback;
			return this;
		}

		/**
		 * Set whether in-flight losers are cancelled once the race is decided. Default
		 * {@code true}.
		 * @param cancelLosers whether to cancel losers
		 * @return this builder
		 */
		public Builder cancelLosers(boolean cancelLosers) {
			this.cancelLosers = cancelLosers;
			return this;
		}

		/**
		 * Set the predicate that decides whether a returned value counts as a success.
		 * Default: every value.
		 * @param successPredicate the predicate; it must be thread-safe and fast
		 * @return this builder
		 */
		public Builder successPredicate(Predicate<@Nullable Object> successPredicate) {
			this.successPredicate = successPredicate;
			return this;
		}

		/**
		 * Set the predicate that marks exceptions as non-retryable, replacing any set
		 * before. Default: none.
		 * @param abortPredicate the predicate; it must be thread-safe and fast
		 * @return this builder
		 */
		public Builder abortPredicate(Predicate<Throwable> abortPredicate) {
			this.abortPredicate = abortPredicate;
			return this;
		}

		/**
		 * Also abort the race on exceptions of the given types (or their subtypes).
		 * @param types the exception types
		 * @return this builder
		 */
		@SafeVarargs
		public final Builder abortOn(Class<? extends Throwable>... types) {
			RaceRules<Object> rules = RaceRules.any().abortWhen(this.abortPredicate).abortOn(types);
			this.abortPredicate = rules::isAbort;
			return this;
		}

		/**
		 * Set the scheduler that times launches and deadlines. It is used as given, never
		 * reconfigured: each template keeps its races' wake-ups in a queue of its own and
		 * arms only the scheduler task for the earliest, so a scheduler without
		 * remove-on-cancel collects no dead timers. It never runs user code. Default: the
		 * library's shared daemon scheduler.
		 * @param scheduler the scheduler
		 * @return this builder
		 */
		public Builder scheduler(ScheduledExecutorService scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
			return this;
		}

		/**
		 * Set the executor that runs blocking tasks. Hedges are not launched on it: a
		 * busy or caller-runs executor never holds back a hedge or the deadline. An
		 * attempt it refuses, or drops on {@code shutdownNow}, is that attempt's failure.
		 * Default: the library's shared daemon executor.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.executor = Objects.requireNonNull(executor, "executor must not be null");
			return this;
		}

		/**
		 * Add a listener.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(RaceListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
			return this;
		}

		/**
		 * Replace the listeners.
		 * @param listeners the listeners
		 * @return this builder
		 */
		public Builder listeners(List<? extends RaceListener> listeners) {
			Objects.requireNonNull(listeners, "listeners must not be null");
			this.listeners.clear();
			this.listeners.addAll(listeners);
			return this;
		}

		/**
		 * Set the executor that launches hedges falling due on the timer and finishes
		 * races their deadline decided; for tests on virtual time. Default: the library's
		 * shared executor.
		 * @param launchExecutor the launch executor
		 * @return this builder
		 */
		Builder launchExecutor(Executor launchExecutor) {
			this.launchExecutor = Objects.requireNonNull(launchExecutor, "launchExecutor must not be null");
			return this;
		}

		/**
		 * Set the time source. Default {@link Ticker#system()}.
		 * @param ticker the ticker
		 * @return this builder
		 */
		public Builder ticker(Ticker ticker) {
			this.ticker = Objects.requireNonNull(ticker, "ticker must not be null");
			return this;
		}

		/**
		 * Set how timed launches are placed. Default {@link Schedule#ABSOLUTE}.
		 * @param schedule the schedule
		 * @return this builder
		 */
		public Builder schedule(Schedule schedule) {
			this.schedule = Objects.requireNonNull(schedule, "schedule must not be null");
			return this;
		}

		/**
		 * Make the step follow a percentile of recent latencies; {@link #step(Duration)}
		 * then applies only while the template warms up. Default: a fixed step.
		 * @param adaptiveStep the adaptive step, for example
		 * {@code AdaptiveStep.defaults()}
		 * @return this builder
		 */
		public Builder adaptiveStep(AdaptiveStep adaptiveStep) {
			this.adaptiveStep = Objects.requireNonNull(adaptiveStep, "adaptiveStep must not be null");
			return this;
		}

		/**
		 * Use the fixed {@link #step(Duration)}, dropping any adaptive step.
		 * @return this builder
		 */
		public Builder fixedStep() {
			this.adaptiveStep = null;
			return this;
		}

		/**
		 * Cap the extra attempts of the template's races. Default
		 * {@link HedgeBudget#defaults()}.
		 * @param hedgeBudget the budget
		 * @return this builder
		 */
		public Builder hedgeBudget(HedgeBudget hedgeBudget) {
			this.hedgeBudget = Objects.requireNonNull(hedgeBudget, "hedgeBudget must not be null");
			return this;
		}

		/**
		 * Launch extra attempts without a cap.
		 * @return this builder
		 */
		public Builder noHedgeBudget() {
			this.hedgeBudget = null;
			return this;
		}

		/**
		 * Set whether shadow mode is on: no hedge on the timer, but reports of those that
		 * would have been launched. Default {@code false}.
		 * @param shadow whether shadow mode is on
		 * @return this builder
		 */
		public Builder shadow(boolean shadow) {
			this.shadow = shadow;
			return this;
		}

		/**
		 * Check every value and build the settings.
		 * @return the settings
		 * @throws NullPointerException if a required value is {@code null}, naming it
		 * @throws IllegalArgumentException if a value is out of range, naming it and the
		 * range
		 */
		public RaceSettings build() {
			return new RaceSettings(this);
		}

	}

	/**
	 * Where timed launches fall. A failure that advances the schedule
	 * ({@link RaceSettings#failureAdvances()}) launches the next attempt at once in both.
	 */
	public enum Schedule {

		/**
		 * Attempt {@code k} falls due {@code k} steps after the start, as in the seed
		 * crate; an attempt that a failure launched early does not move the ones after
		 * it. A late timer does not delay the attempts after it either.
		 */
		ABSOLUTE,

		/**
		 * Each attempt falls due one step after the previous launch, whether the clock or
		 * a failure launched it: every attempt gets a full step alone before the next
		 * one.
		 */
		RELATIVE

	}

	/**
	 * A step that follows the latencies of the template's own races: the
	 * {@code percentile}-th percentile of the successful primary attempts of the last
	 * {@code window}, clamped to {@code [minStep, maxStep]}, recomputed once every tenth
	 * of the window. Until the window holds {@code minSamples} latencies the fixed
	 * {@link RaceSettings#step()} applies. Values are checked by
	 * {@link RaceSettings.Builder#build()}.
	 *
	 * @param percentile the percentile of recent latencies to hedge at, greater than 0
	 * and less than 100; default 95, the paper's rule of thumb, which bounds the extra
	 * load of one hedge to about 5 %
	 * @param minSamples the latencies the window must hold before the percentile is used,
	 * at least 1; default 100, so that the 95th percentile rests on at least 5 samples
	 * above it
	 * @param minStep the shortest step, zero or more; default 1 ms, so that a window of
	 * cache hits does not hedge every call
	 * @param maxStep the longest step, at least {@code minStep}; default 30 s
	 * @param window how far back latencies count, from 10 ms to a day; default 10 s, long
	 * enough for a stable percentile at a few tens of calls per second, short enough to
	 * follow an outage within seconds
	 */
	public record AdaptiveStep(double percentile, int minSamples, Duration minStep, Duration maxStep, Duration window) {

		private static final AdaptiveStep DEFAULTS = new AdaptiveStep(95, 100, Duration.ofMillis(1),
				Duration.ofSeconds(30), Duration.ofSeconds(10));

		/**
		 * Return the defaults: the 95th percentile of the last 10 s, after 100 samples,
		 * between 1 ms and 30 s.
		 * @return the defaults
		 */
		public static AdaptiveStep defaults() {
			return DEFAULTS;
		}

		/**
		 * Return a copy with another percentile.
		 * @param percentile the percentile, greater than 0 and less than 100
		 * @return the copy
		 */
		public AdaptiveStep withPercentile(double percentile) {
			return new AdaptiveStep(percentile, this.minSamples, this.minStep, this.maxStep, this.window);
		}

		/**
		 * Return a copy with another minimum number of samples.
		 * @param minSamples at least 1
		 * @return the copy
		 */
		public AdaptiveStep withMinSamples(int minSamples) {
			return new AdaptiveStep(this.percentile, minSamples, this.minStep, this.maxStep, this.window);
		}

		/**
		 * Return a copy with other clamps.
		 * @param minStep the shortest step
		 * @param maxStep the longest step, at least {@code minStep}
		 * @return the copy
		 */
		public AdaptiveStep withClamps(Duration minStep, Duration maxStep) {
			return new AdaptiveStep(this.percentile, this.minSamples, minStep, maxStep, this.window);
		}

		/**
		 * Return a copy with another window.
		 * @param window from 10 ms to a day
		 * @return the copy
		 */
		public AdaptiveStep withWindow(Duration window) {
			return new AdaptiveStep(this.percentile, this.minSamples, this.minStep, this.maxStep, window);
		}

	}

	/**
	 * A cap on the extra attempts of a template's races (hedges, and attempts a failure
	 * launches): over the last {@code window}, at most {@code ratio} extra attempts per
	 * primary attempt, plus {@code minPerSecond} per second of the window, so that a
	 * quiet service can still hedge. When the budget is spent, a race launches nothing
	 * more: the attempts in flight go on, and nothing is ever cancelled for the budget.
	 * Values are checked by {@link RaceSettings.Builder#build()}.
	 *
	 * @param ratio the extra attempts allowed per primary, a finite number of at least 0;
	 * default 0.1: twice the 5 % that hedging at the 95th percentile costs, so that
	 * steady hedging never meets the cap while a hedge storm is cut to a tenth of the
	 * traffic
	 * @param minPerSecond the extra attempts allowed per second whatever the traffic, at
	 * least 0; default 10
	 * @param window how far back primaries and extras count, from 10 ms to a day; default
	 * 10 s
	 * @param includeStreams whether stream races (the rate-limited use, where every
	 * attempt is wanted) draw on the budget too; default {@code false}
	 */
	public record HedgeBudget(double ratio, double minPerSecond, Duration window, boolean includeStreams) {

		private static final HedgeBudget DEFAULTS = new HedgeBudget(0.1, 10, Duration.ofSeconds(10), false);

		/**
		 * Return the defaults: 10 % of primaries plus 10 per second over 10 s, streams
		 * excluded.
		 * @return the defaults
		 */
		public static HedgeBudget defaults() {
			return DEFAULTS;
		}

		/**
		 * Return a copy with another ratio.
		 * @param ratio at least 0
		 * @return the copy
		 */
		public HedgeBudget withRatio(double ratio) {
			return new HedgeBudget(ratio, this.minPerSecond, this.window, this.includeStreams);
		}

		/**
		 * Return a copy with another minimum per second.
		 * @param minPerSecond at least 0
		 * @return the copy
		 */
		public HedgeBudget withMinPerSecond(double minPerSecond) {
			return new HedgeBudget(this.ratio, minPerSecond, this.window, this.includeStreams);
		}

		/**
		 * Return a copy with another window.
		 * @param window from 10 ms to a day
		 * @return the copy
		 */
		public HedgeBudget withWindow(Duration window) {
			return new HedgeBudget(this.ratio, this.minPerSecond, window, this.includeStreams);
		}

		/**
		 * Return a copy that does or does not include stream races.
		 * @param includeStreams whether streams draw on the budget
		 * @return the copy
		 */
		public HedgeBudget withStreams(boolean includeStreams) {
			return new HedgeBudget(this.ratio, this.minPerSecond, this.window, includeStreams);
		}

	}

}
