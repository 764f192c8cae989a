package site.js0.race.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

import site.js0.race.RaceSettings;

/**
 * Turns {@link RaceProperties} into the effective settings of each race, applying instance
 * inheritance, and checks every value against the range race-core accepts, so that a bad value
 * is reported with the property that set it rather than as a builder error.
 */
final class RaceSettingsResolver {

	private RaceSettingsResolver() {
	}

	/**
	 * Resolve and check the effective settings of every race, the default one first.
	 * @param properties the properties
	 * @return the settings keyed by race name, in declaration order
	 * @throws InvalidRacePropertyException if a value is out of range
	 */
	static Map<String, EffectiveSettings> resolve(RaceProperties properties) {
		checkShared(properties);
		Map<String, EffectiveSettings> resolved = new LinkedHashMap<>();
		resolved.put(RaceTemplates.DEFAULT_NAME, check(defaults(properties)));
		properties.getInstances().forEach((name, instance) -> {
			if (RaceTemplates.DEFAULT_NAME.equals(name)) {
				throw new InvalidRacePropertyException("race.instances." + name, name,
						"the name '" + name + "' is reserved for the race.* settings of the default template",
						"Set the default template's values directly under race.* (for example race.step), or rename"
								+ " race.instances." + name + ".");
			}
			resolved.put(name, check(inherit(properties, name, instance)));
		});
		return resolved;
	}

	/**
	 * Check the properties shared by every race: threads, meters and shutdown.
	 * @param properties the properties
	 * @throws InvalidRacePropertyException if a value is out of range
	 */
	static void checkShared(RaceProperties properties) {
		int poolSize = properties.getScheduler().getPoolSize();
		if (poolSize < 1) {
			throw new InvalidRacePropertyException("race.scheduler.pool-size", poolSize,
					"the scheduler needs at least 1 thread", "Set race.scheduler.pool-size to 1 or more; 1 is usually enough.");
		}
		int maxPoolSize = properties.getExecutor().getMaxPoolSize();
		if (maxPoolSize < 1) {
			throw new InvalidRacePropertyException("race.executor.max-pool-size", maxPoolSize,
					"the executor needs at least 1 thread",
					"Set race.executor.max-pool-size to 1 or more, or remove it for a pool that grows on demand.");
		}
		Duration keepAlive = properties.getExecutor().getKeepAlive();
		if (keepAlive.isNegative()) {
			throw new InvalidRacePropertyException("race.executor.keep-alive", print(keepAlive),
					"the keep-alive must be zero or positive", "Set race.executor.keep-alive to 0s or more, for example 60s.");
		}
		Duration await = properties.getShutdown().getAwaitTermination();
		if (await.isNegative()) {
			throw new InvalidRacePropertyException("race.shutdown.await-termination", print(await),
					"the time to wait must be zero (do not wait) or positive",
					"Set race.shutdown.await-termination to 0s or more, for example 10s.");
		}
		List<Double> percentiles = properties.getMetrics().getPercentiles();
		for (int i = 0; i < percentiles.size(); i++) {
			Double percentile = percentiles.get(i);
			if (percentile == null || percentile < 0.0 || percentile > 1.0) {
				throw new InvalidRacePropertyException("race.metrics.percentiles[" + i + "]", percentile,
						"a percentile is a fraction between 0.0 and 1.0 inclusive (0.95 for the 95th)",
						"Set race.metrics.percentiles[" + i + "] to a value between 0.0 and 1.0, for example 0.99.");
			}
		}
	}

	private static EffectiveSettings defaults(RaceProperties properties) {
		return new EffectiveSettings(RaceTemplates.DEFAULT_NAME, "race.", properties.getStep(), "race.",
				properties.getMaxAttempts(), "race.", properties.getDeadline(), "race.",
				properties.isFailureAdvances(), properties.isFallback(), properties.isCancelLosers());
	}

	private static EffectiveSettings inherit(RaceProperties properties, String name, RaceProperties.Instance instance) {
		String own = "race.instances." + name + ".";
		return new EffectiveSettings(name, own, or(instance.getStep(), properties.getStep()),
				prefix(instance.getStep(), own), or(instance.getMaxAttempts(), properties.getMaxAttempts()),
				prefix(instance.getMaxAttempts(), own), or(instance.getDeadline(), properties.getDeadline()),
				prefix(instance.getDeadline(), own),
				or(instance.getFailureAdvances(), properties.isFailureAdvances()),
				or(instance.getFallback(), properties.isFallback()),
				or(instance.getCancelLosers(), properties.isCancelLosers()));
	}

	private static <T> T or(@Nullable T own, T inherited) {
		return (own != null) ? own : inherited;
	}

	// Name the property that actually holds the value: an instance that inherits its step is
	// fixed at race.step, not at its own key.
	private static String prefix(@Nullable Object own, String instancePrefix) {
		return (own != null) ? instancePrefix : "race.";
	}

	private static EffectiveSettings check(EffectiveSettings settings) {
		if (settings.step().isNegative()) {
			throw new InvalidRacePropertyException(settings.stepPrefix() + "step", print(settings.step()),
					"the step must be zero or positive (zero launches every attempt at once)",
					"Set " + settings.stepPrefix() + "step to 0ms or more, for example 500ms.");
		}
		if (settings.maxAttempts() < 1) {
			throw new InvalidRacePropertyException(settings.maxAttemptsPrefix() + "max-attempts",
					settings.maxAttempts(),
					"max-attempts counts the original call plus hedges, so it must be between 1 and "
							+ RaceSettings.UNLIMITED_ATTEMPTS,
					"Set " + settings.maxAttemptsPrefix() + "max-attempts to 1 (no hedging) or more, for example 3.");
		}
		Duration deadline = settings.deadline();
		if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
			throw new InvalidRacePropertyException(settings.deadlinePrefix() + "deadline", print(deadline),
					"the deadline must be positive",
					"Set " + settings.deadlinePrefix() + "deadline to a positive duration, or remove it for no deadline.");
		}
		if (deadline != null && !settings.fallback() && !settings.failureAdvances()
				&& settings.maxAttempts() != RaceSettings.UNLIMITED_ATTEMPTS) {
			// On a strict schedule the last attempt starts at (max-attempts - 1) * step and nothing
			// can bring it forward, so a deadline at or before that makes it impossible.
			Duration lastLaunch = settings.step().multipliedBy(settings.maxAttempts() - 1L);
			if (deadline.compareTo(lastLaunch) <= 0) {
				String name = settings.name();
				throw new InvalidRacePropertyException(settings.deadlinePrefix() + "deadline", print(deadline),
						"race '" + name + "' launches attempt " + settings.maxAttempts() + " at (max-attempts - 1) * step = "
								+ (settings.maxAttempts() - 1) + " * " + print(settings.step()) + " = "
								+ print(lastLaunch) + ", which is not before the deadline, and failure-advances and"
								+ " fallback are both false, so that attempt can never run; the deadline must be longer than "
								+ print(lastLaunch),
						"Set " + settings.deadlinePrefix() + "deadline above " + print(lastLaunch) + ", or lower "
								+ settings.maxAttemptsPrefix() + "max-attempts or " + settings.stepPrefix()
								+ "step, or set " + settings.ownPrefix() + "failure-advances to true.");
			}
		}
		return settings;
	}

	static String print(Duration duration) {
		return DurationStyle.SIMPLE.print(duration);
	}

	/**
	 * The effective settings of one race, with the prefix of the property each checked value
	 * came from.
	 *
	 * @param name the race name
	 * @param ownPrefix the prefix of the race's own properties
	 * @param step the step
	 * @param stepPrefix where the step was set
	 * @param maxAttempts the maximum number of attempts
	 * @param maxAttemptsPrefix where it was set
	 * @param deadline the deadline, or {@code null}
	 * @param deadlinePrefix where it was set
	 * @param failureAdvances whether failures advance the schedule
	 * @param fallback whether fallback mode is on
	 * @param cancelLosers whether losers are cancelled
	 */
	record EffectiveSettings(String name, String ownPrefix, Duration step, String stepPrefix, int maxAttempts,
			String maxAttemptsPrefix, @Nullable Duration deadline, String deadlinePrefix, boolean failureAdvances,
			boolean fallback, boolean cancelLosers) {

		/**
		 * Apply these settings to a builder.
		 * @param builder the builder
		 * @return the builder
		 */
		RaceSettings.Builder applyTo(RaceSettings.Builder builder) {
			builder.name(this.name)
				.step(this.step)
				.maxAttempts(this.maxAttempts)
				.failureAdvances(this.failureAdvances)
				.fallback(this.fallback)
				.cancelLosers(this.cancelLosers);
			Duration deadline = this.deadline;
			return (deadline != null) ? builder.deadline(deadline) : builder.noDeadline();
		}

	}

}
