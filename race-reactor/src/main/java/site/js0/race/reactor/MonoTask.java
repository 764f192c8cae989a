package site.js0.race.reactor;

import reactor.core.publisher.Mono;

import site.js0.race.AttemptContext;

/**
 * An attempt that returns a {@link Mono} of its result; the race subscribes to it once.
 *
 * <p>
 * {@link #start} is called once per attempt and must return a fresh, cold {@code Mono}:
 * the race never subscribes to one {@code Mono} twice, so a {@code Mono} that does its
 * work on subscription (a WebClient exchange, for example) does it once per attempt. It
 * must not block: the first attempt's {@code start} runs on the subscribing thread and
 * each hedge's on one of race's launch threads. A thrown exception, a {@code null}
 * {@code Mono} or a {@code Mono} that completes empty is that attempt's failure. When the
 * attempt loses, or the race is cancelled, its subscription is cancelled.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
@FunctionalInterface
public interface MonoTask<A, T> {

	/**
	 * Return the {@code Mono} of one attempt for one argument.
	 * @param argument the argument of this attempt
	 * @param attempt the attempt's context (index, whether it is a hedge, time left)
	 * @return a cold {@code Mono} of the attempt's result
	 * @throws Exception if the attempt cannot be made; it becomes this attempt's failure
	 */
	Mono<T> start(A argument, AttemptContext attempt) throws Exception;

}
