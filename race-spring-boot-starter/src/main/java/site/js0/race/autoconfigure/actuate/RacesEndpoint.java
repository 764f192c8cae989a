package site.js0.race.autoconfigure.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.convert.DurationStyle;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceTemplates;

/**
 * The read-only {@code races} endpoint: every configured race with its effective settings
 * (after instance inheritance and customizers) and its live counts since start-up.
 * {@code /actuator/races} lists them all, {@code /actuator/races/{name}} shows one.
 */
@Endpoint(id = "races")
public class RacesEndpoint {

	private final RaceTemplates templates;

	private final RaceStatistics statistics;

	RacesEndpoint(RaceTemplates templates, RaceStatistics statistics) {
		this.templates = templates;
		this.statistics = statistics;
	}

	/**
	 * Describe every configured race, the default one first.
	 * @return the races
	 */
	@ReadOperation
	public RacesDescriptor races() {
		Map<String, RaceDescriptor> races = new LinkedHashMap<>();
		this.templates.asMap().forEach((name, template) -> races.put(name, describe(name, template)));
		return new RacesDescriptor(races);
	}

	/**
	 * Describe one configured race.
	 * @param name the race name
	 * @return the race, or {@code null} (a 404) if no race has that name
	 */
	@ReadOperation
	public @Nullable RaceDescriptor race(@Selector String name) {
		RaceTemplate template = this.templates.asMap().get(name);
		return (template != null) ? describe(name, template) : null;
	}

	private RaceDescriptor describe(String name, RaceTemplate template) {
		RaceSettings settings = template.settings();
		// Counts are keyed by the name the races report, which a customizer may have
		// changed.
		return new RaceDescriptor(new SettingsDescriptor(settings), Durations.print(template.currentStep()),
				this.statistics.snapshot(settings.name()));
	}

	/**
	 * Every configured race, by name.
	 *
	 * @param races the races, the default one first
	 */
	public record RacesDescriptor(Map<String, RaceDescriptor> races) {
	}

	/**
	 * One race: its settings, its current step and counts.
	 *
	 * @param settings the effective settings
	 * @param currentStep the step the race uses now: the fixed step, or the adaptive
	 * step's current percentile of recent latencies
	 * @param counts the live counts
	 */
	public record RaceDescriptor(SettingsDescriptor settings, String currentStep, CountsDescriptor counts) {
	}

	/**
	 * The effective settings of a race; durations in Spring Boot's simple format
	 * ({@code 500ms}).
	 *
	 * @param name the name the race reports in metrics
	 * @param step the delay between launches
	 * @param maxAttempts the maximum number of attempts
	 * @param deadline the overall deadline, or {@code null} for none
	 * @param failureAdvances whether failures launch the next attempt at once
	 * @param fallback whether attempts are launched only after failures
	 * @param cancelLosers whether losers are cancelled
	 * @param schedule {@code absolute} or {@code relative}
	 * @param shadow whether shadow mode is on
	 * @param adaptive the adaptive step, or {@code null} for a fixed step
	 * @param budget the hedge budget, or {@code null} for none
	 */
	public record SettingsDescriptor(String name, String step, int maxAttempts, @Nullable String deadline,
			boolean failureAdvances, boolean fallback, boolean cancelLosers, String schedule, boolean shadow,
			@Nullable AdaptiveDescriptor adaptive, @Nullable BudgetDescriptor budget) {

		SettingsDescriptor(RaceSettings settings) {
			this(settings.name(), Durations.print(settings.step()), settings.maxAttempts(),
					settings.deadline().map(Durations::print).orElse(null), settings.failureAdvances(),
					settings.fallback(), settings.cancelLosers(),
					settings.schedule().name().toLowerCase(java.util.Locale.ROOT), settings.shadow(),
					settings.adaptiveStep().map(AdaptiveDescriptor::new).orElse(null),
					settings.hedgeBudget().map(BudgetDescriptor::new).orElse(null));
		}

	}

	/**
	 * The adaptive step of a race.
	 *
	 * @param percentile the percentile of recent latencies it hedges at
	 * @param minSamples the latencies needed before it applies
	 * @param minStep the shortest step
	 * @param maxStep the longest step
	 * @param window how far back latencies count
	 */
	public record AdaptiveDescriptor(double percentile, int minSamples, String minStep, String maxStep, String window) {

		AdaptiveDescriptor(RaceSettings.AdaptiveStep adaptive) {
			this(adaptive.percentile(), adaptive.minSamples(), Durations.print(adaptive.minStep()),
					Durations.print(adaptive.maxStep()), Durations.print(adaptive.window()));
		}

	}

	/**
	 * The hedge budget of a race.
	 *
	 * @param ratio extra attempts allowed per primary
	 * @param minPerSecond extra attempts allowed per second whatever the traffic
	 * @param window how far back attempts count
	 * @param streams whether stream races draw on it
	 */
	public record BudgetDescriptor(double ratio, double minPerSecond, String window, boolean streams) {

		BudgetDescriptor(RaceSettings.HedgeBudget budget) {
			this(budget.ratio(), budget.minPerSecond(), Durations.print(budget.window()), budget.includeStreams());
		}

	}

	/**
	 * Live counts of a race since start-up.
	 *
	 * @param active races in flight
	 * @param total races started
	 * @param success races that produced a result
	 * @param failure races where every attempt failed or one aborted
	 * @param timeout races that hit their deadline
	 * @param cancelled races given up by their caller or stopped with the application
	 * @param hedges attempts launched beyond the first
	 * @param hedgesWon races a hedge won: hedges that helped
	 * @param hedgesWasted hedges launched in races the original call won anyway
	 * @param budgetExhausted extra attempts the hedge budget refused
	 * @param shadowHedges in shadow mode, hedges that would have been launched
	 * @param shadowHelped of those, the ones that would likely have helped
	 * @param winsByIndex how many races each attempt index won (0 is the original call;
	 * the last index counts itself and any later one)
	 */
	public record CountsDescriptor(long active, long total, long success, long failure, long timeout, long cancelled,
			long hedges, long hedgesWon, long hedgesWasted, long budgetExhausted, long shadowHedges, long shadowHelped,
			Map<Integer, Long> winsByIndex) {
	}

	private static final class Durations {

		private Durations() {
		}

		static String print(Duration duration) {
			return DurationStyle.SIMPLE.print(duration);
		}

	}

}
