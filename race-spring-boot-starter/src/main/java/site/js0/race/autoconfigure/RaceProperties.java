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
 * ({@code race.instances.<name>.*}), both of the one type {@link RaceSettingsProperties},
 * and the threads, meters and shutdown behaviour shared by all of them.
 *
 * <p>
 * A race setting left unset takes race-core's default ({@link RaceSettings#defaults()}),
 * so the library has one set of defaults; the configuration metadata publishes them (from
 * {@code additional-spring-configuration-metadata.json}, which a test keeps equal to
 * race-core's).
 */
@ConfigurationProperties("race")
public class RaceProperties extends RaceSettingsProperties {

	/**
	 * Named races that override some of the settings above, keyed by name; the name is
	 * also the race's metric tag.
	 */
	private Map<String, RaceSettingsProperties> instances = new LinkedHashMap<>();

	private final Scheduler scheduler = new Scheduler();

	private final Executor executor = new Executor();

	private final Metrics metrics = new Metrics();

	private final Shutdown shutdown = new Shutdown();

	private final RecentRaces recentRaces = new RecentRaces();

	private final Hedged hedged = new Hedged();

	private final Shedding shedding = new Shedding();

	public Map<String, RaceSettingsProperties> getInstances() {
		return this.instances;
	}

	public void setInstances(Map<String, RaceSettingsProperties> instances) {
		this.instances = instances;
	}

	public Scheduler getScheduler() {
		return this.scheduler;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public RecentRaces getRecentRaces() {
		return this.recentRaces;
	}

	public Hedged getHedged() {
		return this.hedged;
	}

	public Shedding getShedding() {
		return this.shedding;
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

		public int getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

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

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

		public int getMaxPoolSize() {
			return this.maxPoolSize;
		}

		public void setMaxPoolSize(int maxPoolSize) {
			this.maxPoolSize = maxPoolSize;
		}

		public Duration getKeepAlive() {
			return this.keepAlive;
		}

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

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<Double> getPercentiles() {
			return this.percentiles;
		}

		public void setPercentiles(List<Double> percentiles) {
			this.percentiles = percentiles;
		}

		public boolean isHistogram() {
			return this.histogram;
		}

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

		public Duration getAwaitTermination() {
			return this.awaitTermination;
		}

		public void setAwaitTermination(Duration awaitTermination) {
			this.awaitTermination = awaitTermination;
		}

	}

	/**
	 * The recent races kept for the {@code recentraces} actuator endpoint.
	 */
	public static class RecentRaces {

		/**
		 * Finished races kept per race name, with their attempt timelines.
		 */
		private int size = 20;

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

	}

	/**
	 * The {@code @Hedged} methods of the application's beans.
	 */
	public static class Hedged {

		/**
		 * Whether to hedge the calls of @Hedged methods. When false, they are not proxied
		 * and run once.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The server side of hedging: a filter of the application's own web server (Spring
	 * MVC or WebFlux) that answers requests marked as hedges with 503 and Retry-After
	 * once too many requests are in flight, so that hedges never push a busy server over.
	 */
	public static class Shedding {

		/**
		 * Whether the web server sheds requests marked as hedges once max-in-flight
		 * requests are in flight. Primaries are always served.
		 */
		private boolean enabled = false;

		/**
		 * Number of requests in flight (primaries and hedges) at or above which a request
		 * marked as a hedge is shed; required when shedding is enabled. For example the
		 * number of requests the server can work on at once.
		 */
		private @Nullable Integer maxInFlight;

		/**
		 * How long a shed client is told to wait, sent in the Retry-After header in whole
		 * seconds, rounded up.
		 */
		private @Nullable Duration retryAfter = Duration.ofSeconds(1);

		// A literal, not HedgeHeader.DEFAULT_NAME, so that the configuration processor
		// publishes it; a test keeps them equal.
		/**
		 * Name of the request header that marks a hedge: its value is the attempt number,
		 * 1 for the first hedge; primaries carry none.
		 */
		private @Nullable String header = "Hedge-Attempt";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(@Nullable Integer maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		public @Nullable Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(@Nullable Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		public @Nullable String getHeader() {
			return this.header;
		}

		public void setHeader(@Nullable String header) {
			this.header = header;
		}

	}

}
