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
		return new RaceDescriptor(new SettingsDescriptor(settings), this.statistics.snapshot(settings.name()));
	}

	/**
	 * Every configured race, by name.
	 *
	 * @param races the races, the default one first
	 */
	public record RacesDescriptor(Map<String, RaceDescriptor> races) {
	}

	/**
	 * One race: its settings and counts.
	 *
	 * @param settings the effective settings
	 * @param counts the live counts
	 */
	public record RaceDescriptor(SettingsDescriptor settings, CountsDescriptor counts) {
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
	 */
	public record SettingsDescriptor(String name, String step, int maxAttempts, @Nullable String deadline,
			boolean failureAdvances, boolean fallback, boolean cancelLosers) {

		SettingsDescriptor(RaceSettings settings) {
			this(settings.name(), Durations.print(settings.step()), settings.maxAttempts(),
					settings.deadline().map(Durations::print).orElse(null), settings.failureAdvances(),
					settings.fallback(), settings.cancelLosers());
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
	 * @param winsByIndex how many races each attempt index won (0 is the original call;
	 * the last index counts itself and any later one)
	 */
	public record CountsDescriptor(long active, long total, long success, long failure, long timeout, long cancelled,
			long hedges, Map<Integer, Long> winsByIndex) {
	}

	private static final class Durations {

		private Durations() {
		}

		static String print(Duration duration) {
			return DurationStyle.SIMPLE.print(duration);
		}

	}

}
