package site.js0.race.spring;

import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskDecorator;

import site.js0.race.AttemptDecorator;

/**
 * An {@link AttemptDecorator} that carries the context of the thread that starts a race
 * to every attempt, hedges started later by the timer included: the thread-locals known
 * to Micrometer's context-propagation library (the current observation among them, and so
 * the trace), the SLF4J MDC when SLF4J is present, and what a {@link TaskDecorator}
 * carries.
 *
 * <p>
 * One snapshot is taken per race, on the starting thread, and restored around each
 * attempt (a blocking attempt's whole call, an asynchronous attempt's start), then the
 * thread's own context is put back. Thread-locals the snapshot does not have are cleared
 * during the attempt. The task decorator decorates one runnable per race, on the starting
 * thread; that runnable is run around every attempt, possibly on several threads at once,
 * so it must be runnable more than once (decorators that copy thread-local values are).
 *
 * <pre class="code">
 * RaceTemplate template = new RaceTemplate(settings).withAttemptDecorator(new ContextPropagatingAttemptDecorator());
 * </pre>
 *
 * <p>
 * Thread-safe. The Spring Boot starter gives one to every template it builds, and
 * {@link Hedged @Hedged} methods use one when their template has none.
 */
public final class ContextPropagatingAttemptDecorator implements AttemptDecorator {

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().clearMissing(true).build();

	private final @Nullable TaskDecorator taskDecorator;

	/**
	 * Create a decorator for the context-propagation thread-locals and the MDC.
	 */
	public ContextPropagatingAttemptDecorator() {
		this(null);
	}

	/**
	 * Create a decorator for the context-propagation thread-locals, the MDC, and what the
	 * given task decorator carries.
	 * @param taskDecorator the task decorator, or {@code null} for none
	 */
	public ContextPropagatingAttemptDecorator(@Nullable TaskDecorator taskDecorator) {
		this.taskDecorator = taskDecorator;
	}

	@Override
	public Captured capture() {
		return CallerContext.capture(this.snapshots, this.taskDecorator);
	}

}
