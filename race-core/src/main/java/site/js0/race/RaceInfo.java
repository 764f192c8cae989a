package site.js0.race;

import java.time.Duration;

/**
 * A view of a running race, handed to {@link RaceListener} callbacks. Its only action is
 * {@link #cancel()}, for components that must stop every race they saw start (a container
 * shutting down, say).
 */
public interface RaceInfo {

	/**
	 * Return the name of the race's template, as set by
	 * {@link RaceSettings.Builder#name}; a low-cardinality value suitable as a metric
	 * tag.
	 * @return the race name
	 */
	String name();

	/**
	 * Return the settings the race runs with.
	 * @return the settings
	 */
	RaceSettings settings();

	/**
	 * Return whether the race streams every outcome rather than deciding on the first
	 * success.
	 * @return {@code true} for a stream
	 */
	boolean isStream();

	/**
	 * Return how many attempts the race has launched so far.
	 * @return the number of attempts launched
	 */
	int attemptsLaunched();

	/**
	 * Return the step the race's template uses now: the fixed step, or the adaptive
	 * step's current percentile of recent latencies (the fixed step while it warms up).
	 * @return the current step
	 */
	Duration currentStep();

	/**
	 * Return the time since the race started.
	 * @return the elapsed time
	 */
	Duration elapsed();

	/**
	 * Cancel the race from outside, as a container does on shutdown: nothing more is
	 * launched, in-flight attempts are cancelled, a first-success future completes with a
	 * {@link java.util.concurrent.CancellationException}, and a stream ends with one.
	 * Does nothing if the race has already ended.
	 * @return {@code true} if this call ended the race
	 */
	boolean cancel();

}
