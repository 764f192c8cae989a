package site.js0.race.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Hedge calls of the annotated method (or of every method of the annotated class): the
 * call is started once; if no success has come after {@link #step()}, the same call, with
 * the same arguments, is started again through the rest of the proxy's advice chain, up
 * to {@link #maxAttempts()} times. The first success is returned; the other attempts are
 * cancelled (blocking ones interrupted) and nothing more is started. The sibling of
 * Spring Framework's {@code @Retryable}: retrying waits for a failure, hedging does not.
 *
 * <p>
 * The race runs on a {@link site.js0.race.RaceTemplate} found by {@link #value() name}:
 * through a {@link RaceTemplateResolver} bean when there is one (the Spring Boot starter
 * defines one over {@code race.instances.<name>}), otherwise the {@code RaceTemplate}
 * bean (no name) or the {@code RaceTemplate} bean of that name. The step, the maximum
 * attempts, the deadline and the exceptions that abort are the template's unless
 * overridden here.
 *
 * <p>
 * How attempts run depends on the method's return type:
 * <ul>
 * <li>a plain value (or {@code void}): each attempt is a blocking call on the template's
 * executor, the first included, and the caller waits for the first success;</li>
 * <li>{@code CompletionStage} or {@code CompletableFuture}: each attempt is a call whose
 * returned stage is its outcome, so a stage that fails later is a failed attempt; the
 * caller gets a {@code CompletableFuture} at once, and cancelling it cancels the
 * race;</li>
 * <li>Reactor's {@code Mono} (when Reactor is present): a race starts when the result is
 * subscribed to; each attempt calls the method and subscribes to the {@code Mono} it
 * returns; the first success (a value or empty completion) is emitted;</li>
 * <li>Reactor's {@code Flux}: as {@code Mono}, but each attempt collects its whole
 * {@code Flux} into a list, and the elements of the first attempt to complete are emitted
 * after it has completed. Hedging a stream element by element would mix attempts, so a
 * {@code Flux} is hedged as a whole; do not use it for unbounded streams.</li>
 * </ul>
 * Other {@code Future} types are rejected when the method is called.
 *
 * <p>
 * When the race has no success the caller gets, rather than the race's own exception:
 * <ul>
 * <li>every attempt failed: the <em>first</em> attempt's exception, as thrown by the
 * method (a checked one included), with the other attempts' failures
 * {@linkplain Throwable#getSuppressed() suppressed} on it, in launch order. The first
 * attempt is the call that would have been made without hedging, so its failure is the
 * most representative, and exception handlers written for the method keep matching;</li>
 * <li>an exception of an {@link #abortOn()} type (or one the template's abort predicate
 * accepts): that exception, at once;</li>
 * <li>the deadline passed: {@link site.js0.race.RaceTimeoutException}.</li>
 * </ul>
 *
 * <p>
 * Inside an attempt, {@link HedgedAttempt#current()} tells which attempt it is (index,
 * whether it is a hedge, time left), and the caller's context (MDC, the current
 * Micrometer observation and so the trace, what a {@code TaskDecorator} bean carries) is
 * restored, hedges started later by the timer included.
 *
 * <p>
 * Like every proxy-based annotation, {@code @Hedged} applies to calls through the proxy
 * only: a call from another method of the same object ({@code this.fetch()}) is not
 * hedged.
 *
 * @see EnableHedgedMethods
 * @see HedgedAttempt
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Reflective
public @interface Hedged {

	/**
	 * Alias for {@link #instance()}.
	 * @return the name of the template
	 */
	@AliasFor("instance")
	String value() default "";

	/**
	 * The name of the template to race on ({@code race.instances.<name>} with the
	 * starter); empty for the default template.
	 * @return the name of the template
	 */
	@AliasFor("value")
	String instance() default "";

	/**
	 * The step after which a call without success is hedged, in {@link #timeUnit()};
	 * negative (the default) for the template's.
	 * @return the step
	 */
	long step() default -1;

	/**
	 * The step, as a duration text ({@code 100ms}, {@code PT0.1S}, or a number in
	 * {@link #timeUnit()}), that may be a {@code ${...}} placeholder; overrides
	 * {@link #step()} when not empty.
	 * @return the step text
	 */
	String stepString() default "";

	/**
	 * The maximum number of attempts, the first call included; zero or negative (the
	 * default) for the template's.
	 * @return the maximum number of attempts
	 */
	int maxAttempts() default -1;

	/**
	 * The maximum number of attempts, as text that may be a {@code ${...}} placeholder;
	 * overrides {@link #maxAttempts()} when not empty.
	 * @return the maximum number of attempts text
	 */
	String maxAttemptsString() default "";

	/**
	 * The overall deadline of a call, all attempts included, in {@link #timeUnit()}; zero
	 * or negative (the default) for the template's.
	 * @return the deadline
	 */
	long deadline() default -1;

	/**
	 * The deadline, as a duration text that may be a {@code ${...}} placeholder;
	 * overrides {@link #deadline()} when not empty.
	 * @return the deadline text
	 */
	String deadlineString() default "";

	/**
	 * The unit of {@link #step()} and {@link #deadline()}, and of the texts that are a
	 * plain number.
	 * @return the time unit
	 */
	TimeUnit timeUnit() default TimeUnit.MILLISECONDS;

	/**
	 * Exception types (subtypes included) that end the race at once: the caller gets that
	 * exception and no further attempt starts. Every other exception is a failed attempt,
	 * which starts the next one at once when the template's failures advance. Added to
	 * the template's abort predicate.
	 * @return the exception types that abort the race
	 */
	Class<? extends Throwable>[] abortOn() default {};

}
