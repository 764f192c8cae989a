package site.js0.race;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The library's shared default scheduler and executor, created on first use. Their
 * threads are daemons, so they never keep a JVM alive.
 */
final class RaceExecutors {

	private RaceExecutors() {
	}

	static ScheduledExecutorService scheduler() {
		return SchedulerHolder.INSTANCE;
	}

	static ExecutorService executor() {
		return ExecutorHolder.INSTANCE;
	}

	/**
	 * Create a scheduler suitable for races: timer tasks only, cancelled tasks leave the
	 * queue at once.
	 * @param threads the number of threads
	 * @param threadNamePrefix the prefix of thread names
	 * @return a new scheduler
	 */
	static ScheduledThreadPoolExecutor newScheduler(int threads, String threadNamePrefix) {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(threads,
				daemonThreads(threadNamePrefix));
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		return scheduler;
	}

	static ThreadFactory daemonThreads(String prefix) {
		AtomicLong counter = new AtomicLong();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Return whether virtual threads are available (Java 21 and later).
	 * @return whether virtual threads are available
	 */
	static boolean virtualThreadsAvailable() {
		return VirtualThreads.FACTORY != null;
	}

	private static final class SchedulerHolder {

		static final ScheduledExecutorService INSTANCE = newScheduler(1, "race-scheduler-");

	}

	private static final class ExecutorHolder {

		static final ExecutorService INSTANCE = create();

		private static ExecutorService create() {
			ThreadFactory virtual = VirtualThreads.FACTORY;
			if (virtual != null) {
				return VirtualThreads.newThreadPerTaskExecutor(virtual);
			}
			ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
					new SynchronousQueue<>(), daemonThreads("race-worker-"));
			return pool;
		}

	}

	/**
	 * Virtual threads through method handles, so that the library keeps Java 17 bytecode
	 * and uses them where the runtime has them.
	 */
	static final class VirtualThreads {

		static final @Nullable ThreadFactory FACTORY = findFactory();

		private VirtualThreads() {
		}

		private static @Nullable ThreadFactory findFactory() {
			try {
				MethodHandles.Lookup lookup = MethodHandles.publicLookup();
				Class<?> builderType = Class.forName("java.lang.Thread$Builder");
				Object builder = lookup
					.findStatic(Thread.class, "ofVirtual",
							MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")))
					.invoke();
				MethodHandle name = lookup.findVirtual(builderType, "name",
						MethodType.methodType(builderType, String.class, long.class));
				builder = name.invoke(builder, "race-virtual-", 1L);
				return (ThreadFactory) lookup
					.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class))
					.invoke(builder);
			}
			catch (Throwable ex) {
				return null;
			}
		}

		static ExecutorService newThreadPerTaskExecutor(ThreadFactory factory) {
			try {
				return (ExecutorService) MethodHandles.publicLookup()
					.findStatic(Executors.class, "newThreadPerTaskExecutor",
							MethodType.methodType(ExecutorService.class, ThreadFactory.class))
					.invoke(factory);
			}
			catch (Throwable ex) {
				throw new IllegalStateException("Virtual threads are available but cannot be used", ex);
			}
		}

	}

}
