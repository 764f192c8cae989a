package site.js0.race;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The wake-ups of a template's races, kept in one binary heap and timed by as few
 * scheduler tasks as possible: one pending task for the earliest wake-up, rather than one
 * per race.
 *
 * <p>
 * Why not one scheduler task per race: a race won before its next step must drop its
 * timer, and a {@link ScheduledExecutorService} that does not remove cancelled tasks (any
 * wrapped one, {@code Executors.unconfigurableScheduledExecutorService} included) keeps
 * them queued until their time; ten thousand races won at once with a one-hour step would
 * leave ten thousand dead tasks for an hour. Here a race that no longer needs its wake-up
 * leaves the heap at once, and the scheduler only ever holds the few ticks armed for the
 * heap's earliest entry. The scheduler is used as given, never reconfigured.
 *
 * <p>
 * Threads and locks. The heap and the armed tick are guarded by this queue's monitor,
 * held for a few field writes and heap moves; no user code, no race lock and no scheduler
 * call runs under it. A tick runs on the scheduler thread: it takes the due nodes out of
 * the heap, lets each {@linkplain Node#expire expire} (a decision that runs no user
 * code), and hands the launches that follow to the {@link LaunchLane} (a few runners on
 * the launch executor) and each deadline's finish to the launch executor, so that the
 * scheduler thread never runs a task, a listener or a completion. A scheduler that throws
 * from {@code schedule} ends every node then waiting, each told by
 * {@link Node#timerFailed}, since none of them could be woken.
 */
final class TimerQueue {

	private static final Node[] EMPTY = new Node[0];

	/** The most due races one launch thread takes from a tick. */
	static final int BATCH = 256;

	private final ScheduledExecutorService scheduler;

	private final Executor launcher;

	private final Ticker ticker;

	private final LaunchLane lane;

	// Guarded by this.

	private Node[] heap = EMPTY;

	private int size;

	/**
	 * The time of the earliest armed tick, or {@code Long.MAX_VALUE} when none is armed.
	 */
	private long armedAt = Long.MAX_VALUE;

	private @Nullable Tick armed;

	TimerQueue(ScheduledExecutorService scheduler, Executor launcher, Ticker ticker) {
		this.scheduler = scheduler;
		this.launcher = launcher;
		this.ticker = ticker;
		this.lane = new LaunchLane(launcher, scheduler, ticker);
	}

	/**
	 * Wake the node at the given time, replacing the wake-up it had, or not at all if the
	 * time is {@code Long.MAX_VALUE}. Called without any lock held; never throws.
	 * @param node the node
	 * @param at the absolute ticker time
	 */
	void wakeAt(Node node, long at) {
		wakeAt(node, at, false);
	}

	private void wakeAt(Node node, long at, boolean onTickThread) {
		if (at == Long.MAX_VALUE) {
			cancel(node);
			return;
		}
		Tick tick;
		Tick superseded;
		synchronized (this) {
			if (node.heapIndex >= 0) {
				if (node.wakeAt == at) {
					return;
				}
				removeAt(node.heapIndex);
			}
			node.wakeAt = at;
			insert(node);
			if (at >= this.armedAt) {
				return;
			}
			superseded = this.armed;
			tick = new Tick(at);
			this.armed = tick;
			this.armedAt = at;
		}
		arm(tick, superseded, onTickThread);
	}

	/**
	 * Drop the node's wake-up, if it has one. Calls the scheduler only to cancel a tick
	 * that nothing waits for any more, and only when the scheduler removes cancelled
	 * tasks.
	 * @param node the node
	 */
	void cancel(Node node) {
		Tick idle = null;
		synchronized (this) {
			if (node.heapIndex < 0) {
				return;
			}
			removeAt(node.heapIndex);
			if (this.size == 0 && this.armed != null && removesCancelledTasks()) {
				// Nothing left to wake: with a scheduler that drops cancelled tasks, drop
				// the tick too, so that nothing of a finished race stays in it. Elsewhere
				// the tick stays, one per queue, and serves the next race.
				idle = this.armed;
				this.armed = null;
				this.armedAt = Long.MAX_VALUE;
			}
		}
		if (idle != null) {
			idle.cancel();
		}
	}

	private boolean removesCancelledTasks() {
		return this.scheduler instanceof ScheduledThreadPoolExecutor pool && pool.getRemoveOnCancelPolicy();
	}

	synchronized int size() {
		return this.size;
	}

	private void arm(Tick tick, @Nullable Tick superseded, boolean onTickThread) {
		long delay = Math.max(0, tick.at - this.ticker.read());
		try {
			tick.scheduled(this.scheduler.schedule(tick, delay, TimeUnit.NANOSECONDS));
		}
		catch (Throwable ex) {
			schedulerFailed(tick, ex, onTickThread);
			return;
		}
		if (superseded != null) {
			superseded.cancel();
		}
	}

	/**
	 * End every node waiting on this queue: the scheduler refused the tick they needed.
	 */
	private void schedulerFailed(Tick tick, Throwable failure, boolean onTickThread) {
		Node[] stranded;
		synchronized (this) {
			if (this.armed == tick) {
				this.armed = null;
				this.armedAt = Long.MAX_VALUE;
			}
			stranded = Arrays.copyOf(this.heap, this.size);
			for (int i = 0; i < this.size; i++) {
				this.heap[i].heapIndex = -1;
				this.heap[i] = null;
			}
			this.size = 0;
		}
		Runnable fail = () -> {
			for (Node node : stranded) {
				node.timerFailed(failure);
			}
		};
		if (onTickThread) {
			handOff(fail);
		}
		else {
			fail.run();
		}
	}

	/**
	 * Run work on the launch executor; if it cannot take the work (it failed to start a
	 * thread, say), run it here rather than lose it.
	 */
	void handOff(Runnable work) {
		try {
			this.launcher.execute(work);
		}
		catch (Throwable ex) {
			work.run();
		}
	}

	private void fire(Tick tick) {
		long now = this.ticker.read();
		Node[] due = EMPTY;
		int count = 0;
		Tick next = null;
		Tick superseded = null;
		synchronized (this) {
			if (this.armed == tick) {
				this.armed = null;
				this.armedAt = Long.MAX_VALUE;
			}
			while (this.size > 0 && this.heap[0].wakeAt <= now) {
				if (count == due.length) {
					due = Arrays.copyOf(due, Math.max(8, count * 2));
				}
				due[count++] = this.heap[0];
				removeAt(0);
			}
			if (this.size > 0 && this.heap[0].wakeAt < this.armedAt) {
				superseded = this.armed;
				next = new Tick(this.heap[0].wakeAt);
				this.armed = next;
				this.armedAt = next.at;
			}
		}
		if (count > 0) {
			expire(due, count, now);
		}
		if (next != null) {
			arm(next, superseded, true);
		}
	}

	/**
	 * Let the due nodes decide, here on the tick thread, what they need, then hand that
	 * work over: the launches in batches of at most {@value #BATCH}, each node whose
	 * deadline passed on its own, so that neither a task whose start blocks against its
	 * contract nor another race's completion delays a deadline.
	 */
	private void expire(Node[] due, int count, long now) {
		Node[] launches = new Node[count];
		int launchCount = 0;
		Node[] ends = new Node[count];
		int endCount = 0;
		Node[] guarded = null;
		int guardedCount = 0;
		for (int i = 0; i < count; i++) {
			Node node = due[i];
			boolean ended;
			try {
				ended = node.expire(now);
			}
			catch (Throwable ex) {
				// A node's own bookkeeping does not throw; if it did, the other nodes
				// must still run.
				continue;
			}
			if (ended) {
				ends[endCount++] = node;
				continue;
			}
			launches[launchCount++] = node;
			if (node.guardAt() != Long.MAX_VALUE) {
				if (guarded == null) {
					guarded = new Node[count - i];
				}
				guarded[guardedCount++] = node;
			}
		}
		if (guarded != null) {
			guard(guarded, guardedCount);
		}
		for (int i = 0; i < endCount; i++) {
			// One hand-off each: finishing a race completes its future, whose dependents
			// are user code that must not hold back the next race's result.
			handOff(ends[i]);
		}
		// Launches in chunks, so that a burst of due races is launched by every runner
		// of the lane rather than one after the other.
		for (int from = 0; from < launchCount; from += BATCH) {
			this.lane.submit(new Batch(this.lane, launches, from, Math.min(launchCount, from + BATCH)));
		}
	}

	/**
	 * Put the deadlines of nodes whose launch waits for a thread back in the heap, under
	 * one lock for all of them, so that a deadline still fires if the launch threads are
	 * all stuck.
	 */
	private void guard(Node[] nodes, int count) {
		Tick tick = null;
		Tick superseded = null;
		synchronized (this) {
			for (int i = 0; i < count; i++) {
				Node node = nodes[i];
				long at = node.guardAt();
				if (node.heapIndex >= 0 || at == Long.MAX_VALUE) {
					// Woken again already by a launch thread that got there first.
					continue;
				}
				node.wakeAt = at;
				insert(node);
			}
			if (this.size > 0 && this.heap[0].wakeAt < this.armedAt) {
				superseded = this.armed;
				tick = new Tick(this.heap[0].wakeAt);
				this.armed = tick;
				this.armedAt = tick.at;
			}
		}
		if (tick != null) {
			arm(tick, superseded, true);
		}
	}

	private void insert(Node node) {
		if (this.size == this.heap.length) {
			this.heap = Arrays.copyOf(this.heap, Math.max(16, this.size * 2));
		}
		int index = this.size++;
		siftUp(index, node);
	}

	private void removeAt(int index) {
		Node removed = this.heap[index];
		removed.heapIndex = -1;
		int last = --this.size;
		Node moved = this.heap[last];
		this.heap[last] = null;
		if (index == last) {
			return;
		}
		siftDown(index, moved);
		if (this.heap[index] == moved) {
			siftUp(index, moved);
		}
	}

	private void siftUp(int index, Node node) {
		while (index > 0) {
			int parent = (index - 1) >>> 1;
			Node above = this.heap[parent];
			if (above.wakeAt <= node.wakeAt) {
				break;
			}
			this.heap[index] = above;
			above.heapIndex = index;
			index = parent;
		}
		this.heap[index] = node;
		node.heapIndex = index;
	}

	private void siftDown(int index, Node node) {
		int half = this.size >>> 1;
		while (index < half) {
			int child = 2 * index + 1;
			Node smaller = this.heap[child];
			int right = child + 1;
			if (right < this.size && this.heap[right].wakeAt < smaller.wakeAt) {
				child = right;
				smaller = this.heap[child];
			}
			if (node.wakeAt <= smaller.wakeAt) {
				break;
			}
			this.heap[index] = smaller;
			smaller.heapIndex = index;
			index = child;
		}
		this.heap[index] = node;
		node.heapIndex = index;
	}

	/**
	 * Something that wants to be woken: a race. Its heap position lives in the node
	 * itself, so a pending race costs no allocation beyond itself.
	 */
	abstract static class Node implements Runnable {

		/** Guarded by the queue. */
		long wakeAt;

		/** Guarded by the queue; {@code -1} when not queued. */
		int heapIndex = -1;

		/**
		 * Decide, on the scheduler thread, what the wake-up means: an end (a deadline
		 * that passed) or a launch. Must not run user code or block. Either way
		 * {@link #run()} follows on a launch thread.
		 * @param now the ticker time
		 * @return {@code true} if the node has ended
		 */
		abstract boolean expire(long now);

		/**
		 * Return when to wake the node again while its launch waits for a thread: its
		 * deadline, or {@code Long.MAX_VALUE}.
		 * @return the absolute ticker time
		 */
		abstract long guardAt();

		/**
		 * Called, never on the scheduler thread, when the scheduler failed to arm a tick
		 * this node was waiting for.
		 * @param failure what the scheduler threw
		 */
		abstract void timerFailed(Throwable failure);

	}

	/**
	 * One armed scheduler task.
	 */
	private final class Tick implements Runnable {

		final long at;

		private volatile @Nullable Future<?> future;

		private volatile boolean cancelled;

		Tick(long at) {
			this.at = at;
		}

		@Override
		public void run() {
			fire(this);
		}

		/**
		 * Keep the scheduler's handle, cancelling it at once if the tick was cancelled
		 * while it was being scheduled: either this thread sees the flag or
		 * {@link #cancel()} sees the handle.
		 */
		void scheduled(Future<?> future) {
			this.future = future;
			if (this.cancelled) {
				cancel(future);
			}
		}

		void cancel() {
			this.cancelled = true;
			Future<?> future = this.future;
			if (future != null) {
				cancel(future);
			}
		}

		private static void cancel(Future<?> future) {
			try {
				future.cancel(false);
			}
			catch (Throwable ex) {
				// A scheduler's future that throws from cancel: the tick fires and finds
				// nothing due.
			}
		}

	}

	/**
	 * Nodes handed over together, run one after the other on a launch thread.
	 */
	private static final class Batch implements Runnable {

		private final LaunchLane lane;

		private final Node[] nodes;

		private final int from;

		private final int to;

		Batch(LaunchLane lane, Node[] nodes, int from, int to) {
			this.lane = lane;
			this.nodes = nodes;
			this.from = from;
			this.to = to;
		}

		@Override
		public void run() {
			for (int i = this.from; i < this.to; i++) {
				try {
					this.nodes[i].run();
				}
				catch (Throwable ex) {
					// A race contains its own faults; this only keeps the rest of the
					// batch going.
					Thread thread = Thread.currentThread();
					thread.getUncaughtExceptionHandler().uncaughtException(thread, ex);
				}
				this.lane.progressed();
			}
		}

	}

}
