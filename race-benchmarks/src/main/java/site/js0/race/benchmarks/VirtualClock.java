package site.js0.race.benchmarks;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import site.js0.race.RaceSettings;
import site.js0.race.Ticker;

/**
 * A discrete-event clock: a scheduler on virtual time, driven by one thread, that runs
 * each task at its due time in time order and jumps the clock from one task to the next.
 * Races whose settings it provides ({@link #settings()}) run on it with race-core's own
 * code, so a simulation of minutes takes seconds and gives the same numbers on any
 * machine, however busy: no timer is late. Its {@link #execute} runs a task at once on
 * the calling thread. Not thread-safe: one thread schedules and runs everything.
 */
final class VirtualClock extends AbstractExecutorService implements ScheduledExecutorService {

	private final PriorityQueue<Task> queue = new PriorityQueue<>();

	private long now;

	private long sequence;

	private boolean shutdown;

	/** The clock's time, for race-core. */
	final Ticker ticker = this::nanoTime;

	/**
	 * Return a settings builder whose races run on this clock, launching on the calling
	 * thread.
	 * @return the builder
	 */
	RaceSettings.Builder settings() {
		RaceSettings.Builder builder = RaceSettings.builder().scheduler(this).executor(this).ticker(this.ticker);
		// Hedges that fall due on the timer are launched on the library's shared executor
		// unless told otherwise, and race-core keeps that setting for its own tests on
		// virtual time (package-private). Set by reflection, so that a hedge launches on
		// this clock's thread at its virtual time, not on a real thread that the clock
		// would run ahead of.
		try {
			Method launchExecutor = RaceSettings.Builder.class.getDeclaredMethod("launchExecutor", Executor.class);
			launchExecutor.setAccessible(true);
			launchExecutor.invoke(builder, this);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("race-core's launch executor cannot be set for virtual time", ex);
		}
		return builder;
	}

	long nanoTime() {
		return this.now;
	}

	/**
	 * Run tasks in time order until the condition holds or none is left.
	 * @param done the condition, checked after each task
	 */
	void runUntil(BooleanSupplier done) {
		while (!done.getAsBoolean()) {
			Task next = this.queue.poll();
			if (next == null) {
				return;
			}
			this.now = Math.max(this.now, next.due);
			next.run();
		}
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		if (this.shutdown) {
			throw new RejectedExecutionException("shut down");
		}
		Task task = new Task(command, this.now + Math.max(0, unit.toNanos(delay)), this.sequence++);
		this.queue.add(task);
		return task;
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void execute(Runnable command) {
		if (this.shutdown) {
			throw new RejectedExecutionException("shut down");
		}
		command.run();
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.shutdown = true;
		List<Runnable> left = new ArrayList<>(this.queue);
		this.queue.clear();
		return left;
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		return this.shutdown;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return true;
	}

	private final class Task implements ScheduledFuture<Object>, Runnable {

		final Runnable command;

		final long due;

		final long sequence;

		private boolean cancelled;

		private boolean done;

		Task(Runnable command, long due, long sequence) {
			this.command = command;
			this.due = due;
			this.sequence = sequence;
		}

		@Override
		public void run() {
			// A cancelled task stays in the queue until due, and is skipped then: cheaper
			// than removing it from the heap.
			if (!this.cancelled) {
				this.done = true;
				this.command.run();
			}
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.due - nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			Task that = (Task) other;
			int byDue = Long.compare(this.due, that.due);
			return (byDue != 0) ? byDue : Long.compare(this.sequence, that.sequence);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			if (this.done || this.cancelled) {
				return false;
			}
			this.cancelled = true;
			return true;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.done || this.cancelled;
		}

		@Override
		public Object get() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException();
		}

	}

}
