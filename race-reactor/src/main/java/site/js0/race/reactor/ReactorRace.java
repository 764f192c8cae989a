package site.js0.race.reactor;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import site.js0.race.AsyncTask;
import site.js0.race.AttemptContext;
import site.js0.race.AttemptOutcome;
import site.js0.race.RaceAbortedException;
import site.js0.race.RaceException;
import site.js0.race.RaceFailedException;
import site.js0.race.RaceRules;
import site.js0.race.RaceSettings;
import site.js0.race.RaceStream;
import site.js0.race.RaceTemplate;
import site.js0.race.RaceTimeoutException;

/**
 * Runs a {@link RaceTemplate}'s races over calls that return a {@link Mono}: the first
 * success as a {@code Mono}, or every outcome in completion order as a {@code Flux}. The
 * race is race-core's, unchanged: the template's step, schedule, maximum attempts,
 * deadline, hedge budget, adaptive step, listeners, timers and attempt decorator all
 * apply.
 *
 * <p>
 * Laziness: nothing happens until subscription. Each subscription starts a new race,
 * drawing a fresh iterator from the arguments, and each attempt calls the
 * {@link MonoTask} for a fresh {@code Mono} and subscribes to it once: a {@code Mono} is
 * never resubscribed, so work that a {@code Mono} starts on subscription (an HTTP
 * exchange, its observation) is started once per attempt. The first attempt is subscribed
 * on the subscribing thread, hedges on race's launch threads; the subscriber's Reactor
 * {@linkplain ContextView context} is written into every attempt's {@code Mono}.
 *
 * <p>
 * Cancellation: once a race is decided, the subscriptions of the attempts still running
 * are cancelled (unless the settings keep losers running), and attempts not yet launched
 * never are. Cancelling the subscriber's subscription cancels the race, and so every
 * running attempt.
 *
 * <p>
 * Failures: an attempt fails when its {@code Mono} signals an error, when
 * {@link MonoTask#start} throws or returns {@code null}, or when its {@code Mono}
 * completes empty ({@link EmptyAttemptException}). A race without a success signals
 * race-core's {@link RaceException}: {@link RaceFailedException} when every attempt
 * failed, {@link RaceAbortedException} when an attempt's failure aborted it,
 * {@link RaceTimeoutException} when the deadline passed.
 *
 * <p>
 * Immutable and thread-safe; share one per template.
 *
 * <pre class="code">
 * ReactorRace race = ReactorRace.of(template);
 * Mono&lt;String&gt; body = race.first(List.of(mirrorA, mirrorB, mirrorC),
 *         (mirror, attempt) -&gt; webClient.get().uri(mirror).retrieve().bodyToMono(String.class));
 * </pre>
 */
public final class ReactorRace {

	private final RaceTemplate template;

	private ReactorRace(RaceTemplate template) {
		this.template = template;
	}

	/**
	 * Return a Reactor view of a template; its races are the template's.
	 * @param template the template
	 * @return the Reactor view
	 */
	public static ReactorRace of(RaceTemplate template) {
		return new ReactorRace(Objects.requireNonNull(template, "template must not be null"));
	}

	/**
	 * Return the template whose races this runs.
	 * @return the template
	 */
	public RaceTemplate template() {
		return this.template;
	}

	/**
	 * Return a {@code Mono} that, on each subscription, races the task over the arguments
	 * and emits the first success, as classified by the template's settings.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily from a new iterator
	 * for each subscription
	 * @param task returns each attempt's {@code Mono}
	 * @return the {@code Mono} of the first success; it signals a {@link RaceException}
	 * if there is none
	 */
	public <A, T> Mono<T> first(Iterable<? extends A> arguments, MonoTask<? super A, ? extends T> task) {
		Objects.requireNonNull(arguments, "arguments must not be null");
		Objects.requireNonNull(task, "task must not be null");
		return Mono.deferContextual(
				(context) -> Mono.fromFuture(this.template.firstAsync(arguments, asyncTask(task, context)), false));
	}

	/**
	 * Return a {@code Mono} of the first success, as {@link #first(Iterable, MonoTask)},
	 * classifying outcomes by the given rules.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily from a new iterator
	 * for each subscription
	 * @param task returns each attempt's {@code Mono}
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return the {@code Mono} of the first success
	 */
	public <A, T> Mono<T> first(Iterable<? extends A> arguments, MonoTask<? super A, ? extends T> task,
			RaceRules<? super T> rules) {
		Objects.requireNonNull(arguments, "arguments must not be null");
		Objects.requireNonNull(task, "task must not be null");
		Objects.requireNonNull(rules, "rules must not be null");
		return Mono.deferContextual((context) -> Mono
			.fromFuture(this.template.firstAsync(arguments, asyncTask(task, context), rules), false));
	}

	/**
	 * Return a {@code Mono} that, on each subscription, hedges one call: subscribes to a
	 * fresh {@code Mono} from the supplier, again after each step without a success, up
	 * to {@link RaceSettings#maxAttempts() maxAttempts} times, and emits the first
	 * success.
	 * @param <T> the result type
	 * @param call returns a fresh {@code Mono} for each attempt
	 * @return the {@code Mono} of the first success, as
	 * {@link #first(Iterable, MonoTask)}
	 */
	public <T> Mono<T> hedge(Supplier<? extends Mono<T>> call) {
		Objects.requireNonNull(call, "call must not be null");
		return this.<Integer, T>first(ReactorRace::attemptNumbers,
				(Integer number, AttemptContext attempt) -> call.get());
	}

	/**
	 * Return a {@code Flux} that, on each subscription, races the task over the arguments
	 * and emits every outcome, successes and failures alike, in completion order, as
	 * {@link RaceTemplate#streamAsync(Iterable, AsyncTask)} does. Successes do not stop
	 * the race. Demand is honoured: a launch waits while the attempts in flight plus the
	 * outcomes not yet delivered reach the subscriber's outstanding demand (the first
	 * attempt is launched on subscription). The {@code Flux} completes after the last
	 * outcome, or signals the race's exception when an attempt aborts it, its deadline
	 * passes or there is no argument. Cancelling the subscription cancels the attempts in
	 * flight and launches nothing more.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily from a new iterator
	 * for each subscription
	 * @param task returns each attempt's {@code Mono}
	 * @return the outcomes
	 */
	public <A, T> Flux<AttemptOutcome<A, T>> outcomes(Iterable<? extends A> arguments,
			MonoTask<? super A, ? extends T> task) {
		Objects.requireNonNull(arguments, "arguments must not be null");
		Objects.requireNonNull(task, "task must not be null");
		return Flux.deferContextual((context) -> {
			RaceStream<A, T> stream = this.template.streamAsync(arguments, asyncTask(task, context));
			return JdkFlowAdapter.flowPublisherToFlux(stream);
		});
	}

	/**
	 * Return a {@code Flux} of every outcome, as {@link #outcomes(Iterable, MonoTask)},
	 * classifying them by the given rules.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily from a new iterator
	 * for each subscription
	 * @param task returns each attempt's {@code Mono}
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return the outcomes
	 */
	public <A, T> Flux<AttemptOutcome<A, T>> outcomes(Iterable<? extends A> arguments,
			MonoTask<? super A, ? extends T> task, RaceRules<? super T> rules) {
		Objects.requireNonNull(arguments, "arguments must not be null");
		Objects.requireNonNull(task, "task must not be null");
		Objects.requireNonNull(rules, "rules must not be null");
		return Flux.deferContextual((context) -> {
			RaceStream<A, T> stream = this.template.streamAsync(arguments, asyncTask(task, context), rules);
			return JdkFlowAdapter.flowPublisherToFlux(stream);
		});
	}

	/**
	 * Adapt a task to race-core's: each attempt subscribes once to its own {@code Mono},
	 * inside the subscriber's context, and an empty {@code Mono} fails.
	 */
	@SuppressWarnings("unchecked")
	private static <A, T> AsyncTask<A, T> asyncTask(MonoTask<? super A, ? extends T> task, ContextView context) {
		return (argument, attempt) -> {
			Mono<T> mono = (Mono<T>) task.start(argument, attempt);
			if (mono == null) {
				throw new NullPointerException("MonoTask.start returned null for attempt #" + attempt.index());
			}
			int index = attempt.index();
			// toFuture() subscribes now; cancelling the future (a lost or cancelled
			// attempt) cancels that subscription.
			return mono.contextWrite(context)
				.switchIfEmpty(Mono.error(() -> new EmptyAttemptException(index)))
				.toFuture();
		};
	}

	private static Iterator<Integer> attemptNumbers() {
		return Stream.iterate(0, (number) -> number + 1).iterator();
	}

	@Override
	public String toString() {
		return "ReactorRace[" + this.template + "]";
	}

}
