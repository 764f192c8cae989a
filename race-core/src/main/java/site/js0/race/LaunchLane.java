package site.js0.race;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that launch the hedges a timer found due: a queue of launch batches drained
 * by a few runners on the launch executor, rather than one executor task per batch.
 *
 * <p>
 * Why: handing every batch to the launch executor on its own costs a thread wake-up per
 * batch, and on an executor that starts a thread whenever none is idle (the library's
 * pool before Java 21) a machine short of CPU starts hundreds of threads, each making the
 * shortage worse. Here at most {@link #RUNNERS} runners drain the queue; a runner that is
 * already running takes the next batch without any wake-up, and the number of launch
 * threads no longer grows with the load.
 *
 * <p>
 * A task whose {@code start} blocks, against its contract, holds its runner. So that it
 * cannot hold back every other race's hedges, the lane watches for progress: when the
 * queue has waited {@link #STALL_NANOS} with every runner inside one piece of work, one
 * more runner is started, beyond the cap, and so on for each further stall period, up to
 * {@link #STALL_RUNNERS} more. The watch runs when work is submitted and, while work
 * waits, on one armed scheduler task; neither runs user code.
 *
 * <p>
 * Threads and state: the queue and the counters are lock-free; {@link #submit} is called
 * by the timer's thread, runners run on the launch executor. A runner leaves only after
 * it has seen the queue empty and then given up its place; whoever submits after that
 * finds the place free and starts a runner, so no batch is left without one.
 */
final class LaunchLane {

	/** The runners started without a stall: the cores, at least two. */
	static final int RUNNERS = Math.max(2, Runtime.getRuntime().availableProcessors());

	/**
	 * How long the queue waits with no runner progressing before one more is started.
	 * Long enough that runners merely starved of CPU on a saturated machine, which make
	 * no progress for some milliseconds at a time, are not mistaken for stuck ones: each
	 * mistaken runner would add a thread to the very shortage that stalled it.
	 */
	static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/**
	 * The most runners started for stalls, beyond {@link #RUNNERS}: a bound on the
	 * threads that starts blocking against their contract can cost; past it, the races
	 * behind them wait for a runner to come free, or for their deadline.
	 */
	static final int STALL_RUNNERS = 64;

	private final Executor executor;

	private final ScheduledExecutorService scheduler;

	private final Ticker ticker;

	private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

	/** Runners started and not yet gone, stall runners included. */
	private final AtomicInteger runners = new AtomicInteger();

	/** Whether a stall check is armed on the scheduler. */
	private final AtomicBoolean watching = new AtomicBoolean();

	/** When a runner last began or ended a piece of work, or a stall runner was added. */
	private volatile long progressAt;

	LaunchLane(Executor executor, ScheduledExecutorService scheduler, Ticker ticker) {
		this.executor = executor;
		this.scheduler = scheduler;
		this.ticker = ticker;
		this.progressAt = ticker.read();
	}

	/**
	 * Queue the work for a runner, starting one if fewer than {@link #RUNNERS} run. Never
	 * throws, never runs the work here unless the executor refuses a runner.
	 * @param work the work
	 */
	void submit(Runnable work) {
		this.queue.offer(work);
		for (;;) {
			int running = this.runners.get();
			if (running >= RUNNERS) {
				break;
			}
			if (this.runners.compareAndSet(running, running + 1)) {
				startRunner();
				return;
			}
		}
		checkStall();
		watch();
	}

	/**
	 * Record that a runner is making progress: called between the races of a batch, so
	 * that a long batch of quick launches does not look like a stall.
	 */
	void progressed() {
		this.progressAt = this.ticker.read();
	}

	int runners() {
		return this.runners.get();
	}

	private void startRunner() {
		try {
			this.executor.execute(this::drain);
		}
		catch (Throwable ex) {
			// The executor cannot start a thread: drain here rather than lose the work.
			drain();
		}
	}

	private void drain() {
		for (;;) {
			Runnable work;
			while ((work = this.queue.poll()) != null) {
				this.progressAt = this.ticker.read();
				try {
					work.run();
				}
				catch (Throwable ex) {
					// The work contains its own faults; this only keeps the runner going.
					Thread thread = Thread.currentThread();
					thread.getUncaughtExceptionHandler().uncaughtException(thread, ex);
				}
				// No clock read here: a batch reports progress after each race it
				// launched, and the next piece of work is stamped as it begins.
			}
			this.runners.decrementAndGet();
			// Work submitted after the poll above but before the decrement found every
			// place taken and relied on this runner: take a place back and go on.
			if (this.queue.isEmpty() || !rejoin()) {
				return;
			}
		}
	}

	private boolean rejoin() {
		for (;;) {
			int running = this.runners.get();
			if (running >= RUNNERS) {
				return false;
			}
			if (this.runners.compareAndSet(running, running + 1)) {
				return true;
			}
		}
	}

	/**
	 * Start one more runner if work waits and no runner has progressed for a stall
	 * period; the progress time is moved on, so that one stall adds one runner.
	 */
	private void checkStall() {
		if (this.queue.isEmpty()) {
			return;
		}
		long now = this.ticker.read();
		long last = this.progressAt;
		if (now - last < STALL_NANOS || this.runners.get() >= RUNNERS + STALL_RUNNERS) {
			return;
		}
		synchronized (this) {
			if (this.progressAt != last) {
				return;
			}
			this.progressAt = now;
		}
		this.runners.incrementAndGet();
		startRunner();
	}

	/**
	 * Arm one check a stall period ahead, while work waits, so that a stall is found even
	 * when nothing more is submitted.
	 */
	private void watch() {
		if (!this.watching.compareAndSet(false, true)) {
			return;
		}
		try {
			this.scheduler.schedule(this::watched, STALL_NANOS, TimeUnit.NANOSECONDS);
		}
		catch (Throwable ex) {
			// No scheduler to watch with: add a runner now rather than risk a stuck
			// queue.
			this.watching.set(false);
			this.runners.incrementAndGet();
			startRunner();
		}
	}

	private void watched() {
		this.watching.set(false);
		checkStall();
		if (!this.queue.isEmpty() && this.runners.get() >= RUNNERS) {
			watch();
		}
	}

}
