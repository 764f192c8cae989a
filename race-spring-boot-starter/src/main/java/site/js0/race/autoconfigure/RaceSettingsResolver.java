package site.js0.race.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.origin.Origin;
import org.springframework.util.StringUtils;

import site.js0.race.RaceSettings;
import site.js0.race.autoconfigure.InvalidRacePropertyException.Problem;
import site.js0.race.spring.http.HedgeHeader;

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
			Map.entry("percentiles", "a comma-separated list of numbers between 0.0 and 1.0, such as 0.5,0.95,0.99"),
			Map.entry("schedule", "absolute or relative"), Map.entry("shadow", "true or false"),
			Map.entry("streams", "true or false"),
			Map.entry("percentile", "a number greater than 0 and less than 100, such as 95"),
			Map.entry("min-samples", "a whole number of at least 1"),
			Map.entry("min-step", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("max-step", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("window", "a duration from 10ms to 1d, such as 10s"),
			Map.entry("ratio", "a number of 0 or more, such as 0.1"),
			Map.entry("min-per-second", "a number of 0 or more, such as 10"),
			Map.entry("size", "a whole number from 1 to 10000"),
			Map.entry("max-in-flight", "a whole number of at least 1"),
			Map.entry("retry-after", "a duration of zero or more" + DURATION_EXAMPLES),
			Map.entry("header", "an HTTP header name, such as Hedge-Attempt"),
			Map.entry("methods", "a comma-separated list of HTTP methods, such as GET,HEAD,OPTIONS"),
			Map.entry("base-urls",
					"a comma-separated list of absolute http or https URLs, such as https://a.example,https://b.example"),
			Map.entry("hedge-header", "an HTTP header name, such as Hedge-Attempt"),
			Map.entry("lose-statuses", "a comma-separated list of HTTP statuses from 100 to 599, such as 503,504"),
			Map.entry("abort-statuses", "a comma-separated list of HTTP statuses from 100 to 599, such as 404,410"),
			Map.entry("win-statuses", "a comma-separated list of HTTP statuses from 100 to 599, such as 204"));

	private static final RaceSettings CORE = RaceSettings.defaults();

	/** The methods race.*.http.methods accepts: RFC 9110's, with PATCH. */
	private static final List<String> HTTP_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE");

	private static final RaceSettings.AdaptiveStep ADAPTIVE = RaceSettings.AdaptiveStep.defaults();

	private static final RaceSettings.HedgeBudget BUDGET = RaceSettings.HedgeBudget.defaults();

	private static final Duration MIN_WINDOW = Duration.ofMillis(10);

	private static final Duration MAX_WINDOW = Duration.ofDays(1);

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
		properties.getInstances()
			.forEach((name, instance) -> resolved.put(name, new EffectiveSettings(name, instance(name) + ".",
					(instance != null) ? instance : new RaceSettingsProperties(), properties)));
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
		checkOwn("race.", properties, problems);
		properties.getInstances().forEach((name, instance) -> {
			checkName(name, problems);
			if (instance != null) {
				checkOwn(instance(name) + ".", instance, problems);
			}
		});
		checkShared(properties, problems);
		if (checkCombinations) {
			resolve(properties).values().forEach((settings) -> {
				if (isValidName(settings.name()) || settings.isDefault()) {
					checkSchedule(settings, problems);
					checkClamps(settings, problems);
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

	private static void checkOwn(String prefix, RaceSettingsProperties own, List<Problem> problems) {
		Duration step = own.getStep();
		Integer maxAttempts = own.getMaxAttempts();
		Duration deadline = own.getDeadline();
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
		checkAdaptive(prefix + "adaptive.", own.getAdaptive(), problems);
		checkBudget(prefix + "budget.", own.getBudget(), problems);
		checkHttp(prefix + "http.", own.getHttp(), problems);
	}

	// The HTTP settings are checked here, as Strings and numbers, so that an application
	// without spring-web still gets its race.* values checked; the same rules as
	// HttpHedgePolicy's.
	private static void checkHttp(String prefix, RaceSettingsProperties.Http http, List<Problem> problems) {
		List<String> methods = http.getMethods();
		if (methods != null) {
			for (int i = 0; i < methods.size(); i++) {
				String method = methods.get(i);
				if (method == null || !HTTP_METHODS.contains(method.trim().toUpperCase(Locale.ROOT))) {
					problems.add(new Problem(prefix + "methods[" + i + "]", method,
							"a hedged request is sent more than once, so only a standard HTTP method ("
									+ String.join(", ", HTTP_METHODS) + ") can be named",
							"Set " + prefix + "methods to HTTP methods, for example GET,HEAD,OPTIONS."));
				}
			}
		}
		List<URI> baseUrls = http.getBaseUrls();
		if (baseUrls != null) {
			for (int i = 0; i < baseUrls.size(); i++) {
				URI baseUrl = baseUrls.get(i);
				if (!isBaseUrl(baseUrl)) {
					problems.add(new Problem(prefix + "base-urls[" + i + "]", baseUrl,
							"attempts are routed to base URLs, which must be absolute http or https URLs with a host"
									+ " and without query or fragment",
							"Set " + prefix + "base-urls[" + i + "] to a URL such as https://mirror.example/api."));
				}
			}
		}
		String header = http.getHedgeHeader();
		if (header != null && !HedgeHeader.isValidName(header)) {
			problems.add(new Problem(prefix + "hedge-header", header,
					"a header name must be a non-empty HTTP token: letters, digits and !#$%&'*+-.^_`|~",
					"Set " + prefix + "hedge-header to a header name, for example Hedge-Attempt."));
		}
		Map<Integer, String> seen = new LinkedHashMap<>();
		checkStatuses(prefix + "win-statuses", http.getWinStatuses(), seen, problems);
		checkStatuses(prefix + "lose-statuses", http.getLoseStatuses(), seen, problems);
		checkStatuses(prefix + "abort-statuses", http.getAbortStatuses(), seen, problems);
	}

	private static void checkStatuses(String property, @Nullable List<Integer> statuses, Map<Integer, String> seen,
			List<Problem> problems) {
		if (statuses == null) {
			return;
		}
		for (int i = 0; i < statuses.size(); i++) {
			Integer status = statuses.get(i);
			if (status == null || status < 100 || status > 599) {
				problems.add(new Problem(property + "[" + i + "]", status, "an HTTP status is a number from 100 to 599",
						"Set " + property + "[" + i + "] to a status from 100 to 599, for example 503."));
				continue;
			}
			String other = seen.putIfAbsent(status, property);
			if (other != null && !other.equals(property)) {
				problems.add(new Problem(property + "[" + i + "]", status,
						"the status is also listed in " + other + ", and a status has one verdict",
						"Remove " + status + " from " + property + " or from " + other + "."));
			}
		}
	}

	private static boolean isBaseUrl(@Nullable URI url) {
		return url != null && url.isAbsolute() && !url.isOpaque() && url.getHost() != null
				&& ("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
				&& url.getRawQuery() == null && url.getRawFragment() == null;
	}

	private static void checkAdaptive(String prefix, RaceSettingsProperties.Adaptive adaptive, List<Problem> problems) {
		Double percentile = adaptive.getPercentile();
		// Written so that NaN fails it too.
		if (percentile != null && !(percentile > 0 && percentile < 100)) {
			problems.add(new Problem(prefix + "percentile", percentile,
					"the adaptive step hedges at this percentile of recent latencies, so it must be greater than 0"
							+ " and less than 100",
					"Set " + prefix + "percentile to a number between 0 and 100, for example 95."));
		}
		Integer minSamples = adaptive.getMinSamples();
		if (minSamples != null && minSamples < 1) {
			problems.add(new Problem(prefix + "min-samples", minSamples,
					"the percentile needs at least 1 latency before it replaces the step",
					"Set " + prefix + "min-samples to 1 or more, for example 100."));
		}
		checkClamp(prefix + "min-step", adaptive.getMinStep(), problems);
		checkClamp(prefix + "max-step", adaptive.getMaxStep(), problems);
		checkWindow(prefix + "window", adaptive.getWindow(), problems);
	}

	private static void checkClamp(String property, @Nullable Duration clamp, List<Problem> problems) {
		if (clamp != null && !isZeroToMax(clamp)) {
			problems.add(new Problem(property, print(clamp),
					"a bound of the adaptive step must be zero or positive" + AT_MOST,
					"Set " + property + " to 0ms or more, at most " + MAX + "."));
		}
	}

	private static void checkBudget(String prefix, RaceSettingsProperties.Budget budget, List<Problem> problems) {
		checkRate(prefix + "ratio", budget.getRatio(), "extra attempts per primary attempt", "0.1", problems);
		checkRate(prefix + "min-per-second", budget.getMinPerSecond(), "extra attempts per second", "10", problems);
		checkWindow(prefix + "window", budget.getWindow(), problems);
	}

	private static void checkRate(String property, @Nullable Double rate, String what, String example,
			List<Problem> problems) {
		if (rate != null && !(rate >= 0 && rate < Double.POSITIVE_INFINITY)) {
			problems.add(new Problem(property, rate,
					"the budget allows this many " + what + ", so it must be a finite number of 0 or more",
					"Set " + property + " to 0 (none) or more, for example " + example + "."));
		}
	}

	private static void checkWindow(String property, @Nullable Duration window, List<Problem> problems) {
		if (window != null && (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0)) {
			problems.add(new Problem(property, print(window),
					"the window must be between 10ms and 1d: it is cut into ten slices that rotate as time passes",
					"Set " + property + " to a duration from 10ms to 1d, for example 10s."));
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
		int recent = properties.getRecentRaces().getSize();
		if (recent < 1 || recent > 10_000) {
			problems.add(new Problem("race.recent-races.size", recent,
					"the recentraces endpoint keeps between 1 and 10000 races per race name",
					"Set race.recent-races.size to a number from 1 to 10000, for example 20."));
		}
		Duration await = properties.getShutdown().getAwaitTermination();
		if (!isZeroToMax(await)) {
			problems.add(new Problem("race.shutdown.await-termination", print(await),
					"the time to wait must be zero (do not wait) or positive" + AT_MOST,
					"Set race.shutdown.await-termination to 0s or more, at most " + MAX + ", for example 10s."));
		}
		checkShedding(properties.getShedding(), problems);
	}

	private static void checkShedding(RaceProperties.Shedding shedding, List<Problem> problems) {
		Integer maxInFlight = shedding.getMaxInFlight();
		if (maxInFlight == null && shedding.isEnabled()) {
			problems.add(new Problem("race.shedding.max-in-flight", null,
					"shedding is enabled (race.shedding.enabled=true) but has no limit: hedges are shed once this"
							+ " many requests are in flight, a whole number of at least 1",
					"Set race.shedding.max-in-flight to 1 or more, for example the number of requests the server can"
							+ " work on at once, or set race.shedding.enabled=false."));
		}
		else if (maxInFlight != null && maxInFlight < 1) {
			problems.add(new Problem("race.shedding.max-in-flight", maxInFlight,
					"hedges are shed once this many requests are in flight, so it must be a whole number of at"
							+ " least 1",
					"Set race.shedding.max-in-flight to 1 or more, for example the number of requests the server can"
							+ " work on at once."));
		}
		Duration retryAfter = shedding.getRetryAfter();
		if (retryAfter == null || !isZeroToMax(retryAfter)) {
			problems.add(new Problem("race.shedding.retry-after", (retryAfter != null) ? print(retryAfter) : null,
					"a shed client is told to wait this long, so it must be a duration of zero or more" + AT_MOST,
					"Set race.shedding.retry-after to 0s or more, at most " + MAX + ", for example 1s."));
		}
		String header = shedding.getHeader();
		if (!HedgeHeader.isValidName(header)) {
			problems.add(new Problem("race.shedding.header", header,
					"the header that marks a hedge must be an HTTP header name: letters, digits and !#$%&'*+-.^_`|~,"
							+ " no spaces",
					"Set race.shedding.header to a header name, for example Hedge-Attempt (the default, which race's"
							+ " hedging clients send)."));
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
		return new EffectiveSettings(RaceTemplates.DEFAULT_NAME, "race.", properties, properties);
	}

	// The bounds of the adaptive step, once each is valid on its own.
	private static void checkClamps(EffectiveSettings settings, List<Problem> problems) {
		Setting<Duration> min = settings.get("adaptive.min-step", (own) -> own.getAdaptive().getMinStep(),
				ADAPTIVE.minStep());
		Setting<Duration> max = settings.get("adaptive.max-step", (own) -> own.getAdaptive().getMaxStep(),
				ADAPTIVE.maxStep());
		if (isZeroToMax(min.value()) && isZeroToMax(max.value()) && max.value().compareTo(min.value()) < 0) {
			problems.add(new Problem(max.property(), print(max.value()),
					"the longest adaptive step is below the shortest, " + min.property() + "=" + print(min.value()),
					"Set " + max.property() + " to " + print(min.value()) + " or more, or lower " + min.property()
							+ "."));
		}
	}

	/**
	 * Describe the settings under which a race can never hedge although it is meant to: a
	 * deadline at or below the step. Such settings are valid (a deadline may be meant as
	 * a plain timeout), so they are warned about rather than refused.
	 * @param properties the properties, checked
	 * @return one message per race that can never hedge
	 */
	static List<String> neverHedging(RaceProperties properties) {
		List<String> warnings = new ArrayList<>();
		for (EffectiveSettings settings : resolve(properties).values()) {
			Duration deadline = settings.deadline();
			// With the adaptive step, step is only the warm-up's: the learned one may
			// hedge.
			boolean hedging = settings.maxAttempts().value() > 1
					&& !settings.flag("fallback", RaceSettingsProperties::getFallback, CORE.fallback())
					&& !settings.flag("shadow", RaceSettingsProperties::getShadow, CORE.shadow())
					&& !settings.adaptive();
			if (deadline != null && hedging && deadline.compareTo(settings.step().value()) <= 0) {
				warnings.add("Race '" + settings.name() + "' can never hedge: its deadline, "
						+ settings.deadlineProperty() + "=" + print(deadline)
						+ ", passes before its first hedge is due at " + settings.step().property() + "="
						+ print(settings.step().value()) + ". Lower the step, raise the deadline, or set "
						+ settings.ownPrefix() + "max-attempts=1 if a plain timeout is meant.");
			}
		}
		return warnings;
	}

	// Values are checked against each other only once each is valid on its own: a bad one
	// has already been reported where it was set.
	private static void checkSchedule(EffectiveSettings settings, List<Problem> problems) {
		Duration deadline = settings.deadline();
		Duration step = settings.step().value();
		int maxAttempts = settings.maxAttempts().value();
		boolean eachValid = deadline != null && isValidDeadline(deadline) && isValidStep(step) && maxAttempts >= 1;
		// Neither in shadow mode (no timed launch) nor with the adaptive step (whose
		// learned step may be far below the configured one) is the schedule k * step.
		boolean strictSchedule = !settings.flag("fallback", RaceSettingsProperties::getFallback, CORE.fallback())
				&& !settings.flag("shadow", RaceSettingsProperties::getShadow, CORE.shadow()) && !settings.adaptive()
				&& !settings.flag("failure-advances", RaceSettingsProperties::getFailureAdvances,
						CORE.failureAdvances())
				&& maxAttempts != RaceSettings.UNLIMITED_ATTEMPTS;
		if (deadline == null || !eachValid || !strictSchedule) {
			return;
		}
		// On a strict schedule the last attempt starts at (max-attempts - 1) * step and
		// nothing can bring it forward, so a deadline at or before that makes it
		// impossible.
		String name = settings.name();
		long hedges = maxAttempts - 1L;
		String schedule = "race '" + name + "' launches attempt " + maxAttempts + " at (max-attempts - 1) * step = "
				+ hedges + " * " + print(step) + " = ";
		String strict = ", and failure-advances and fallback are both false, so that attempt can never run";
		String lower = settings.maxAttempts().property() + " or " + settings.step().property() + ", or set "
				+ settings.ownPrefix() + "failure-advances to true.";
		String deadlineProperty = settings.deadlineProperty();
		Duration lastLaunch = lastLaunch(step, hedges);
		if (lastLaunch == null) {
			problems.add(new Problem(deadlineProperty, print(deadline),
					schedule + "more than " + MAX + ", the longest a deadline can be" + strict, "Lower " + lower));
		}
		else if (deadline.compareTo(lastLaunch) <= 0) {
			problems.add(new Problem(deadlineProperty, print(deadline),
					schedule + print(lastLaunch) + ", which is not before the deadline" + strict
							+ "; the deadline must be longer than " + print(lastLaunch),
					"Set " + deadlineProperty + " above " + print(lastLaunch) + ", or lower " + lower));
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
	 * A resolved value and the property it comes from: the race's own, the default
	 * race's, or (when neither is set) the default race's, which holds race-core's
	 * default.
	 *
	 * @param <T> the value type
	 * @param value the value
	 * @param property the property that sets it
	 */
	record Setting<T>(T value, String property) {

	}

	/**
	 * The effective settings of one race: its own values, falling back to the default
	 * race's, then to race-core's defaults.
	 *
	 * @param name the race name
	 * @param ownPrefix the prefix of the race's own properties
	 * @param own the race's own values
	 * @param defaults the default race's values ({@code race.*}), the same as {@code own}
	 * for the default race
	 */
	record EffectiveSettings(String name, String ownPrefix, RaceSettingsProperties own,
			RaceSettingsProperties defaults) {

		boolean isDefault() {
			return this.own == this.defaults;
		}

		<T> Setting<T> get(String key, Function<RaceSettingsProperties, @Nullable T> getter, T coreDefault) {
			T value = getter.apply(this.own);
			if (value != null) {
				return new Setting<>(value, this.ownPrefix + key);
			}
			value = getter.apply(this.defaults);
			return new Setting<>((value != null) ? value : coreDefault, "race." + key);
		}

		boolean flag(String key, Function<RaceSettingsProperties, @Nullable Boolean> getter, boolean coreDefault) {
			return get(key, getter, coreDefault).value();
		}

		boolean adaptive() {
			return flag("adaptive.enabled", (p) -> p.getAdaptive().getEnabled(), CORE.adaptiveStep().isPresent());
		}

		Setting<Duration> step() {
			return get("step", RaceSettingsProperties::getStep, CORE.step());
		}

		Setting<Integer> maxAttempts() {
			return get("max-attempts", RaceSettingsProperties::getMaxAttempts, CORE.maxAttempts());
		}

		@Nullable Duration deadline() {
			Duration own = this.own.getDeadline();
			return (own != null) ? own : this.defaults.getDeadline();
		}

		String deadlineProperty() {
			return ((this.own.getDeadline() != null) ? this.ownPrefix : "race.") + "deadline";
		}

		/**
		 * Apply these settings to a builder.
		 * @param builder the builder
		 * @return the builder
		 */
		RaceSettings.Builder applyTo(RaceSettings.Builder builder) {
			builder.name(this.name)
				.step(step().value())
				.maxAttempts(maxAttempts().value())
				.failureAdvances(
						flag("failure-advances", RaceSettingsProperties::getFailureAdvances, CORE.failureAdvances()))
				.fallback(flag("fallback", RaceSettingsProperties::getFallback, CORE.fallback()))
				.cancelLosers(flag("cancel-losers", RaceSettingsProperties::getCancelLosers, CORE.cancelLosers()))
				.schedule(get("schedule", RaceSettingsProperties::getSchedule, CORE.schedule()).value())
				.shadow(flag("shadow", RaceSettingsProperties::getShadow, CORE.shadow()));
			if (adaptive()) {
				builder.adaptiveStep(new RaceSettings.AdaptiveStep(
						get("adaptive.percentile", (p) -> p.getAdaptive().getPercentile(), ADAPTIVE.percentile())
							.value(),
						get("adaptive.min-samples", (p) -> p.getAdaptive().getMinSamples(), ADAPTIVE.minSamples())
							.value(),
						get("adaptive.min-step", (p) -> p.getAdaptive().getMinStep(), ADAPTIVE.minStep()).value(),
						get("adaptive.max-step", (p) -> p.getAdaptive().getMaxStep(), ADAPTIVE.maxStep()).value(),
						get("adaptive.window", (p) -> p.getAdaptive().getWindow(), ADAPTIVE.window()).value()));
			}
			else {
				builder.fixedStep();
			}
			if (flag("budget.enabled", (p) -> p.getBudget().getEnabled(), CORE.hedgeBudget().isPresent())) {
				builder.hedgeBudget(new RaceSettings.HedgeBudget(
						get("budget.ratio", (p) -> p.getBudget().getRatio(), BUDGET.ratio()).value(),
						get("budget.min-per-second", (p) -> p.getBudget().getMinPerSecond(), BUDGET.minPerSecond())
							.value(),
						get("budget.window", (p) -> p.getBudget().getWindow(), BUDGET.window()).value(),
						flag("budget.streams", (p) -> p.getBudget().getStreams(), BUDGET.includeStreams())));
			}
			else {
				builder.noHedgeBudget();
			}
			Duration deadline = deadline();
			return (deadline != null) ? builder.deadline(deadline) : builder.noDeadline();
		}

	}

}
