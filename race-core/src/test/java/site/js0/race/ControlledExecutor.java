package site.js0.race;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An executor whose tasks wait in a queue until the test runs them, on the test's thread,
 * so that what happens between a hand-off and the start of a task can be set up exactly.
 */
final class ControlledExecutor implements Executor {

	private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

	@Override
	public synchronized void execute(Runnable command) {
		this.queue.add(command);
	}

	synchronized int queued() {
		return this.queue.size();
	}

	/**
	 * Run the oldest queued task.
	 */
	void runNext() {
		Runnable next;
		synchronized (this) {
			next = this.queue.remove();
		}
		next.run();
	}

	/**
	 * Run every queued task, those queued meanwhile included.
	 */
	void runAll() {
		while (queued() > 0) {
			runNext();
		}
	}

}
