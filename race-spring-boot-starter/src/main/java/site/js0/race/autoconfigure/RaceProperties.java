package site.js0.race.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import site.js0.race.RaceSettings;

/**
 * Configuration properties for races: the settings of the default template
 * ({@code race.*}), named instances that override some of them
 * ({@code race.instances.<name>.*}), and the threads, meters and shutdown behaviour
 * shared by all of them.
 *
 * <p>
 * Defaults follow race-core's {@link RaceSettings}: a 500 ms step, three attempts, no
 * deadline, failures advance the schedule, losers are cancelled. They are written as
 * literals rather than as references to {@link RaceSettings#DEFAULT_STEP} and
 * {@link RaceSettings#DEFAULT_MAX_ATTEMPTS} because the configuration processor can only
 * publish a literal default in the metadata; a test keeps them equal.
 */
@ConfigurationProperties("race")
public class RaceProperties {

	/**
	 * Delay between launches: attempt k starts k times this after the race, unless a
	 * failure advances it; zero launches every attempt at once.
	 */
	private Duration step = Duration.ofMillis(500);

	/**
	 * Maximum number of attempts per race, the original call included (2147483647 for as
	 * many as there are arguments).
	 */
	private int maxAttempts = 3;

	/**
	 * Overall deadline of a race, after which in-flight attempts are cancelled and the
	 * race fails with a timeout; unset for none.
	 */
	private @Nullable Duration deadline;

	/**
	 * Whether a failed attempt launches the next one at once instead of waiting for its
	 * turn.
	 */
	private boolean failureAdvances = true;

	/**
	 * Whether the next attempt is launched only after the previous one failed, never on a
	 * timer (the step is then unused).
	 */
	private boolean fallback = false;

	/**
	 * Whether in-flight losers are cancelled (interrupted) once the race is decided.
	 */
	private boolean cancelLosers = true;

	/**
	 * Named races that override some of the settings above, keyed by name; the name is
	 * also the race's metric tag.
	 */
	private Map<String, Instance> instances = new LinkedHashMap<>();

	private final Scheduler scheduler = new Scheduler();

	private final Executor executor = new Executor();

	private final Metrics metrics = new Metrics();

	private final Shutdown shutdown = new Shutdown();

	/**
	 * Return the value of {@code race.step}.
	 * @return the value
	 */
	public Duration getStep() {
		return this.step;
	}

	/**
	 * Set the value of {@code race.step}.
	 * @param step the value
	 */
	public void setStep(Duration step) {
		this.step = step;
	}

	/**
	 * Return the value of {@code race.max-attempts}.
	 * @return the value
	 */
	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Set the value of {@code race.max-attempts}.
	 * @param maxAttempts the value
	 */
	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	/**
	 * Return the value of {@code race.deadline}; {@code null} for none.
	 * @return the value
	 */
	public @Nullable Duration getDeadline() {
		return this.deadline;
	}

	/**
	 * Set the value of {@code race.deadline}.
	 * @param deadline the value
	 */
	public void setDeadline(@Nullable Duration deadline) {
		this.deadline = deadline;
	}

	/**
	 * Return the value of {@code race.failure-advances}.
	 * @return the value
	 */
	public boolean isFailureAdvances() {
		return this.failureAdvances;
	}

	/**
	 * Set the value of {@code race.failure-advances}.
	 * @param failureAdvances the value
	 */
	public void setFailureAdvances(boolean failureAdvances) {
		this.failureAdvances = failureAdvances;
	}

	/**
	 * Return the value of {@code race.fallback}.
	 * @return the value
	 */
	public boolean isFallback() {
		return this.fallback;
	}

	/**
	 * Set the value of {@code race.fallback}.
	 * @param fallback the value
	 */
	public void setFallback(boolean fallback) {
		this.fallback = fallback;
	}

	/**
	 * Return the value of {@code race.cancel-losers}.
	 * @return the value
	 */
	public boolean isCancelLosers() {
		return this.cancelLosers;
	}

	/**
	 * Set the value of {@code race.cancel-losers}.
	 * @param cancelLosers the value
	 */
	public void setCancelLosers(boolean cancelLosers) {
		this.cancelLosers = cancelLosers;
	}

	/**
	 * Return the named races of {@code race.instances}, keyed by name.
	 * @return the instances
	 */
	public Map<String, Instance> getInstances() {
		return this.instances;
	}

	/**
	 * Set the named races of {@code race.instances}.
	 * @param instances the instances keyed by name
	 */
	public void setInstances(Map<String, Instance> instances) {
		this.instances = instances;
	}

	/**
	 * Return the {@code race.scheduler.*} settings.
	 * @return the settings
	 */
	public Scheduler getScheduler() {
		return this.scheduler;
	}

	/**
	 * Return the {@code race.executor.*} settings.
	 * @return the settings
	 */
	public Executor getExecutor() {
		return this.executor;
	}

	/**
	 * Return the {@code race.metrics.*} settings.
	 * @return the settings
	 */
	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Return the {@code race.shutdown.*} settings.
	 * @return the settings
	 */
	public Shutdown getShutdown() {
		return this.shutdown;
	}

	/**
	 * The settings of one named race. Every value left unset is inherited from the
	 * top-level {@code race.*} value.
	 */
	public static class Instance {

		/**
		 * Delay between launches for this race; inherits race.step when unset.
		 */
		private @Nullable Duration step;

		/**
		 * Maximum number of attempts for this race; inherits race.max-attempts when
		 * unset.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Overall deadline of this race; inherits race.deadline when unset.
		 */
		private @Nullable Duration deadline;

		/**
		 * Whether a failed attempt launches the next one at once; inherits
		 * race.failure-advances when unset.
		 */
		private @Nullable Boolean failureAdvances;

		/**
		 * Whether this race runs in fallback mode; inherits race.fallback when unset.
		 */
		private @Nullable Boolean fallback;

		/**
		 * Whether in-flight losers of this race are cancelled; inherits
		 * race.cancel-losers when unset.
		 */
		private @Nullable Boolean cancelLosers;

		/**
		 * Return the value of {@code race.instances.<name>.step}, or {@code null} to
		 * inherit it.
		 * @return the value
		 */
		public @Nullable Duration getStep() {
			return this.step;
		}

		/**
		 * Set the value of {@code race.instances.<name>.step}.
		 * @param step the value
		 */
		public void setStep(@Nullable Duration step) {
			this.step = step;
		}

		/**
		 * Return the value of {@code race.instances.<name>.max-attempts}, or {@code null}
		 * to inherit it.
		 * @return the value
		 */
		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		/**
		 * Set the value of {@code race.instances.<name>.max-attempts}.
		 * @param maxAttempts the value
		 */
		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		/**
		 * Return the value of {@code race.instances.<name>.deadline}, or {@code null} to
		 * inherit it.
		 * @return the value
		 */
		public @Nullable Duration getDeadline() {
			return this.deadline;
		}

		/**
		 * Set the value of {@code race.instances.<name>.deadline}.
		 * @param deadline the value
		 */
		public void setDeadline(@Nullable Duration deadline) {
			this.deadline = deadline;
		}

		/**
		 * Return the value of {@code race.instances.<name>.failure-advances}, or
		 * {@code null} to inherit it.
		 * @return the value
		 */
		public @Nullable Boolean getFailureAdvances() {
			return this.failureAdvances;
		}

		/**
		 * Set the value of {@code race.instances.<name>.failure-advances}.
		 * @param failureAdvances the value
		 */
		public void setFailureAdvances(@Nullable Boolean failureAdvances) {
			this.failureAdvances = failureAdvances;
		}

		/**
		 * Return the value of {@code race.instances.<name>.fallback}, or {@code null} to
		 * inherit it.
		 * @return the value
		 */
		public @Nullable Boolean getFallback() {
			return this.fallback;
		}

		/**
		 * Set the value of {@code race.instances.<name>.fallback}.
		 * @param fallback the value
		 */
		public void setFallback(@Nullable Boolean fallback) {
			this.fallback = fallback;
		}

		/**
		 * Return the value of {@code race.instances.<name>.cancel-losers}, or
		 * {@code null} to inherit it.
		 * @return the value
		 */
		public @Nullable Boolean getCancelLosers() {
			return this.cancelLosers;
		}

		/**
		 * Set the value of {@code race.instances.<name>.cancel-losers}.
		 * @param cancelLosers the value
		 */
		public void setCancelLosers(@Nullable Boolean cancelLosers) {
			this.cancelLosers = cancelLosers;
		}

	}

	/**
	 * The scheduler that times launches and deadlines. It only runs the library's short
	 * timer tasks, never user code.
	 */
	public static class Scheduler {

		/**
		 * Number of scheduler threads; one is enough for thousands of races per second
		 * since they only launch work.
		 */
		private int poolSize = 1;

		/**
		 * Prefix of the scheduler's thread names.
		 */
		private String threadNamePrefix = "race-scheduler-";

		/**
		 * Return the value of {@code race.scheduler.pool-size}.
		 * @return the value
		 */
		public int getPoolSize() {
			return this.poolSize;
		}

		/**
		 * Set the value of {@code race.scheduler.pool-size}.
		 * @param poolSize the value
		 */
		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

		/**
		 * Return the value of {@code race.scheduler.thread-name-prefix}.
		 * @return the value
		 */
		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		/**
		 * Set the value of {@code race.scheduler.thread-name-prefix}.
		 * @param threadNamePrefix the value
		 */
		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

	}

	/**
	 * The executor that runs blocking tasks and launches hedges: a virtual thread per
	 * task when spring.threads.virtual.enabled is true on Java 21 and later, otherwise a
	 * pool of platform threads that grows on demand so that a hedge never waits in a
	 * queue behind the call it hedges.
	 */
	public static class Executor {

		/**
		 * Prefix of the executor's thread names.
		 */
		private String threadNamePrefix = "race-executor-";

		// A literal, not Integer.MAX_VALUE, so that the configuration processor publishes
		// it.
		/**
		 * Maximum number of platform threads; an attempt that finds them all busy is
		 * rejected and counts as failed rather than waiting. Ignored for virtual threads.
		 */
		private int maxPoolSize = 2147483647;

		/**
		 * Time an idle platform thread is kept before it ends, applied exactly
		 * (sub-second values included); zero ends it as soon as it has no task.
		 */
		private Duration keepAlive = Duration.ofSeconds(60);

		/**
		 * Return the value of {@code race.executor.thread-name-prefix}.
		 * @return the value
		 */
		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		/**
		 * Set the value of {@code race.executor.thread-name-prefix}.
		 * @param threadNamePrefix the value
		 */
		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

		/**
		 * Return the value of {@code race.executor.max-pool-size}.
		 * @return the value
		 */
		public int getMaxPoolSize() {
			return this.maxPoolSize;
		}

		/**
		 * Set the value of {@code race.executor.max-pool-size}.
		 * @param maxPoolSize the value
		 */
		public void setMaxPoolSize(int maxPoolSize) {
			this.maxPoolSize = maxPoolSize;
		}

		/**
		 * Return the value of {@code race.executor.keep-alive}.
		 * @return the value
		 */
		public Duration getKeepAlive() {
			return this.keepAlive;
		}

		/**
		 * Set the value of {@code race.executor.keep-alive}.
		 * @param keepAlive the value
		 */
		public void setKeepAlive(Duration keepAlive) {
			this.keepAlive = keepAlive;
		}

	}

	/**
	 * The Micrometer meters, published when the application has a MeterRegistry.
	 */
	public static class Metrics {

		/**
		 * Whether race meters are published to the application's MeterRegistry.
		 */
		private boolean enabled = true;

		/**
		 * Percentiles of race.duration and race.attempt.duration computed in the
		 * application (for example 0.5, 0.95, 0.99); none by default, as they cannot be
		 * aggregated across instances.
		 */
		private List<Double> percentiles = new ArrayList<>();

		/**
		 * Whether race.duration and race.attempt.duration publish a percentile histogram,
		 * for percentiles aggregated by the monitoring system.
		 */
		private boolean histogram = false;

		/**
		 * Return the value of {@code race.metrics.enabled}.
		 * @return the value
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set the value of {@code race.metrics.enabled}.
		 * @param enabled the value
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the value of {@code race.metrics.percentiles}.
		 * @return the value
		 */
		public List<Double> getPercentiles() {
			return this.percentiles;
		}

		/**
		 * Set the value of {@code race.metrics.percentiles}.
		 * @param percentiles the value
		 */
		public void setPercentiles(List<Double> percentiles) {
			this.percentiles = percentiles;
		}

		/**
		 * Return the value of {@code race.metrics.histogram}.
		 * @return the value
		 */
		public boolean isHistogram() {
			return this.histogram;
		}

		/**
		 * Set the value of {@code race.metrics.histogram}.
		 * @param histogram the value
		 */
		public void setHistogram(boolean histogram) {
			this.histogram = histogram;
		}

	}

	/**
	 * What happens when the application context closes: races in flight are cancelled,
	 * then the scheduler and executor shut down.
	 */
	public static class Shutdown {

		/**
		 * Maximum time to wait for the scheduler's and executor's threads to end once
		 * races have been cancelled.
		 */
		private Duration awaitTermination = Duration.ofSeconds(10);

		/**
		 * Return the value of {@code race.shutdown.await-termination}.
		 * @return the value
		 */
		public Duration getAwaitTermination() {
			return this.awaitTermination;
		}

		/**
		 * Set the value of {@code race.shutdown.await-termination}.
		 * @param awaitTermination the value
		 */
		public void setAwaitTermination(Duration awaitTermination) {
			this.awaitTermination = awaitTermination;
		}

	}

}
