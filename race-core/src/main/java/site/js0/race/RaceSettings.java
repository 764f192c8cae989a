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
	 * for its turn; the next step is then counted from that launch. {@code false} keeps
	 * the strict schedule ({@code k * step} after the start) for rate limiting.
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

	@Override
	public String toString() {
		return "RaceSettings[name=" + this.name + ", step=" + this.step + ", maxAttempts=" + this.maxAttempts
				+ ", deadline=" + this.deadline + ", failureAdvances=" + this.failureAdvances + ", fallback="
				+ this.fallback + ", cancelLosers=" + this.cancelLosers + ", listeners=" + this.listeners.size() + "]";
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

}
