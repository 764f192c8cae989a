package site.js0.race.reactor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

import site.js0.race.AttemptContext;

/**
 * A {@link MonoTask} whose attempts stay pending until the test completes them, recording
 * for each attempt its argument and context, how often its {@code Mono} was subscribed
 * to, in which Reactor context, and whether that subscription was cancelled.
 */
final class PendingMonos<A> implements MonoTask<A, String> {

	final List<A> arguments = new CopyOnWriteArrayList<>();

	final List<AttemptContext> attempts = new CopyOnWriteArrayList<>();

	final List<Sinks.One<String>> sinks = new CopyOnWriteArrayList<>();

	final List<AtomicInteger> subscriptions = new CopyOnWriteArrayList<>();

	final List<AtomicBoolean> cancellations = new CopyOnWriteArrayList<>();

	final List<ContextView> contexts = new CopyOnWriteArrayList<>();

	@Override
	public Mono<String> start(A argument, AttemptContext attempt) {
		this.attempts.add(attempt);
		return next(argument);
	}

	/**
	 * Return a fresh pending {@code Mono} for one attempt, as a supplier of calls would.
	 */
	Mono<String> next(A argument) {
		Sinks.One<String> sink = Sinks.one();
		AtomicInteger subscribed = new AtomicInteger();
		AtomicBoolean cancelled = new AtomicBoolean();
		Mono<String> mono = Mono.deferContextual((context) -> {
			subscribed.incrementAndGet();
			this.contexts.add(context);
			return sink.asMono();
		}).doOnCancel(() -> cancelled.set(true));
		this.arguments.add(argument);
		this.subscriptions.add(subscribed);
		this.cancellations.add(cancelled);
		// Last: launched() counts an attempt only once everything about it is recorded.
		this.sinks.add(sink);
		return mono;
	}

	int launched() {
		return this.sinks.size();
	}

	void succeed(int index, String value) {
		this.sinks.get(index).tryEmitValue(value).orThrow();
	}

	void fail(int index, Throwable failure) {
		this.sinks.get(index).tryEmitError(failure).orThrow();
	}

	void completeEmpty(int index) {
		this.sinks.get(index).tryEmitEmpty().orThrow();
	}

	boolean cancelled(int index) {
		return this.cancellations.get(index).get();
	}

	int subscriptions(int index) {
		return this.subscriptions.get(index).get();
	}

}
