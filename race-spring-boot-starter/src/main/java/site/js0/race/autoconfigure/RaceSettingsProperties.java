package site.js0.race.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import site.js0.race.RaceSettings;

/**
 * The settings of one race, written once and used twice: for the default template
 * ({@code race.*}, through {@link RaceProperties}) and for each named instance
 * ({@code race.instances.<name>.*}). A value left unset is inherited: an instance's from
 * {@code race.*}, and a {@code race.*} one from race-core's {@link RaceSettings}
 * defaults, so that the library has one set of defaults. The values are checked, with the
 * property that set each, by {@link RaceSettingsResolver}.
 */
public class RaceSettingsProperties {

	/**
	 * Delay between launches: with the absolute schedule attempt k starts k steps after
	 * the race, unless a failure advances it; zero launches every attempt at once. With
	 * the adaptive step on, the step used until enough latencies are known. Default
	 * 500ms.
	 */
	private @Nullable Duration step;

	/**
	 * Maximum number of attempts per race, the original call included (2147483647 for as
	 * many as there are arguments). Default 3.
	 */
	private @Nullable Integer maxAttempts;

	/**
	 * Overall deadline of a race, after which in-flight attempts are cancelled and the
	 * race fails with a timeout. Default none.
	 */
	private @Nullable Duration deadline;

	/**
	 * Whether a failed attempt launches the next one at once instead of waiting for its
	 * turn. Default true.
	 */
	private @Nullable Boolean failureAdvances;

	/**
	 * Whether the next attempt is launched only after the previous one failed, never on a
	 * timer (the step is then unused). Default false.
	 */
	private @Nullable Boolean fallback;

	/**
	 * Whether in-flight losers are cancelled (interrupted) once the race is decided.
	 * Default true.
	 */
	private @Nullable Boolean cancelLosers;

	/**
	 * Where timed launches fall: 'absolute' (attempt k at k steps after the start, as in
	 * the seed crate; an attempt a failure launched early moves no other) or 'relative'
	 * (each a step after the previous launch). Default absolute.
	 */
	private RaceSettings.@Nullable Schedule schedule;

	/**
	 * Whether shadow mode is on: no hedge is launched on the timer, but the hedges that
	 * would have been are counted with whether they would likely have helped, to tune the
	 * step before hedging is switched on. Default false.
	 */
	private @Nullable Boolean shadow;

	private final Adaptive adaptive = new Adaptive();

	private final Budget budget = new Budget();

	private final Http http = new Http();

	public @Nullable Duration getStep() {
		return this.step;
	}

	public void setStep(@Nullable Duration step) {
		this.step = step;
	}

	public @Nullable Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(@Nullable Integer maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public @Nullable Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(@Nullable Duration deadline) {
		this.deadline = deadline;
	}

	public @Nullable Boolean getFailureAdvances() {
		return this.failureAdvances;
	}

	public void setFailureAdvances(@Nullable Boolean failureAdvances) {
		this.failureAdvances = failureAdvances;
	}

	public @Nullable Boolean getFallback() {
		return this.fallback;
	}

	public void setFallback(@Nullable Boolean fallback) {
		this.fallback = fallback;
	}

	public @Nullable Boolean getCancelLosers() {
		return this.cancelLosers;
	}

	public void setCancelLosers(@Nullable Boolean cancelLosers) {
		this.cancelLosers = cancelLosers;
	}

	public RaceSettings.@Nullable Schedule getSchedule() {
		return this.schedule;
	}

	public void setSchedule(RaceSettings.@Nullable Schedule schedule) {
		this.schedule = schedule;
	}

	public @Nullable Boolean getShadow() {
		return this.shadow;
	}

	public void setShadow(@Nullable Boolean shadow) {
		this.shadow = shadow;
	}

	public Adaptive getAdaptive() {
		return this.adaptive;
	}

	public Budget getBudget() {
		return this.budget;
	}

	public Http getHttp() {
		return this.http;
	}

	/**
	 * The adaptive step: hedge at a percentile of the template's recent latencies rather
	 * than after a fixed step.
	 */
	public static class Adaptive {

		/**
		 * Whether the step follows a percentile of recent latencies of the race's primary
		 * attempts instead of staying at 'step'. Default false.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Percentile of recent primary latencies to hedge at, greater than 0 and less
		 * than 100. Default 95 (the Tail-at-Scale rule of thumb: about 5 % extra load for
		 * one hedge).
		 */
		private @Nullable Double percentile;

		/**
		 * Latencies the window must hold before the percentile replaces 'step'. Default
		 * 100.
		 */
		private @Nullable Integer minSamples;

		/**
		 * Shortest adaptive step, so that a window of fast answers does not hedge every
		 * call. Default 1ms.
		 */
		private @Nullable Duration minStep;

		/**
		 * Longest adaptive step, at least min-step. Default 30s.
		 */
		private @Nullable Duration maxStep;

		/**
		 * How far back latencies count, from 10ms to 1d; the step is recomputed ten times
		 * per window. Default 10s.
		 */
		private @Nullable Duration window;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Double getPercentile() {
			return this.percentile;
		}

		public void setPercentile(@Nullable Double percentile) {
			this.percentile = percentile;
		}

		public @Nullable Integer getMinSamples() {
			return this.minSamples;
		}

		public void setMinSamples(@Nullable Integer minSamples) {
			this.minSamples = minSamples;
		}

		public @Nullable Duration getMinStep() {
			return this.minStep;
		}

		public void setMinStep(@Nullable Duration minStep) {
			this.minStep = minStep;
		}

		public @Nullable Duration getMaxStep() {
			return this.maxStep;
		}

		public void setMaxStep(@Nullable Duration maxStep) {
			this.maxStep = maxStep;
		}

		public @Nullable Duration getWindow() {
			return this.window;
		}

		public void setWindow(@Nullable Duration window) {
			this.window = window;
		}

	}

	/**
	 * The hedge budget: a cap on extra attempts, so that a backend that slows down as a
	 * whole is not hit by a hedge storm.
	 */
	public static class Budget {

		/**
		 * Whether extra attempts (hedges, and attempts a failure launches) are capped.
		 * Default true.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Extra attempts allowed per primary attempt over the window, 0 or more. Default
		 * 0.1 (twice the 5 % that hedging at the 95th percentile costs).
		 */
		private @Nullable Double ratio;

		/**
		 * Extra attempts allowed per second whatever the traffic, 0 or more, so that a
		 * quiet service can still hedge. Default 10.
		 */
		private @Nullable Double minPerSecond;

		/**
		 * How far back primaries and extra attempts count, from 10ms to 1d. Default 10s.
		 */
		private @Nullable Duration window;

		/**
		 * Whether stream races (the rate-limited use, where every attempt is wanted) draw
		 * on the budget too. Default false.
		 */
		private @Nullable Boolean streams;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Double getRatio() {
			return this.ratio;
		}

		public void setRatio(@Nullable Double ratio) {
			this.ratio = ratio;
		}

		public @Nullable Double getMinPerSecond() {
			return this.minPerSecond;
		}

		public void setMinPerSecond(@Nullable Double minPerSecond) {
			this.minPerSecond = minPerSecond;
		}

		public @Nullable Duration getWindow() {
			return this.window;
		}

		public void setWindow(@Nullable Duration window) {
			this.window = window;
		}

		public @Nullable Boolean getStreams() {
			return this.streams;
		}

		public void setStreams(@Nullable Boolean streams) {
			this.streams = streams;
		}

	}

	/**
	 * How a hedged HTTP client (RaceHttpClients.restClient(name), an HTTP service group)
	 * racing on these settings hedges its requests. Each key left unset is inherited from
	 * race.http.*, then from the library's defaults.
	 */
	public static class Http {

		/**
		 * HTTP methods whose requests are hedged (sent more than once); any other request
		 * is sent once. Default GET, HEAD and OPTIONS, the safe methods.
		 */
		private @Nullable List<String> methods;

		/**
		 * Absolute http or https URLs that attempts are routed across: attempt k goes to
		 * the k-th, wrapping round, with the request's path under it. Default none: every
		 * attempt goes to the request's own URL.
		 */
		private @Nullable List<URI> baseUrls;

		/**
		 * Name of the header that marks a hedge, its value the attempt's number (1 for
		 * the first hedge). Default Hedge-Attempt.
		 */
		private @Nullable String hedgeHeader;

		/**
		 * Response statuses that lose, so that the other attempts go on, on top of 5xx,
		 * 408 and 429.
		 */
		private @Nullable List<Integer> loseStatuses;

		/**
		 * Response statuses that abort: the race ends with that response and no further
		 * attempt is made, on top of the 4xx other than 408 and 429.
		 */
		private @Nullable List<Integer> abortStatuses;

		/**
		 * Response statuses that win, ending the race with that response, on top of 2xx
		 * and 3xx.
		 */
		private @Nullable List<Integer> winStatuses;

		public @Nullable List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(@Nullable List<String> methods) {
			this.methods = methods;
		}

		public @Nullable List<URI> getBaseUrls() {
			return this.baseUrls;
		}

		public void setBaseUrls(@Nullable List<URI> baseUrls) {
			this.baseUrls = baseUrls;
		}

		public @Nullable String getHedgeHeader() {
			return this.hedgeHeader;
		}

		public void setHedgeHeader(@Nullable String hedgeHeader) {
			this.hedgeHeader = hedgeHeader;
		}

		public @Nullable List<Integer> getLoseStatuses() {
			return this.loseStatuses;
		}

		public void setLoseStatuses(@Nullable List<Integer> loseStatuses) {
			this.loseStatuses = loseStatuses;
		}

		public @Nullable List<Integer> getAbortStatuses() {
			return this.abortStatuses;
		}

		public void setAbortStatuses(@Nullable List<Integer> abortStatuses) {
			this.abortStatuses = abortStatuses;
		}

		public @Nullable List<Integer> getWinStatuses() {
			return this.winStatuses;
		}

		public void setWinStatuses(@Nullable List<Integer> winStatuses) {
			this.winStatuses = winStatuses;
		}

	}

}
