package site.js0.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time, with its own {@link Ticker}: nothing runs until the test
 * advances the clock, so schedules can be asserted exactly and without sleeping. Its
 * {@link #execute} runs tasks at once on the calling thread, so it also serves as a
 * direct executor. Shared with the tests of race-core's adapters (race-reactor) through
 * race-core's test jar.
 */
public class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	private final PriorityQueue<Task> queue = new PriorityQueue<>();

	private final Object advancing = new Object();

	private long now;

	private long sequence;

	private int scheduledCount;

	private boolean shutdown;

	final Ticker ticker = this::nanoTime;

	/**
	 * Return a settings builder whose races run on this scheduler's virtual time,
	 * launching on the calling thread.
	 * @return the settings
	 */
	public RaceSettings.Builder settings() {
		return settingsLaunchingOnRaceThreads().launchExecutor(this);
	}

	/**
	 * Return a settings builder whose races run on this scheduler's virtual time, with
	 * the hedges the timer launches started on race's own launch threads, as they are
	 * outside race-core's tests: a test waits, with a bound, for such a hedge to start.
	 * @return the settings
	 */
	public RaceSettings.Builder settingsLaunchingOnRaceThreads() {
		return RaceSettings.builder().scheduler(this).executor(this).ticker(this.ticker);
	}

	/**
	 * Return the virtual time.
	 * @return nanoseconds since the scheduler was made
	 */
	public synchronized long nanoTime() {
		return this.now;
	}

	/**
	 * Move the clock forward, running every task that falls due on the way, in time
	 * order. One advance at a time: a second one waits until the tasks of the first have
	 * run, so that an advance that returns has had all its effects.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		synchronized (this.advancing) {
			advanceAlone(duration);
		}
	}

	private void advanceAlone(Duration duration) {
		long target;
		synchronized (this) {
			target = this.now + duration.toNanos();
		}
		for (;;) {
			Task next;
			synchronized (this) {
				next = this.queue.peek();
				if (next == null || next.due > target) {
					this.now = target;
					return;
				}
				this.queue.poll();
				this.now = Math.max(this.now, next.due);
			}
			next.run();
		}
	}

	synchronized int pending() {
		return this.queue.size();
	}

	/**
	 * Return how many tasks were ever scheduled.
	 */
	synchronized int scheduledCount() {
		return this.scheduledCount;
	}

	@Override
	public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		if (this.shutdown) {
			throw new java.util.concurrent.RejectedExecutionException("shut down");
		}
		Task task = new Task(command, this.now + unit.toNanos(delay), this.sequence++);
		this.queue.add(task);
		this.scheduledCount++;
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
		synchronized (this) {
			if (this.shutdown) {
				throw new java.util.concurrent.RejectedExecutionException("shut down");
			}
		}
		command.run();
	}

	@Override
	public synchronized void shutdown() {
		this.shutdown = true;
	}

	@Override
	public synchronized List<Runnable> shutdownNow() {
		this.shutdown = true;
		List<Runnable> left = new ArrayList<>(this.queue);
		this.queue.clear();
		return left;
	}

	@Override
	public synchronized boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public synchronized boolean isTerminated() {
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

		private volatile boolean cancelled;

		private volatile boolean done;

		Task(Runnable command, long due, long sequence) {
			this.command = command;
			this.due = due;
			this.sequence = sequence;
		}

		@Override
		public void run() {
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
			synchronized (ManualScheduler.this) {
				ManualScheduler.this.queue.remove(this);
			}
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
		public Object get() throws InterruptedException, ExecutionException {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException();
		}

	}

}
