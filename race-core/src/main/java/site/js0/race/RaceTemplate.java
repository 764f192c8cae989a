package site.js0.race;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Runs staggered ("hedged") races: a task is started for the first argument; if no
 * success has come after {@link RaceSettings#step() step}, it is started for the next
 * argument too, and so on, up to {@link RaceSettings#maxAttempts() maxAttempts}. The
 * first success wins; the losers are cancelled and nothing more is launched.
 *
 * <p>
 * Launch rule: attempt {@code k} is launched {@code k * step} after the race starts (with
 * the default {@linkplain RaceSettings#schedule() absolute schedule}; a step after the
 * previous launch with the relative one), or at once when an attempt fails and
 * {@link RaceSettings#failureAdvances() failures advance} the schedule. The step is the
 * fixed one, or the {@linkplain RaceSettings#adaptiveStep() adaptive} one, and a
 * {@linkplain RaceSettings#hedgeBudget() hedge budget} may refuse an extra attempt. The
 * first attempt is launched on the calling thread (an {@link AsyncTask}'s {@code start},
 * or the hand-off of a {@link BlockingTask} to the {@linkplain RaceSettings#executor()
 * executor}); hedges that fall due on the timer are launched on the library's own launch
 * threads, never on the scheduler thread and never waiting for a thread of the executor
 * that runs the attempts. Arguments are drawn lazily from their {@link Iterable}, one per
 * launch, on the launching thread, so an infinite one is fine: starting a race launches
 * at most a bounded number of attempts on the calling thread and returns.
 *
 * <p>
 * Method names say the shape of the task and how the caller waits:
 * <ul>
 * <li>{@code ...Async} ({@link #firstAsync}, {@link #streamAsync}, {@link #hedgeAsync}):
 * asynchronous attempts, an {@link AsyncTask} (or a supplier of stages) whose
 * {@code start} returns at once;</li>
 * <li>{@code submit...} ({@link #submitFirst}, {@link #submitStream},
 * {@link #submitHedge}): blocking attempts, each run on the executor; returns at once
 * with a future or stream;</li>
 * <li>{@code invoke...} ({@link #invokeFirst}, {@link #invokeHedge}): blocking attempts,
 * and the caller waits for the first success.</li>
 * </ul>
 *
 * <p>
 * Two ways to consume a race: the first success, as a {@link CompletableFuture}
 * (cancelling it cancels the race) or by blocking; or every outcome in completion order,
 * as a {@link RaceStream}. A first-success race that produces no success completes with a
 * {@link RaceException}: {@link RaceFailedException} when every attempt failed,
 * {@link RaceAbortedException} when a non-retryable failure aborted it, and
 * {@link RaceTimeoutException} when its deadline passed.
 *
 * <p>
 * A template is immutable and thread-safe; share one per kind of call. A race costs one
 * {@link CompletableFuture}, a few small objects and, only while a launch or deadline is
 * pending, one timer; no thread is created per race.
 *
 * <pre class="code">
 * RaceTemplate template = new RaceTemplate(RaceSettings.builder().step(Duration.ofMillis(100)).build());
 * CompletableFuture&lt;String&gt; body = template.firstAsync(List.of(mirrorA, mirrorB, mirrorC),
 *         (mirror, attempt) -&gt; client.sendAsync(request(mirror), ofString()).thenApply(HttpResponse::body));
 * </pre>
 */
public final class RaceTemplate {

	private final RaceSettings settings;

	private final RaceRuntime runtime;

	private final @Nullable RaceListener listener;

	/** The settings' success and abort predicates, for the methods that take no rules. */
	private final RaceRules<Object> rules;

	/** Carries the starting thread's context to the attempts, or {@code null}. */
	private final @Nullable AttemptDecorator decorator;

	/**
	 * Create a template with the {@linkplain RaceSettings#defaults() default settings}.
	 */
	public RaceTemplate() {
		this(RaceSettings.defaults());
	}

	/**
	 * Create a template with the given settings.
	 * @param settings the settings
	 */
	public RaceTemplate(RaceSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.runtime = new RaceRuntime(settings);
		this.listener = RaceEvents.combine(settings.listeners());
		this.rules = RaceRules.of(settings);
		this.decorator = null;
	}

	private RaceTemplate(RaceTemplate template, @Nullable AttemptDecorator decorator) {
		this.settings = template.settings;
		this.runtime = template.runtime;
		this.listener = template.listener;
		this.rules = template.rules;
		this.decorator = decorator;
	}

	/**
	 * Return a template with these settings, sharing this template's timers, whose races
	 * run every attempt inside the context that the given decorator captures on the
	 * thread that starts the race; this template is left as it is. Templates derived with
	 * {@link #mutate} keep the decorator.
	 * @param decorator the decorator, or {@code null} for none
	 * @return a new template
	 */
	public RaceTemplate withAttemptDecorator(@Nullable AttemptDecorator decorator) {
		return new RaceTemplate(this, decorator);
	}

	/**
	 * Return the decorator that carries the starting thread's context to the attempts of
	 * this template's races, if there is one.
	 * @return the decorator, or empty
	 */
	public Optional<AttemptDecorator> attemptDecorator() {
		return Optional.ofNullable(this.decorator);
	}

	/**
	 * Return the settings of this template.
	 * @return the settings
	 */
	public RaceSettings settings() {
		return this.settings;
	}

	/**
	 * Return the step this template uses now: the fixed step, or with an adaptive step
	 * the current percentile of its recent latencies (the fixed step while it warms up).
	 * Cheap: the percentile is computed when the latency window rotates, not here.
	 * @return the current step
	 */
	public Duration currentStep() {
		return Duration.ofNanos(this.runtime.step().stepNanos(this.settings.ticker().read()));
	}

	/**
	 * Return a new template with these settings changed by the given customizer; this
	 * template is left as it is.
	 * @param customizer changes to apply to a builder initialised with these settings
	 * @return a new template
	 * @throws IllegalArgumentException if the changed settings are invalid
	 */
	public RaceTemplate mutate(Consumer<RaceSettings.Builder> customizer) {
		Objects.requireNonNull(customizer, "customizer must not be null");
		RaceSettings.Builder builder = this.settings.mutate();
		customizer.accept(builder);
		RaceTemplate mutated = new RaceTemplate(builder.build());
		return (this.decorator != null) ? mutated.withAttemptDecorator(this.decorator) : mutated;
	}

	/**
	 * Race an asynchronous task over the arguments and return the first success, as
	 * classified by the template's settings.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task; its {@code start} must not block
	 * @return a future of the first success; it completes exceptionally with a
	 * {@link RaceException} if there is none, and cancelling it cancels the race
	 */
	public <A, T> CompletableFuture<T> firstAsync(Iterable<? extends A> arguments,
			AsyncTask<? super A, ? extends T> task) {
		return firstAsync(arguments, task, this.rules);
	}

	/**
	 * Race an asynchronous task over the arguments and return the first success, as
	 * classified by the given rules.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task; its {@code start} must not block
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return a future of the first success; it completes exceptionally with a
	 * {@link RaceException} if there is none, and cancelling it cancels the race
	 */
	public <A, T> CompletableFuture<T> firstAsync(Iterable<? extends A> arguments,
			AsyncTask<? super A, ? extends T> task, RaceRules<? super T> rules) {
		return Race.start(this.runtime, iterate(arguments), AsyncAttempt.<A, T>kind(decorateAsync(requireTask(task))),
				requireRules(rules), RaceFuture::new, this.listener);
	}

	/**
	 * Race a blocking task over the arguments, each attempt on the executor, and return
	 * at once with a future of the first success. Losing attempts are interrupted;
	 * attempts not yet started when the race is decided never start.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task
	 * @return a future of the first success; it completes exceptionally with a
	 * {@link RaceException} if there is none, and cancelling it cancels the race
	 */
	public <A, T> CompletableFuture<T> submitFirst(Iterable<? extends A> arguments,
			BlockingTask<? super A, ? extends T> task) {
		return submitFirst(arguments, task, this.rules);
	}

	/**
	 * Race a blocking task over the arguments, as
	 * {@link #submitFirst(Iterable, BlockingTask)}, classifying outcomes by the given
	 * rules.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return a future of the first success
	 */
	public <A, T> CompletableFuture<T> submitFirst(Iterable<? extends A> arguments,
			BlockingTask<? super A, ? extends T> task, RaceRules<? super T> rules) {
		return Race.start(this.runtime, iterate(arguments),
				BlockingAttempt.<A, T>kind(decorateBlocking(requireTask(task)), this.settings.executor()),
				requireRules(rules), RaceFuture::new, this.listener);
	}

	/**
	 * Race a blocking task over the arguments, as
	 * {@link #submitFirst(Iterable, BlockingTask)}, and wait for the first success.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task
	 * @return the first success
	 * @throws RaceException if there is none
	 * @throws CancellationException if the waiting thread is interrupted (the race is
	 * then cancelled and the interrupt flag kept)
	 */
	public <A, T> T invokeFirst(Iterable<? extends A> arguments, BlockingTask<? super A, ? extends T> task) {
		return await(submitFirst(arguments, task));
	}

	/**
	 * Race a blocking task over the arguments, classifying outcomes by the given rules,
	 * and wait for the first success.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return the first success
	 * @throws RaceException if there is none
	 * @throws CancellationException if the waiting thread is interrupted
	 */
	public <A, T> T invokeFirst(Iterable<? extends A> arguments, BlockingTask<? super A, ? extends T> task,
			RaceRules<? super T> rules) {
		return await(submitFirst(arguments, task, rules));
	}

	/**
	 * Race an asynchronous task over the arguments and stream every outcome in completion
	 * order. Successes do not stop the race: it runs until every argument (up to
	 * {@link RaceSettings#maxAttempts() maxAttempts}) has been attempted, or the stream
	 * is closed.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task; its {@code start} must not block
	 * @return the stream of outcomes; close it when done
	 */
	public <A, T> RaceStream<A, T> streamAsync(Iterable<? extends A> arguments,
			AsyncTask<? super A, ? extends T> task) {
		return streamAsync(arguments, task, this.rules);
	}

	/**
	 * Stream the outcomes of an asynchronous task over the arguments, as
	 * {@link #streamAsync(Iterable, AsyncTask)}, classifying them by the given rules.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task; its {@code start} must not block
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return the stream of outcomes; close it when done
	 */
	public <A, T> RaceStream<A, T> streamAsync(Iterable<? extends A> arguments, AsyncTask<? super A, ? extends T> task,
			RaceRules<? super T> rules) {
		return RaceStream
			.of(Race.start(this.runtime, iterate(arguments), AsyncAttempt.<A, T>kind(decorateAsync(requireTask(task))),
					requireRules(rules), RaceStream::consumerOf, this.listener));
	}

	/**
	 * Race a blocking task over the arguments, each attempt on the executor, and stream
	 * every outcome in completion order, as {@link #streamAsync(Iterable, AsyncTask)}
	 * does.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task
	 * @return the stream of outcomes; close it when done
	 */
	public <A, T> RaceStream<A, T> submitStream(Iterable<? extends A> arguments,
			BlockingTask<? super A, ? extends T> task) {
		return submitStream(arguments, task, this.rules);
	}

	/**
	 * Stream the outcomes of a blocking task over the arguments, as
	 * {@link #submitStream(Iterable, BlockingTask)}, classifying them by the given rules.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param arguments the arguments, one per attempt, drawn lazily
	 * @param task the task
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return the stream of outcomes; close it when done
	 */
	public <A, T> RaceStream<A, T> submitStream(Iterable<? extends A> arguments,
			BlockingTask<? super A, ? extends T> task, RaceRules<? super T> rules) {
		return RaceStream.of(Race.start(this.runtime, iterate(arguments),
				BlockingAttempt.<A, T>kind(decorateBlocking(requireTask(task)), this.settings.executor()),
				requireRules(rules), RaceStream::consumerOf, this.listener));
	}

	/**
	 * Hedge one asynchronous call: start it, start it again after each step without a
	 * success, up to {@link RaceSettings#maxAttempts() maxAttempts} times, and return the
	 * first success.
	 * @param <T> the result type
	 * @param call the call; it must not block
	 * @return a future of the first success, as {@link #firstAsync(Iterable, AsyncTask)}
	 */
	public <T> CompletableFuture<T> hedgeAsync(Supplier<? extends CompletionStage<T>> call) {
		return hedgeAsync(call, this.rules);
	}

	/**
	 * Hedge one asynchronous call, as {@link #hedgeAsync(Supplier)}, classifying its
	 * outcomes by the given rules.
	 * @param <T> the result type
	 * @param call the call; it must not block
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return a future of the first success
	 */
	public <T> CompletableFuture<T> hedgeAsync(Supplier<? extends CompletionStage<T>> call,
			RaceRules<? super T> rules) {
		Objects.requireNonNull(call, "call must not be null");
		return firstAsync(AttemptNumbers.INSTANCE, (Integer number, AttemptContext attempt) -> call.get(), rules);
	}

	/**
	 * Hedge one blocking call on the executor: run it, run it again after each step
	 * without a success, up to {@link RaceSettings#maxAttempts() maxAttempts} times, and
	 * return at once with a future of the first success. Losing calls are interrupted.
	 * @param <T> the result type
	 * @param call the call
	 * @return a future of the first success, as
	 * {@link #submitFirst(Iterable, BlockingTask)}
	 */
	public <T> CompletableFuture<T> submitHedge(Callable<? extends T> call) {
		return submitHedge(call, this.rules);
	}

	/**
	 * Hedge one blocking call on the executor, as {@link #submitHedge(Callable)},
	 * classifying its outcomes by the given rules.
	 * @param <T> the result type
	 * @param call the call
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return a future of the first success
	 */
	public <T> CompletableFuture<T> submitHedge(Callable<? extends T> call, RaceRules<? super T> rules) {
		Objects.requireNonNull(call, "call must not be null");
		return submitFirst(AttemptNumbers.INSTANCE, (number, attempt) -> call.call(), rules);
	}

	/**
	 * Hedge one blocking call, as {@link #submitHedge(Callable)}, and wait for the first
	 * success.
	 * @param <T> the result type
	 * @param call the call
	 * @return the first success
	 * @throws RaceException if there is none
	 * @throws CancellationException if the waiting thread is interrupted (the race is
	 * then cancelled and the interrupt flag kept)
	 */
	public <T> T invokeHedge(Callable<? extends T> call) {
		return await(submitHedge(call));
	}

	/**
	 * Hedge one blocking call, classifying its outcomes by the given rules, and wait for
	 * the first success.
	 * @param <T> the result type
	 * @param call the call
	 * @param rules which results are a success and which failures abort, in place of the
	 * settings'
	 * @return the first success
	 * @throws RaceException if there is none
	 * @throws CancellationException if the waiting thread is interrupted
	 */
	public <T> T invokeHedge(Callable<? extends T> call, RaceRules<? super T> rules) {
		return await(submitHedge(call, rules));
	}

	private static <T> RaceRules<? super T> requireRules(RaceRules<? super T> rules) {
		return Objects.requireNonNull(rules, "rules must not be null");
	}

	/**
	 * Return how many races of this template wait for a wake-up (a launch, a deadline).
	 */
	int pendingWakeUps() {
		return this.runtime.timers().size();
	}

	private static <A> Iterator<? extends A> iterate(Iterable<? extends A> arguments) {
		Objects.requireNonNull(arguments, "arguments must not be null");
		return Objects.requireNonNull(arguments.iterator(), "arguments.iterator() must not return null");
	}

	/**
	 * Capture the current thread's context for one race, and return the task run inside
	 * it; the task itself when there is no decorator.
	 */
	private <A, T> AsyncTask<A, T> decorateAsync(AsyncTask<A, T> task) {
		AttemptDecorator.Captured captured = capture();
		return (captured != null) ? (argument, attempt) -> captured.call(() -> task.start(argument, attempt)) : task;
	}

	/**
	 * Capture the current thread's context for one race, and return the task run inside
	 * it; the task itself when there is no decorator.
	 */
	private <A, T> BlockingTask<A, T> decorateBlocking(BlockingTask<A, T> task) {
		AttemptDecorator.Captured captured = capture();
		return (captured != null) ? (argument, attempt) -> captured.call(() -> task.call(argument, attempt)) : task;
	}

	/**
	 * Capture the current thread's context with the template's decorator, or return
	 * {@code null} when it has none.
	 */
	private AttemptDecorator.@Nullable Captured capture() {
		AttemptDecorator decorator = this.decorator;
		return (decorator != null)
				? Objects.requireNonNull(decorator.capture(), "AttemptDecorator.capture() must not return null") : null;
	}

	private static <X> X requireTask(X task) {
		return Objects.requireNonNull(task, "task must not be null");
	}

	private static <T> T await(CompletableFuture<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			CancellationException cancelled = new CancellationException("Interrupted while waiting for a race");
			cancelled.initCause(ex);
			throw cancelled;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		}
	}

	@Override
	public String toString() {
		return "RaceTemplate[" + this.settings + "]";
	}

}
