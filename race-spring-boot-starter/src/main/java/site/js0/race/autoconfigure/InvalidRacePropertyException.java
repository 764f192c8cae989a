package site.js0.race.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * Thrown at start-up for {@code race.*} properties whose values cannot be converted or
 * are out of range, all of them at once; reported by
 * {@link InvalidRacePropertyFailureAnalyzer} rather than as a stack trace.
 */
final class InvalidRacePropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final List<Problem> problems;

	/**
	 * Create a new instance.
	 * @param problems the invalid values, at least one, in the order they are reported
	 */
	InvalidRacePropertyException(List<Problem> problems) {
		super(message(problems));
		this.problems = List.copyOf(problems);
	}

	private static String message(List<Problem> problems) {
		if (problems.isEmpty()) {
			throw new IllegalArgumentException("problems must not be empty");
		}
		return problems.stream()
			.map((problem) -> "Invalid value '" + problem.value() + "' for property " + problem.property() + ": "
					+ problem.reason())
			.collect(Collectors.joining("; "));
	}

	List<Problem> getProblems() {
		return this.problems;
	}

	/**
	 * One invalid value.
	 *
	 * @param property the full property name, for example {@code race.instances.dns.step}
	 * @param value the value, as bound or as written
	 * @param reason why it is invalid, with the accepted range
	 * @param action what to change
	 * @param origin where the value was set, when the binder knew it; otherwise the
	 * analyzer looks for it in the environment
	 */
	record Problem(String property, @Nullable Object value, String reason, String action, @Nullable Origin origin) {

		Problem(String property, @Nullable Object value, String reason, String action) {
			this(property, value, reason, action, null);
		}

	}

}
