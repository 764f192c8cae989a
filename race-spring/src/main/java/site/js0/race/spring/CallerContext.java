package site.js0.race.spring;

import java.util.Map;
import java.util.concurrent.Callable;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;
import org.springframework.util.ClassUtils;

import site.js0.race.AttemptDecorator;

/**
 * The context of the thread that called a {@code @Hedged} method, captured once per race
 * on that thread and restored around each attempt on whichever thread runs it: the
 * thread-locals known to Micrometer's context-propagation (the current observation among
 * them, and so the trace), the SLF4J MDC, and what a {@link TaskDecorator} carries.
 *
 * <p>
 * The task decorator decorates one runnable per race, on the caller's thread; that
 * runnable is then run once around each attempt, possibly on several threads at once, so
 * the decorator must give a runnable that can be run more than once (decorators that copy
 * thread-local values, as MDC or security context decorators do, can).
 *
 * <p>
 * Immutable once captured, and safe to restore on several threads at once.
 */
final class CallerContext implements AttemptDecorator.Captured {

	private static final boolean MDC_PRESENT = ClassUtils.isPresent("org.slf4j.MDC",
			CallerContext.class.getClassLoader());

	/** The work of the attempt that the current thread runs inside the decorator. */
	private static final ThreadLocal<@Nullable Runnable> DECORATED_WORK = new ThreadLocal<>();

	private final ContextSnapshot snapshot;

	private final @Nullable Map<String, String> mdc;

	private final @Nullable Runnable decorated;

	private CallerContext(ContextSnapshot snapshot, @Nullable Map<String, String> mdc, @Nullable Runnable decorated) {
		this.snapshot = snapshot;
		this.mdc = mdc;
		this.decorated = decorated;
	}

	/**
	 * Capture the current thread's context.
	 * @param snapshots the factory of context-propagation snapshots
	 * @param decorator the task decorator, or {@code null}
	 * @return the captured context
	 */
	static CallerContext capture(ContextSnapshotFactory snapshots, @Nullable TaskDecorator decorator) {
		ContextSnapshot snapshot = snapshots.captureAll();
		Map<String, String> mdc = MDC_PRESENT ? Mdc.copy() : null;
		Runnable decorated = (decorator != null) ? decorator.decorate(CallerContext::runDecoratedWork) : null;
		return new CallerContext(snapshot, mdc, decorated);
	}

	/**
	 * Run the task with the captured context in place, and give the thread its own
	 * context back afterwards.
	 * @param <T> the result type
	 * @param task the task
	 * @return the task's result
	 * @throws Exception what the task throws
	 */
	@Override
	public <T> T call(Callable<T> task) throws Exception {
		Runnable decorated = this.decorated;
		if (decorated == null) {
			return callRestored(task);
		}
		Outcome<T> outcome = new Outcome<>();
		Runnable previous = DECORATED_WORK.get();
		DECORATED_WORK.set(() -> outcome.run(this, task));
		try {
			decorated.run();
		}
		finally {
			if (previous == null) {
				DECORATED_WORK.remove();
			}
			else {
				DECORATED_WORK.set(previous);
			}
		}
		return outcome.get();
	}

	private <T> T callRestored(Callable<T> task) throws Exception {
		Map<String, String> previousMdc = (this.mdc != null) ? Mdc.replace(this.mdc) : null;
		try (ContextSnapshot.Scope scope = this.snapshot.setThreadLocals()) {
			return task.call();
		}
		finally {
			if (previousMdc != null) {
				Mdc.replace(previousMdc);
			}
		}
	}

	private static void runDecoratedWork() {
		Runnable work = DECORATED_WORK.get();
		if (work != null) {
			work.run();
		}
	}

	/** The result of a task run inside a task decorator's runnable. */
	private static final class Outcome<T> {

		private boolean done;

		private @Nullable T value;

		private @Nullable Throwable failure;

		void run(CallerContext context, Callable<T> task) {
			try {
				this.value = context.callRestored(task);
			}
			catch (Throwable ex) {
				this.failure = ex;
			}
			this.done = true;
		}

		@SuppressWarnings("NullAway") // a null value is the task's own result
		T get() throws Exception {
			if (!this.done) {
				throw new IllegalStateException("The TaskDecorator did not run the @Hedged attempt it decorated");
			}
			Throwable failure = this.failure;
			if (failure instanceof Exception exception) {
				throw exception;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			if (failure != null) {
				throw new IllegalStateException(failure);
			}
			return this.value;
		}

	}

	/** MDC access, in a class of its own so that SLF4J stays optional. */
	private static final class Mdc {

		static Map<String, String> copy() {
			Map<String, String> copy = MDC.getCopyOfContextMap();
			return (copy != null) ? copy : Map.of();
		}

		/**
		 * Replace the MDC of the current thread.
		 * @param values the new values
		 * @return the values it had
		 */
		static Map<String, String> replace(Map<String, String> values) {
			Map<String, String> previous = copy();
			if (values.isEmpty()) {
				MDC.clear();
			}
			else {
				MDC.setContextMap(values);
			}
			return previous;
		}

	}

}
