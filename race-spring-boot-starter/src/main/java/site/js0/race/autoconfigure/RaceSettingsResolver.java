package site.js0.race.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.origin.Origin;
import org.springframework.util.StringUtils;

import site.js0.race.RaceSettings;
import site.js0.race.autoconfigure.InvalidRacePropertyException.Problem;

/**
 * Turns {@link RaceProperties} into the effective settings of each race, applying
 * instance inheritance, and checks every value against the range race-core and the thread
 * pools accept, so that a bad value is reported with the property that set it rather than
 * as a builder error. This is the one place where {@code race.*} values are checked and
 * where the accepted range of each is written down.
 */
final class RaceSettingsResolver {

	/**
	 * The longest duration accepted by every {@code race.*} duration property: as many
	 * nanoseconds as a {@code long} holds, the most that the JDK's timers, pools and
	 * waits can represent.
	 */
	private static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

	/** {@link #MAX_DURATION} in whole days, the way a user would write it. */
	private static final String MAX = MAX_DURATION.toDays() + "d";

	private static final String AT_MOST = " and at most " + MAX + " (about 292 years, the longest a timer can wait)";

	private static final String DURATION_EXAMPLES = ", at most " + MAX + ", such as 200ms, 1s or PT0.5S";

	/** What each kind of race property accepts, by the last element of its name. */
	private static final Map<String, String> ACCEPTED = Map.ofEntries(
			Map.entry("step", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("deadline", "a positive duration" + DURATION_EXAMPLES),
			Map.entry("max-attempts", "a whole number from 1 to " + RaceSettings.UNLIMITED_ATTEMPTS),
			Map.entry("failure-advances", "true or false"), Map.entry("fallback", "true or false"),
			Map.entry("cancel-losers", "true or false"), Map.entry("enabled", "true or false"),
			Map.entry("histogram", "true or false"), Map.entry("pool-size", "a whole number of at least 1"),
			Map.entry("max-pool-size", "a whole number of at least 1"),
			Map.entry("keep-alive", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("await-termination", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("percentiles", "a comma-separated list of numbers between 0.0 and 1.0, such as 0.5,0.95,0.99"));

	private static final ConfigurationPropertyName INSTANCES = ConfigurationPropertyName.of("race.instances");

	/** An instance name that can be written in a property name without brackets. */
	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9-]+");

	private static final String NAME_EXAMPLE = "for example race.instances.dns.step=200ms";

	private RaceSettingsResolver() {
	}

	/**
	 * Resolve the effective settings of every race, the default one first. The properties
	 * are expected to have been checked, as they are when they are bound.
	 * @param properties the properties
	 * @return the settings keyed by race name, in declaration order
	 */
	static Map<String, EffectiveSettings> resolve(RaceProperties properties) {
		Map<String, EffectiveSettings> resolved = new LinkedHashMap<>();
		resolved.put(RaceTemplates.DEFAULT_NAME, defaults(properties));
		properties.getInstances().forEach((name, instance) -> resolved.put(name, inherit(properties, name, instance)));
		return resolved;
	}

	/**
	 * Check every value and return what is wrong with them: the default race's values,
	 * each instance's, the shared ones, then values that do not fit together. A value is
	 * checked where it is set, so a bad {@code race.step} is reported once, not once per
	 * instance that inherits it.
	 * @param properties the properties
	 * @param checkCombinations whether to also check values against each other (a
	 * deadline against the schedule); {@code false} when some values could not be
	 * converted and hold their defaults instead
	 * @return the problems, empty if every value is valid
	 */
	static List<Problem> problems(RaceProperties properties, boolean checkCombinations) {
		List<Problem> problems = new ArrayList<>();
		checkOwn("race.", properties.getStep(), properties.getMaxAttempts(), properties.getDeadline(), problems);
		properties.getInstances().forEach((name, instance) -> {
			checkName(name, problems);
			checkOwn(instance(name) + ".", instance.getStep(), instance.getMaxAttempts(), instance.getDeadline(),
					problems);
		});
		checkShared(properties, problems);
		if (checkCombinations) {
			checkSchedule(defaults(properties), problems);
			properties.getInstances().forEach((name, instance) -> {
				if (isValidName(name)) {
					checkSchedule(inherit(properties, name, instance), problems);
				}
			});
		}
		return problems;
	}

	/**
	 * Return the property that configures the race of the given name, with the name in
	 * brackets when it could not be written without them.
	 * @param name the name of the race
	 * @return the property, for example {@code race.instances.dns} or
	 * {@code race.instances.[eu.mirrors]}
	 */
	private static String instance(String name) {
		return "race.instances." + (PLAIN_NAME.matcher(name).matches() ? name : "[" + name + "]");
	}

	private static void checkName(String name, List<Problem> problems) {
		if (name.isBlank()) {
			problems.add(new Problem(instance(name), name,
					"the name of a race must not be blank: it is the name RaceTemplates.get(...) takes and the race"
							+ " tag of its meters",
					"Name the race in race.instances, " + NAME_EXAMPLE + "."));
		}
		else if (RaceTemplates.DEFAULT_NAME.equals(name)) {
			problems.add(new Problem(instance(name), name,
					"the name '" + name + "' is reserved for the race.* settings of the default template",
					"Set the default template's values directly under race.* (for example race.step), or rename "
							+ instance(name) + "."));
		}
	}

	private static boolean isValidName(String name) {
		return !name.isBlank() && !RaceTemplates.DEFAULT_NAME.equals(name);
	}

	/**
	 * Describe a value that could not be converted to its property's type, with what the
	 * property accepts.
	 * @param name the property name
	 * @param property the property as the binder found it, if known
	 * @param error the conversion failure
	 * @return the problem
	 */
	static Problem unconvertible(ConfigurationPropertyName name, @Nullable ConfigurationProperty property,
			Throwable error) {
		Throwable cause = error;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		Object value = (property != null) ? property.getValue() : null;
		Origin origin = (property != null) ? property.getOrigin() : null;
		if (INSTANCES.isParentOf(name)) {
			// race.instances.step=1s, or race.instances.[].step=1s, which binds the same
			// way: a value where a named race's settings were expected.
			return new Problem(name.toString(), value,
					"race.instances takes named races, each with its settings as"
							+ " race.instances.<name>.<setting>, so this reads as a race named '"
							+ name.getLastElement(ConfigurationPropertyName.Form.ORIGINAL)
							+ "' given a value instead of settings; an empty name ([]) reads the same way",
					"Name the race in race.instances, " + NAME_EXAMPLE + ".", origin);
		}
		String accepted = ACCEPTED.get(setting(name));
		String reason = (accepted != null) ? "the value is not " + accepted : "the value cannot be bound";
		String action = (accepted != null) ? "Set " + name + " to " + accepted + "."
				: "Correct or remove " + name + ".";
		return new Problem(name.toString(), value, reason + " (" + cause.getMessage() + ")", action, origin);
	}

	// The setting a name refers to: its last element, list indexes aside
	// (percentiles[1]).
	private static String setting(ConfigurationPropertyName name) {
		ConfigurationPropertyName setting = name;
		while (setting.isLastElementIndexed() && setting.getNumberOfElements() > 1) {
			setting = setting.getParent();
		}
		return setting.getLastElement(ConfigurationPropertyName.Form.DASHED);
	}

	private static void checkOwn(String prefix, @Nullable Duration step, @Nullable Integer maxAttempts,
			@Nullable Duration deadline, List<Problem> problems) {
		if (step != null && !isValidStep(step)) {
			problems.add(new Problem(prefix + "step", print(step),
					"the step must be zero or positive (zero launches every attempt at once)" + AT_MOST,
					"Set " + prefix + "step to 0ms or more, at most " + MAX + ", for example 500ms."));
		}
		if (maxAttempts != null && maxAttempts < 1) {
			problems.add(new Problem(prefix + "max-attempts", maxAttempts,
					"max-attempts counts the original call plus hedges, so it must be between 1 and "
							+ RaceSettings.UNLIMITED_ATTEMPTS,
					"Set " + prefix + "max-attempts to 1 (no hedging) or more, for example 3."));
		}
		if (deadline != null && !isValidDeadline(deadline)) {
			problems.add(new Problem(prefix + "deadline", print(deadline), "the deadline must be positive" + AT_MOST,
					"Set " + prefix + "deadline to a positive duration, at most " + MAX
							+ ", or remove it for no deadline."));
		}
	}

	private static boolean isValidStep(Duration step) {
		return isZeroToMax(step);
	}

	private static boolean isValidDeadline(Duration deadline) {
		return !deadline.isZero() && isZeroToMax(deadline);
	}

	private static boolean isZeroToMax(Duration duration) {
		return !duration.isNegative() && duration.compareTo(MAX_DURATION) <= 0;
	}

	private static void checkShared(RaceProperties properties, List<Problem> problems) {
		checkThreadNamePrefix("race.scheduler.thread-name-prefix", properties.getScheduler().getThreadNamePrefix(),
				"race-scheduler-", problems);
		int poolSize = properties.getScheduler().getPoolSize();
		if (poolSize < 1) {
			problems.add(new Problem("race.scheduler.pool-size", poolSize, "the scheduler needs at least 1 thread",
					"Set race.scheduler.pool-size to 1 or more; 1 is usually enough."));
		}
		checkThreadNamePrefix("race.executor.thread-name-prefix", properties.getExecutor().getThreadNamePrefix(),
				"race-executor-", problems);
		int maxPoolSize = properties.getExecutor().getMaxPoolSize();
		if (maxPoolSize < 1) {
			problems.add(new Problem("race.executor.max-pool-size", maxPoolSize, "the executor needs at least 1 thread",
					"Set race.executor.max-pool-size to 1 or more, or remove it for a pool that grows on demand."));
		}
		Duration keepAlive = properties.getExecutor().getKeepAlive();
		if (!isZeroToMax(keepAlive)) {
			problems.add(new Problem("race.executor.keep-alive", print(keepAlive),
					"the keep-alive must be zero or positive (zero ends an idle thread as soon as it has no task)"
							+ AT_MOST,
					"Set race.executor.keep-alive to 0s or more, at most " + MAX + ", for example 60s."));
		}
		List<Double> percentiles = properties.getMetrics().getPercentiles();
		for (int i = 0; i < percentiles.size(); i++) {
			Double percentile = percentiles.get(i);
			// Written so that NaN fails it too.
			if (percentile == null || !(percentile >= 0.0 && percentile <= 1.0)) {
				problems.add(new Problem("race.metrics.percentiles[" + i + "]", percentile,
						((percentile != null) ? "" : "the entry is empty; ")
								+ "a percentile is a fraction between 0.0 and 1.0 inclusive (0.95 for the 95th)",
						"Set race.metrics.percentiles[" + i + "] to a value between 0.0 and 1.0, for example 0.99."));
			}
		}
		Duration await = properties.getShutdown().getAwaitTermination();
		if (!isZeroToMax(await)) {
			problems.add(new Problem("race.shutdown.await-termination", print(await),
					"the time to wait must be zero (do not wait) or positive" + AT_MOST,
					"Set race.shutdown.await-termination to 0s or more, at most " + MAX + ", for example 10s."));
		}
	}

	// The scheduler would name its threads 1, 2...; Spring's executor would ignore a
	// blank prefix.
	private static void checkThreadNamePrefix(String property, @Nullable String prefix, String example,
			List<Problem> problems) {
		if (!StringUtils.hasText(prefix)) {
			problems.add(new Problem(property, prefix,
					"the prefix must not be blank: thread names are the prefix followed by a number, as in " + example
							+ "1, so that the threads can be told apart in a thread dump",
					"Set " + property + " to some text, for example " + example + ", or remove it for that default."));
		}
	}

	private static EffectiveSettings defaults(RaceProperties properties) {
		return new EffectiveSettings(RaceTemplates.DEFAULT_NAME, "race.", properties.getStep(), "race.",
				properties.getMaxAttempts(), "race.", properties.getDeadline(), "race.", properties.isFailureAdvances(),
				properties.isFallback(), properties.isCancelLosers());
	}

	private static EffectiveSettings inherit(RaceProperties properties, String name, RaceProperties.Instance instance) {
		String own = instance(name) + ".";
		return new EffectiveSettings(name, own, or(instance.getStep(), properties.getStep()),
				prefix(instance.getStep(), own), or(instance.getMaxAttempts(), properties.getMaxAttempts()),
				prefix(instance.getMaxAttempts(), own), orUnset(instance.getDeadline(), properties.getDeadline()),
				prefix(instance.getDeadline(), own), or(instance.getFailureAdvances(), properties.isFailureAdvances()),
				or(instance.getFallback(), properties.isFallback()),
				or(instance.getCancelLosers(), properties.isCancelLosers()));
	}

	private static <T> T or(@Nullable T own, T inherited) {
		return (own != null) ? own : inherited;
	}

	// For a setting that may be unset at both levels (the deadline): null when neither
	// has it.
	private static <T> @Nullable T orUnset(@Nullable T own, @Nullable T inherited) {
		return (own != null) ? own : inherited;
	}

	// Name the property that actually holds the value: an instance that inherits its step
	// is fixed at race.step, not at its own key.
	private static String prefix(@Nullable Object own, String instancePrefix) {
		return (own != null) ? instancePrefix : "race.";
	}

	// Values are checked against each other only once each is valid on its own: a bad one
	// has already been reported where it was set.
	private static void checkSchedule(EffectiveSettings settings, List<Problem> problems) {
		Duration deadline = settings.deadline();
		boolean eachValid = deadline != null && isValidDeadline(deadline) && isValidStep(settings.step())
				&& settings.maxAttempts() >= 1;
		boolean strictSchedule = !settings.fallback() && !settings.failureAdvances()
				&& settings.maxAttempts() != RaceSettings.UNLIMITED_ATTEMPTS;
		if (deadline == null || !eachValid || !strictSchedule) {
			return;
		}
		// On a strict schedule the last attempt starts at (max-attempts - 1) * step and
		// nothing can bring it forward, so a deadline at or before that makes it
		// impossible.
		String name = settings.name();
		long hedges = settings.maxAttempts() - 1L;
		String schedule = "race '" + name + "' launches attempt " + settings.maxAttempts()
				+ " at (max-attempts - 1) * step = " + hedges + " * " + print(settings.step()) + " = ";
		String strict = ", and failure-advances and fallback are both false, so that attempt can never run";
		String lower = settings.maxAttemptsPrefix() + "max-attempts or " + settings.stepPrefix() + "step, or set "
				+ settings.ownPrefix() + "failure-advances to true.";
		Duration lastLaunch = lastLaunch(settings.step(), hedges);
		if (lastLaunch == null) {
			problems.add(new Problem(settings.deadlinePrefix() + "deadline", print(deadline),
					schedule + "more than " + MAX + ", the longest a deadline can be" + strict, "Lower " + lower));
		}
		else if (deadline.compareTo(lastLaunch) <= 0) {
			problems.add(new Problem(settings.deadlinePrefix() + "deadline", print(deadline),
					schedule + print(lastLaunch) + ", which is not before the deadline" + strict
							+ "; the deadline must be longer than " + print(lastLaunch),
					"Set " + settings.deadlinePrefix() + "deadline above " + print(lastLaunch) + ", or lower "
							+ lower));
		}
	}

	// step * hedges, or null when that is beyond MAX_DURATION, where no deadline can be.
	private static @Nullable Duration lastLaunch(Duration step, long hedges) {
		if (hedges == 0 || step.compareTo(MAX_DURATION.dividedBy(hedges)) <= 0) {
			return step.multipliedBy(hedges);
		}
		return null;
	}

	/**
	 * Print a duration the way it can be written in a property: in milliseconds, in
	 * nanoseconds when it is not a whole number of milliseconds (so that -1ns is not
	 * shown as 0ms), or in ISO-8601 beyond {@link #MAX_DURATION}, where either could
	 * overflow.
	 * @param duration the duration
	 * @return the text
	 */
	private static String print(Duration duration) {
		if (duration.compareTo(MAX_DURATION) > 0 || duration.compareTo(MAX_DURATION.negated()) < 0) {
			return duration.toString();
		}
		ChronoUnit unit = (duration.getNano() % 1_000_000 == 0) ? ChronoUnit.MILLIS : ChronoUnit.NANOS;
		return DurationStyle.SIMPLE.print(duration, unit);
	}

	/**
	 * The effective settings of one race, with the prefix of the property each checked
	 * value came from.
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
