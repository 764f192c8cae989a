package site.js0.race;

/**
 * An attempt that does its work on the calling thread and returns its result, run by the
 * race on its {@link RaceSettings#executor() executor}.
 *
 * <p>
 * When the attempt loses, its thread is interrupted (as {@code Future.cancel(true)}
 * does): a task that honours interruption stops, one that ignores it runs to its end, but
 * its result is discarded and the race does not wait for it.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
@FunctionalInterface
public interface BlockingTask<A, T> {

	/**
	 * Run the attempt for one argument.
	 * @param argument the argument of this attempt
	 * @param attempt the attempt's context (index, whether it is a hedge, time left)
	 * @return the attempt's result, which may be {@code null} if the success predicate
	 * accepts it
	 * @throws Exception any failure; it becomes this attempt's failure outcome
	 */
	T call(A argument, AttemptContext attempt) throws Exception;

}
