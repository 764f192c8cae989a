package site.js0.race.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The auto-configured pool of platform threads, with its keep-alive applied to the
 * nanosecond: {@link ThreadPoolTaskExecutor} only takes whole seconds, which would turn
 * {@code 250ms} into zero and {@code 1500ms} into one second.
 *
 * <p>
 * The pool has no core threads, so every thread is reclaimed once it has been idle for
 * the keep-alive; zero reclaims it as soon as it has no task.
 */
final class RaceThreadPoolTaskExecutor extends ThreadPoolTaskExecutor {

	private static final long serialVersionUID = 1L;

	private Duration keepAlive = Duration.ofSeconds(60);

	// For ThreadPoolTaskExecutorBuilder.build(Class).
	RaceThreadPoolTaskExecutor() {
	}

	/**
	 * Set how long an idle thread is kept before it ends.
	 * @param keepAlive zero or more, at most {@link Long#MAX_VALUE} nanoseconds
	 */
	void setKeepAlive(Duration keepAlive) {
		this.keepAlive = keepAlive;
		// Keeps getKeepAliveSeconds() meaningful; the pool itself gets the exact value.
		setKeepAliveSeconds((int) Math.min(keepAlive.getSeconds(), Integer.MAX_VALUE));
	}

	@Override
	protected ExecutorService initializeExecutor(ThreadFactory threadFactory,
			RejectedExecutionHandler rejectedExecutionHandler) {
		ExecutorService executor = super.initializeExecutor(threadFactory, rejectedExecutionHandler);
		getThreadPoolExecutor().setKeepAliveTime(this.keepAlive.toNanos(), TimeUnit.NANOSECONDS);
		return executor;
	}

}
