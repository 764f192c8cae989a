package site.js0.race.spring;

import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.task.TaskDecorator;
import org.springframework.format.annotation.DurationFormat;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;

import site.js0.race.AttemptContext;
import site.js0.race.AttemptDecorator;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

/**
 * Runs each call of a {@link Hedged @Hedged} method as a race whose attempts re-enter the
 * rest of the advice chain through {@link ProxyMethodInvocation#invocableClone()}.
 * Thread-safe; what it needs from the bean factory is looked up on the first call.
 */
final class HedgedInterceptor implements MethodInterceptor {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			HedgedInterceptor.class.getClassLoader());

	private static final boolean OBSERVATION_PRESENT = ClassUtils
		.isPresent("io.micrometer.observation.ObservationRegistry", HedgedInterceptor.class.getClassLoader());

	/** The bean used for the empty name when there are several templates. */
	private static final String DEFAULT_TEMPLATE_BEAN_NAME = "raceTemplate";

	/** Attempt numbers, without end: the template's maxAttempts bounds a race. */
	private static final Iterable<Integer> ATTEMPTS = () -> new Iterator<>() {

		private int next;

		@Override
		public boolean hasNext() {
			return true;
		}

		@Override
		public Integer next() {
			return this.next++;
		}

	};

	private final Supplier<@Nullable BeanFactory> beanFactory;

	private final Supplier<@Nullable StringValueResolver> valueResolver;

	/** The template of each method; empty for a method that is not hedged. */
	private final Map<MethodClassKey, Optional<RaceTemplate>> templates = new ConcurrentHashMap<>();

	private volatile @Nullable Collaborators collaborators;

	HedgedInterceptor(Supplier<@Nullable BeanFactory> beanFactory,
			Supplier<@Nullable StringValueResolver> valueResolver) {
		this.beanFactory = beanFactory;
		this.valueResolver = valueResolver;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		RaceTemplate template = template(method, targetClass);
		if (template == null) {
			return invocation.proceed();
		}
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
			throw new IllegalStateException("@Hedged needs a Spring AOP proxy to call " + method + " again, but got "
					+ invocation.getClass().getName());
		}
		Call call = new Call(template, proxyInvocation, method, targetClass);
		Class<?> returnType = method.getReturnType();
		if (CompletionStage.class.isAssignableFrom(returnType)) {
			if (!returnType.isAssignableFrom(CompletableFuture.class)) {
				throw unsupported(method);
			}
			return call.raceAsync(CompletionStage.class::cast);
		}
		if (REACTOR_PRESENT && ReactorHedging.supports(returnType)) {
			Function<Object, CompletionStage<?>> stage = ReactorHedging.attemptStage(returnType);
			return ReactorHedging.publisher(returnType, () -> call.raceAsync(stage));
		}
		if (Future.class.isAssignableFrom(returnType)) {
			throw unsupported(method);
		}
		return call.raceBlocking();
	}

	private static IllegalStateException unsupported(Method method) {
		return new IllegalStateException("@Hedged method " + method + " returns a " + method.getReturnType().getName()
				+ ": only plain values, CompletionStage, CompletableFuture "
				+ "and, with Reactor, Mono and Flux can be hedged");
	}

	private @Nullable RaceTemplate template(Method method, Class<?> targetClass) {
		MethodClassKey key = new MethodClassKey(method, targetClass);
		Optional<RaceTemplate> template = this.templates.get(key);
		if (template == null) {
			template = Optional.ofNullable(resolveTemplate(method, targetClass));
			Optional<RaceTemplate> existing = this.templates.putIfAbsent(key, template);
			if (existing != null) {
				template = existing;
			}
		}
		return template.orElse(null);
	}

	private @Nullable RaceTemplate resolveTemplate(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		Hedged hedged = AnnotatedElementUtils.findMergedAnnotation(specific, Hedged.class);
		if (hedged == null && specific != method) {
			hedged = AnnotatedElementUtils.findMergedAnnotation(method, Hedged.class);
		}
		if (hedged == null) {
			hedged = AnnotatedElementUtils.findMergedAnnotation(targetClass, Hedged.class);
		}
		if (hedged == null) {
			return null;
		}
		return withCallerContext(customize(baseTemplate(hedged.value(), method), hedged));
	}

	private RaceTemplate baseTemplate(String name, Method method) {
		BeanFactory beanFactory = beanFactory();
		RaceTemplateResolver resolver = beanFactory.getBeanProvider(RaceTemplateResolver.class).getIfUnique();
		if (resolver != null) {
			return resolver.getTemplate(name);
		}
		try {
			if (name.isEmpty()) {
				RaceTemplate unique = beanFactory.getBeanProvider(RaceTemplate.class).getIfUnique();
				return (unique != null) ? unique : beanFactory.getBean(DEFAULT_TEMPLATE_BEAN_NAME, RaceTemplate.class);
			}
			return beanFactory.getBean(name, RaceTemplate.class);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("No RaceTemplate for @Hedged method "
					+ method + ": define a RaceTemplate " + "bean" + (name.isEmpty()
							? " (a single one, a primary one, or one named 'raceTemplate')" : " named '" + name + "'")
					+ " or a RaceTemplateResolver bean", ex);
		}
	}

	private RaceTemplate customize(RaceTemplate template, Hedged hedged) {
		TimeUnit unit = hedged.timeUnit();
		Duration step = duration(hedged.step(), hedged.stepString(), unit, false);
		Duration deadline = duration(hedged.deadline(), hedged.deadlineString(), unit, true);
		Integer maxAttempts = maxAttempts(hedged);
		Class<? extends Throwable>[] abortOn = hedged.abortOn();
		if (step == null && deadline == null && maxAttempts == null && abortOn.length == 0) {
			return template;
		}
		return template.mutate((settings) -> customize(settings, step, deadline, maxAttempts, abortOn));
	}

	private static void customize(RaceSettings.Builder settings, @Nullable Duration step, @Nullable Duration deadline,
			@Nullable Integer maxAttempts, Class<? extends Throwable>[] abortOn) {
		if (step != null) {
			settings.step(step);
		}
		if (deadline != null) {
			settings.deadline(deadline);
		}
		if (maxAttempts != null) {
			settings.maxAttempts(maxAttempts);
		}
		if (abortOn.length > 0) {
			settings.abortOn(abortOn);
		}
	}

	/**
	 * Return the template with a decorator that restores the caller's context on every
	 * attempt: its own when it is a {@link ContextPropagatingAttemptDecorator} (the
	 * starter's templates), otherwise one inside the template's.
	 */
	private RaceTemplate withCallerContext(RaceTemplate template) {
		AttemptDecorator existing = template.attemptDecorator().orElse(null);
		if (existing instanceof ContextPropagatingAttemptDecorator) {
			return template;
		}
		AttemptDecorator callerContext = collaborators().callerContext();
		return template.withAttemptDecorator(
				(existing != null) ? new CompositeAttemptDecorator(existing, callerContext) : callerContext);
	}

	private @Nullable Integer maxAttempts(Hedged hedged) {
		String text = resolve(hedged.maxAttemptsString());
		if (text != null) {
			return Integer.valueOf(text.trim());
		}
		return (hedged.maxAttempts() > 0) ? hedged.maxAttempts() : null;
	}

	private @Nullable Duration duration(long value, String text, TimeUnit unit, boolean positiveOnly) {
		String resolved = resolve(text);
		if (resolved != null) {
			return DurationFormatterUtils.detectAndParse(resolved.trim(),
					DurationFormat.Unit.fromChronoUnit(unit.toChronoUnit()));
		}
		if (value < 0 || (positiveOnly && value == 0)) {
			return null;
		}
		return Duration.of(value, unit.toChronoUnit());
	}

	private @Nullable String resolve(String text) {
		if (!StringUtils.hasText(text)) {
			return null;
		}
		StringValueResolver resolver = this.valueResolver.get();
		String resolved = (resolver != null) ? resolver.resolveStringValue(text) : text;
		return StringUtils.hasText(resolved) ? resolved : null;
	}

	private BeanFactory beanFactory() {
		BeanFactory beanFactory = this.beanFactory.get();
		if (beanFactory == null) {
			throw new IllegalStateException("@Hedged methods need the post-processor to run in a bean factory");
		}
		return beanFactory;
	}

	private Collaborators collaborators() {
		Collaborators collaborators = this.collaborators;
		if (collaborators == null) {
			BeanFactory beanFactory = beanFactory();
			collaborators = new Collaborators(
					new ContextPropagatingAttemptDecorator(
							beanFactory.getBeanProvider(TaskDecorator.class).getIfUnique()),
					OBSERVATION_PRESENT ? MicrometerRaceObservers.of(beanFactory) : null);
			this.collaborators = collaborators;
		}
		return collaborators;
	}

	private static @Nullable Object proceed(ProxyMethodInvocation invocation) throws Exception {
		try {
			return invocation.invocableClone().proceed();
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UndeclaredThrowableException(ex);
		}
	}

	/** The bean factory's collaborators, looked up once. */
	private record Collaborators(AttemptDecorator callerContext, @Nullable Object observers) {

		RaceObserver start(RaceTemplate template, Method method, Class<?> targetClass) {
			Object observers = this.observers;
			if (observers == null) {
				return RaceObserver.NONE;
			}
			return ((MicrometerRaceObservers) observers).start(template.settings().name(), method, targetClass);
		}

	}

	/** One call of a {@code @Hedged} method. */
	private final class Call {

		private final RaceTemplate template;

		private final ProxyMethodInvocation invocation;

		private final Method method;

		private final Class<?> targetClass;

		Call(RaceTemplate template, ProxyMethodInvocation invocation, Method method, Class<?> targetClass) {
			this.template = template;
			this.invocation = invocation;
			this.method = method;
			this.targetClass = targetClass;
		}

		// A method's result may be null (void, or a null value): BlockingTask's result is
		// nullable, which NullAway cannot tell from its unannotated type variable.
		@SuppressWarnings("NullAway")
		@Nullable Object raceBlocking() throws Throwable {
			Collaborators collaborators = collaborators();
			RaceObserver observer = collaborators.start(this.template, this.method, this.targetClass);
			// The template's decorator captures the caller's context, this call's
			// observation included, when the race starts.
			CompletableFuture<@Nullable Object> race = observer.inScope(() -> this.template.submitFirst(ATTEMPTS,
					(Integer number, AttemptContext attempt) -> callAttempt(attempt, observer)));
			Object value;
			try {
				value = race.get();
			}
			catch (InterruptedException ex) {
				race.cancel(true);
				Thread.currentThread().interrupt();
				CancellationException cancelled = new CancellationException(
						"Interrupted while waiting for @Hedged method " + this.method.getName());
				cancelled.initCause(ex);
				observer.stop(cancelled, cancelled);
				throw cancelled;
			}
			catch (ExecutionException ex) {
				Throwable raceFailure = HedgedExceptions.unwrap(ex);
				Throwable thrown = HedgedExceptions.translate(raceFailure);
				observer.stop(raceFailure, thrown);
				throw thrown;
			}
			observer.stop(null, null);
			return value;
		}

		private @Nullable Object callAttempt(AttemptContext attempt, RaceObserver observer) throws Exception {
			observer.attemptStarted(attempt);
			AttemptContext previous = HedgedAttempt.enter(attempt);
			try {
				Object value = proceed(this.invocation);
				observer.attemptEnded(attempt, null);
				return value;
			}
			catch (Exception | Error ex) {
				observer.attemptEnded(attempt, ex);
				throw ex;
			}
			finally {
				HedgedAttempt.restore(previous);
			}
		}

		CompletableFuture<Object> raceAsync(Function<Object, CompletionStage<?>> toStage) {
			Collaborators collaborators = collaborators();
			RaceObserver observer = collaborators.start(this.template, this.method, this.targetClass);
			CompletableFuture<Object> race = observer.inScope(() -> this.template.firstAsync(ATTEMPTS,
					(Integer number, AttemptContext attempt) -> startAttempt(attempt, toStage, observer)));
			CompletableFuture<Object> result = new CompletableFuture<>();
			race.whenComplete((value, failure) -> {
				if (failure == null) {
					observer.stop(null, null);
					result.complete(value);
				}
				else {
					Throwable raceFailure = HedgedExceptions.unwrap(failure);
					Throwable thrown = HedgedExceptions.translate(raceFailure);
					observer.stop(raceFailure, thrown);
					result.completeExceptionally(thrown);
				}
			});
			// Cancelling (or completing) the caller's future ends the race.
			result.whenComplete((value, failure) -> race.cancel(true));
			return result;
		}

		@SuppressWarnings("unchecked")
		private CompletionStage<Object> startAttempt(AttemptContext attempt,
				Function<Object, CompletionStage<?>> toStage, RaceObserver observer) throws Exception {
			observer.attemptStarted(attempt);
			Object returned;
			AttemptContext previous = HedgedAttempt.enter(attempt);
			try {
				returned = proceed(this.invocation);
			}
			catch (Exception | Error ex) {
				observer.attemptEnded(attempt, ex);
				throw ex;
			}
			finally {
				HedgedAttempt.restore(previous);
			}
			if (returned == null) {
				NullPointerException failure = new NullPointerException(
						"@Hedged method " + this.method + " returned null instead of a stage or publisher");
				observer.attemptEnded(attempt, failure);
				throw failure;
			}
			CompletionStage<Object> stage = (CompletionStage<Object>) toStage.apply(returned);
			stage.whenComplete((value, failure) -> observer.attemptEnded(attempt,
					(failure != null) ? HedgedExceptions.unwrap(failure) : null));
			return stage;
		}

	}

}
