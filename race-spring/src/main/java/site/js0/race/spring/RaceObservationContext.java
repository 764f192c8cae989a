package site.js0.race.spring;

import java.lang.reflect.Method;

import io.micrometer.observation.Observation;

/**
 * The {@link Observation.Context} of one {@link Hedged @Hedged} call: the race's name,
 * the method, how many attempts it started and how it ended. Filled in by the interceptor
 * as the race runs and read by a {@link RaceObservationConvention}.
 *
 * <p>
 * The outcome is one of {@value #SUCCESS}, {@value #FAILURE} (every attempt failed),
 * {@value #ABORTED} (an exception that aborts the race), {@value #TIMEOUT} (the deadline
 * passed), {@value #CANCELLED} (the caller cancelled or was interrupted), or
 * {@value #UNKNOWN} while the race runs.
 */
public class RaceObservationContext extends Observation.Context {

	/** The outcome of a race that produced a result. */
	public static final String SUCCESS = "success";

	/** The outcome of a race whose every attempt failed. */
	public static final String FAILURE = "failure";

	/** The outcome of a race ended by an exception that aborts it. */
	public static final String ABORTED = "aborted";

	/** The outcome of a race whose deadline passed. */
	public static final String TIMEOUT = "timeout";

	/** The outcome of a race cancelled by its caller. */
	public static final String CANCELLED = "cancelled";

	/** The outcome of a race still running. */
	public static final String UNKNOWN = "unknown";

	private final String raceName;

	private final Method method;

	private final Class<?> targetClass;

	private volatile String outcome = UNKNOWN;

	private volatile int attemptsStarted;

	/**
	 * Create a context for a call of the given method.
	 * @param raceName the name of the race's template
	 * @param method the {@code @Hedged} method
	 * @param targetClass the class of the bean whose method is called
	 */
	public RaceObservationContext(String raceName, Method method, Class<?> targetClass) {
		this.raceName = raceName;
		this.method = method;
		this.targetClass = targetClass;
	}

	/**
	 * Return the name of the race's template ({@code default} for the default one).
	 * @return the race name
	 */
	public String getRaceName() {
		return this.raceName;
	}

	/**
	 * Return the {@code @Hedged} method.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * Return the class of the bean whose method is called.
	 * @return the target class
	 */
	public Class<?> getTargetClass() {
		return this.targetClass;
	}

	/**
	 * Return how the race ended, one of the constants of this class.
	 * @return the outcome
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the race ended.
	 * @param outcome one of the constants of this class
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/**
	 * Return how many attempts the race has started so far.
	 * @return the number of attempts started
	 */
	public int getAttemptsStarted() {
		return this.attemptsStarted;
	}

	/**
	 * Count one more attempt started. Thread-safe.
	 */
	synchronized void attemptStarted() {
		this.attemptsStarted++;
	}

}
