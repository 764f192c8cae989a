package site.js0.race.benchmarks;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process server with a capacity, for the shedding measurement: a fixed number of
 * workers, each serving one request at a time for its service time (realised by a timer
 * of the given scheduler, never a sleeping thread), and a FIFO queue in front of them.
 * Unlike {@link SimulatedBackend}, extra load is fed back into latency: a hedge served is
 * a worker taken from the requests behind it.
 *
 * <p>
 * A request is in flight from its arrival (queued or in service) to its end, as the
 * shedding filter counts it when it runs on arrival, ahead of the application's
 * bottleneck (a WebFlux server, or a servlet container whose threads outnumber what the
 * application can do at once). With shedding on, a hedge that arrives with
 * {@code maxInFlight} or more requests in flight is answered at once with a failure, the
 * simulated 503, and costs no worker: the rule of the starter's {@code InFlightGate}.
 *
 * <p>
 * The server does not learn that a client gave up on a request (an HTTP server finds out,
 * if at all, when it writes the response), so every request it admits is served in full,
 * a hedge's loser included. Service times are given by the caller, so that runs compared
 * with each other can draw the same ones.
 */
final class SimulatedServer {

	private final int workers;

	private final int maxInFlight;

	private final ScheduledExecutorService timers;

	private final ArrayDeque<Request> queue = new ArrayDeque<>();

	private int busy;

	private int inFlight;

	private final LongAdder primaries = new LongAdder();

	private final LongAdder hedgesSent = new LongAdder();

	private final LongAdder hedgesShed = new LongAdder();

	private final LongAdder hedgesServed = new LongAdder();

	private final LongAdder busyNanos = new LongAdder();

	/**
	 * Create a server.
	 * @param workers the requests served at once
	 * @param maxInFlight the requests in flight at or above which hedges are shed, or 0
	 * to serve every hedge
	 * @param timers the scheduler that ends each service time, such as a
	 * {@link VirtualClock}
	 */
	SimulatedServer(int workers, int maxInFlight, ScheduledExecutorService timers) {
		this.workers = workers;
		this.maxInFlight = maxInFlight;
		this.timers = timers;
	}

	/**
	 * Send one request.
	 * @param hedge whether the request is marked as a hedge
	 * @param serviceNanos the worker time it takes once a worker takes it
	 * @return its response, or a {@link ShedException} at once if it is shed
	 */
	CompletableFuture<String> call(boolean hedge, long serviceNanos) {
		(hedge ? this.hedgesSent : this.primaries).increment();
		Request request = new Request(hedge, serviceNanos);
		boolean start;
		synchronized (this) {
			if (hedge && this.maxInFlight > 0 && this.inFlight >= this.maxInFlight) {
				this.hedgesShed.increment();
				return CompletableFuture.failedFuture(ShedException.INSTANCE);
			}
			this.inFlight++;
			start = this.busy < this.workers;
			if (start) {
				this.busy++;
			}
			else {
				this.queue.add(request);
			}
		}
		if (start) {
			serve(request);
		}
		return request.response;
	}

	private void serve(Request request) {
		if (request.hedge) {
			this.hedgesServed.increment();
		}
		this.busyNanos.add(request.serviceNanos);
		this.timers.schedule(() -> finish(request), request.serviceNanos, TimeUnit.NANOSECONDS);
	}

	private void finish(Request request) {
		// Completed outside the lock: completing runs the client's callbacks.
		request.response.complete(SimulatedTasks.VALUE);
		Request next;
		synchronized (this) {
			this.inFlight--;
			next = this.queue.poll();
			if (next == null) {
				this.busy--;
			}
		}
		if (next != null) {
			serve(next);
		}
	}

	/**
	 * Return the counts so far.
	 * @return primaries received, hedges received, shed and served, and the worker time
	 * used
	 */
	Counts counts() {
		return new Counts(this.primaries.sum(), this.hedgesSent.sum(), this.hedgesShed.sum(), this.hedgesServed.sum(),
				this.busyNanos.sum());
	}

	/**
	 * Return the requests in flight now.
	 * @return queued plus in service
	 */
	synchronized int inFlight() {
		return this.inFlight;
	}

	int workers() {
		return this.workers;
	}

	/**
	 * What the server received and did.
	 *
	 * @param primaries primaries received
	 * @param hedgesSent hedges received
	 * @param hedgesShed hedges answered with a 503
	 * @param hedgesServed hedges that took a worker
	 * @param busyNanos worker time used, in nanoseconds
	 */
	record Counts(long primaries, long hedgesSent, long hedgesShed, long hedgesServed, long busyNanos) {

	}

	private static final class Request {

		final boolean hedge;

		final long serviceNanos;

		final CompletableFuture<String> response = new CompletableFuture<>();

		Request(boolean hedge, long serviceNanos) {
			this.hedge = hedge;
			this.serviceNanos = serviceNanos;
		}

	}

	/** The simulated 503 of a shed hedge. */
	static final class ShedException extends RuntimeException {

		static final ShedException INSTANCE = new ShedException();

		private static final long serialVersionUID = 1L;

		private ShedException() {
			super("503 Service Unavailable: hedge shed", null, false, false);
		}

	}

}
