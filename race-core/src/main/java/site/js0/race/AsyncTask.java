package site.js0.race;

import java.util.concurrent.CompletionStage;

/**
 * An attempt that starts asynchronous work and returns at once with a stage that
 * completes with its result.
 *
 * <p>
 * {@link #start} must not block: it runs on the caller's thread for the first attempt and
 * on the race's executor for hedges. A thrown exception or a {@code null} stage becomes
 * that attempt's failure. When the attempt loses, the race cancels the stage's
 * {@link CompletionStage#toCompletableFuture() CompletableFuture}, so work tied to it
 * (for example a JDK {@code HttpClient} exchange) is aborted.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
@FunctionalInterface
public interface AsyncTask<A, T> {

	/**
	 * Start the attempt for one argument.
	 * @param argument the argument of this attempt
	 * @param attempt the attempt's context (index, whether it is a hedge, time left)
	 * @return a stage completing with the attempt's result
	 * @throws Exception if the attempt cannot be started; it becomes this attempt's
	 * failure
	 */
	CompletionStage<T> start(A argument, AttemptContext attempt) throws Exception;

}
