package site.js0.race.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.DisposableBean;

/**
 * The auto-configured scheduler: daemon threads, cancelled timers leave the queue at once
 * (a decided race cancels its pending launch, and millions of short races must not leave
 * millions of dead timers), and on destruction it stops at once and waits for its threads
 * to end.
 */
final class RaceScheduler extends ScheduledThreadPoolExecutor implements DisposableBean {

	private final Duration awaitTermination;

	RaceScheduler(int poolSize, String threadNamePrefix, Duration awaitTermination) {
		super(poolSize, daemonThreads(threadNamePrefix));
		this.awaitTermination = awaitTermination;
		setRemoveOnCancelPolicy(true);
		// Pending launches belong to races that the lifecycle has already cancelled.
		setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicLong counter = new AtomicLong();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public void destroy() throws InterruptedException {
		shutdownNow();
		awaitTermination(this.awaitTermination.toNanos(), TimeUnit.NANOSECONDS);
	}

}
