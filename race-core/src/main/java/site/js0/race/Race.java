package site.js0.race;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One run of a task over a sequence of arguments: the state machine behind every
 * {@link RaceTemplate} method.
 *
 * <p>Concurrency design. Three kinds of event move a race on: the caller starting it, the timer
 * firing, and attempts completing (on any thread). Launching is serialised by a work-in-progress
 * counter ({@link #drain()}): whichever thread finds it at zero launches everything that is due,
 * the others only record that there is work, so the argument iterator and the tasks' {@code start}
 * are never run concurrently and never under a lock. The race's monitor guards the bookkeeping
 * (attempts, counts, the decision) for a few field writes at a time; no user code, listener or
 * future completion ever runs while it is held. At most one timer is pending: it wakes the race
 * for the next launch or for the deadline, whichever comes first, and it only hands the race to
 * the executor, so that the scheduler thread never runs user code.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
final class Race<A, T> implements RaceInfo {

	private static final VarHandle WIP;

	static {
		try {
			WIP = MethodHandles.lookup().findVarHandle(Race.class, "wip", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final Attempt<?, ?>[] NO_ATTEMPTS = new Attempt<?, ?>[0];

	private final RaceSettings settings;

	private final Iterator<? extends A> arguments;

	private final @Nullable AsyncTask<? super A, ? extends T> asyncTask;

	private final @Nullable BlockingTask<? super A, ? extends T> blockingTask;

	private final @Nullable RaceFuture<T> future;

	private final @Nullable RaceStream<A, T> stream;

	private final @Nullable RaceListener listener;

	private final LaunchPolicy policy;

	private final Ticker ticker;

	private final Executor executor;

	private final long startNanos;

	/** Offset from the start at which the deadline passes, or {@code Long.MAX_VALUE}. */
	private final long deadlineOffset;

	private volatile int wip;

	// Guarded by this; written only by the thread that holds the work-in-progress counter.

	private long nextDueOffset;

	// Guarded by this.

	private volatile @Nullable Timer timer;

	private Attempt<A, T>[] attempts;

	private volatile int launched;

	private int inFlight;

	private int advances;

	private boolean exhausted;

	private volatile boolean terminated;

	private volatile boolean endedByCancel;

	private int winnerIndex = -1;

	private @Nullable RejectedExecutionException rejection;

	/** The start and launches not yet reported to every listener. */
	private int announcing;

	/** The end of the race, held back until the launches in {@link #announcing} are reported. */
	private @Nullable Runnable deferredEnd;

	@SuppressWarnings("unchecked")
	private Race(RaceSettings settings, Iterator<? extends A> arguments, @Nullable AsyncTask<? super A, ? extends T> asyncTask,
			@Nullable BlockingTask<? super A, ? extends T> blockingTask, boolean stream) {
		this.settings = settings;
		this.arguments = arguments;
		this.asyncTask = asyncTask;
		this.blockingTask = blockingTask;
		this.future = stream ? null : new RaceFuture<>(this);
		this.stream = stream ? new RaceStream<>(this) : null;
		this.listener = settings.listeners().isEmpty() ? null : new CompositeRaceListener(settings.listeners());
		this.policy = settings.launchPolicy();
		this.ticker = settings.ticker();
		this.executor = settings.executor();
		this.attempts = (Attempt<A, T>[]) NO_ATTEMPTS;
		Duration deadline = settings.deadlineOrNull();
		this.deadlineOffset = (deadline != null) ? Durations.saturatedNanos(deadline) : Long.MAX_VALUE;
		this.startNanos = this.ticker.read();
	}

	static <A, T> Race<A, T> async(RaceSettings settings, Iterator<? extends A> arguments,
			AsyncTask<? super A, ? extends T> task, boolean stream) {
		return new Race<>(settings, arguments, task, null, stream);
	}

	static <A, T> Race<A, T> blocking(RaceSettings settings, Iterator<? extends A> arguments,
			BlockingTask<? super A, ? extends T> task, boolean stream) {
		return new Race<>(settings, arguments, null, task, stream);
	}

	RaceFuture<T> future() {
		RaceFuture<T> future = this.future;
		if (future == null) {
			throw new IllegalStateException("Not a first-success race");
		}
		return future;
	}

	RaceStream<A, T> stream() {
		RaceStream<A, T> stream = this.stream;
		if (stream == null) {
			throw new IllegalStateException("Not a stream race");
		}
		return stream;
	}

	/**
	 * Start the race: launch the first attempt on the calling thread (an async task's
	 * {@code start}, or the submission of a blocking one) and arm the timer for the next.
	 * @return this race
	 */
	Race<A, T> start() {
		RaceListener listener = this.listener;
		if (listener != null) {
			synchronized (this) {
				this.announcing++;
			}
			listener.onRaceStarted(this);
			announced();
		}
		drain();
		return this;
	}

	/**
	 * Count a start or launch as reported to the listeners, and report the end of the race if it
	 * came meanwhile and was held back for it.
	 */
	private void announced() {
		Runnable deferredEnd;
		synchronized (this) {
			this.announcing--;
			deferredEnd = (this.announcing == 0) ? this.deferredEnd : null;
			if (deferredEnd != null) {
				this.deferredEnd = null;
			}
		}
		if (deferredEnd != null) {
			deferredEnd.run();
		}
	}

	// ---- RaceInfo

	@Override
	public String name() {
		return this.settings.name();
	}

	@Override
	public RaceSettings settings() {
		return this.settings;
	}

	@Override
	public boolean isStream() {
		return this.stream != null;
	}

	@Override
	public int attemptsLaunched() {
		return this.launched;
	}

	@Override
	public Duration elapsed() {
		return Duration.ofNanos(offsetNow());
	}

	@Override
	public boolean cancel() {
		return end(RaceOutcome.CANCELLED, new CancellationException("Race '" + name() + "' was cancelled"), true);
	}

	/**
	 * Close the race on behalf of its consumer, who no longer wants anything from it: the
	 * future was completed from outside, or the stream was closed.
	 * @return {@code true} if this call ended the race
	 */
	boolean close() {
		return end(RaceOutcome.CANCELLED, null, false);
	}

	/**
	 * Close the race because its consumer cancelled the future.
	 * @return {@code true} if this call ended the race
	 */
	boolean closeByCancel() {
		return end(RaceOutcome.CANCELLED, null, true);
	}

	/**
	 * Return whether the race ended by a cancellation, which its future reports as cancelled. Set
	 * in the same step as the end, so that a cancellation that loses to another one can still
	 * answer {@code true} before the future shows it.
	 */
	boolean endedByCancel() {
		return this.endedByCancel;
	}

	boolean isTerminated() {
		return this.terminated;
	}

	long offsetNow() {
		return this.ticker.read() - this.startNanos;
	}

	long offsetOf(long nanos) {
		return nanos - this.startNanos;
	}

	/**
	 * Return the time left before the deadline, in nanoseconds, never negative, or
	 * {@code Long.MAX_VALUE} without a deadline.
	 */
	long timeLeftNanos() {
		if (this.deadlineOffset == Long.MAX_VALUE) {
			return Long.MAX_VALUE;
		}
		return Math.max(0, this.deadlineOffset - offsetNow());
	}

	boolean hasDeadline() {
		return this.deadlineOffset != Long.MAX_VALUE;
	}

	Executor executor() {
		return this.executor;
	}

	// ---- Launching

	/**
	 * Launch whatever is due, unless another thread already is; then arm the timer for what comes
	 * next.
	 */
	private void drain() {
		if ((int) WIP.getAndAdd(this, 1) != 0) {
			return;
		}
		int missed = 1;
		for (;;) {
			launchDue();
			missed = (int) WIP.getAndAdd(this, -missed) - missed;
			if (missed == 0) {
				return;
			}
		}
	}

	private void launchDue() {
		for (;;) {
			if (this.terminated) {
				return;
			}
			// The race starts with its first launch: that one reuses the start time instead of reading
			// the clock again (a read costs about as much as the rest of a won race's bookkeeping).
			long now = (this.launched == 0) ? 0L : offsetNow();
			if (now >= this.deadlineOffset) {
				timeOut();
				return;
			}
			boolean advanced = false;
			// The first launch needs no lock: only the thread holding the work-in-progress counter
			// launches, and before the first attempt nothing can have advanced or exhausted the schedule
			// (termination is re-checked under the lock when the attempt is registered).
			if (this.launched > 0) {
				synchronized (this) {
					if (this.terminated) {
						return;
					}
					if (this.exhausted) {
						break;
					}
					advanced = this.advances > 0;
					if (advanced) {
						this.advances--;
					}
					else if (now < this.nextDueOffset) {
						break;
					}
				}
			}
			if (!launchNext(now, advanced)) {
				break;
			}
		}
		armTimer();
	}

	/**
	 * Launch the next attempt if there is an argument for it and the policy permits it.
	 * @return {@code true} if an attempt was launched
	 */
	private boolean launchNext(long now, boolean advanced) {
		int index = this.launched;
		if (index >= this.settings.maxAttempts() || (index > 0 && !this.policy.permitsLaunch(this, index))) {
			exhaust();
			return false;
		}
		A argument;
		try {
			if (!this.arguments.hasNext()) {
				exhaust();
				return false;
			}
			argument = this.arguments.next();
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			end(RaceOutcome.FAILURE, new RaceAbortedException(
					"The arguments of race '" + name() + "' threw on attempt #" + index, ex, index));
			return false;
		}
		Attempt<A, T> attempt = newAttempt(argument, index, this.startNanos + now);
		RejectedExecutionException rejection;
		synchronized (this) {
			if (this.terminated) {
				return false;
			}
			if (index == this.attempts.length) {
				// A plain array creation: Arrays.copyOf of an Attempt[] goes through Array.newInstance.
				@SuppressWarnings("unchecked")
				Attempt<A, T>[] grown = (Attempt<A, T>[]) new Attempt<?, ?>[Math.min(Math.max(4, index * 2),
						Math.max(this.settings.maxAttempts(), 1))];
				System.arraycopy(this.attempts, 0, grown, 0, index);
				this.attempts = grown;
			}
			this.attempts[index] = attempt;
			this.launched = index + 1;
			this.inFlight++;
			long delay = this.policy.delayNanos(index + 1);
			long base = (advanced || index == 0) ? now : this.nextDueOffset;
			this.nextDueOffset = (delay == Long.MAX_VALUE || base > Long.MAX_VALUE - delay) ? Long.MAX_VALUE
					: base + delay;
			rejection = this.rejection;
			if (this.listener != null) {
				this.announcing++;
			}
		}
		RaceListener listener = this.listener;
		if (listener != null) {
			listener.onAttemptLaunched(this, attempt);
			announced();
		}
		if (rejection != null) {
			attempt.reject(rejection);
		}
		else {
			attempt.start();
		}
		if (!this.terminated && index + 1 < this.settings.maxAttempts()) {
			// Look ahead so that a race whose last argument has failed ends at once rather than a
			// step later.
			boolean more;
			try {
				more = this.arguments.hasNext();
			}
			catch (Throwable ex) {
				rethrowIfFatal(ex);
				more = true;
			}
			if (!more) {
				exhaust();
			}
		}
		else if (index + 1 >= this.settings.maxAttempts()) {
			exhaust();
		}
		return true;
	}

	private Attempt<A, T> newAttempt(A argument, int index, long launchNanos) {
		AsyncTask<? super A, ? extends T> asyncTask = this.asyncTask;
		if (asyncTask != null) {
			return new AsyncAttempt<>(this, argument, index, launchNanos, asyncTask);
		}
		BlockingTask<? super A, ? extends T> blockingTask = this.blockingTask;
		if (blockingTask == null) {
			throw new IllegalStateException("No task");
		}
		return new BlockingAttempt<>(this, argument, index, launchNanos, blockingTask);
	}

	/**
	 * Record that no further attempt will be launched; with nothing in flight, that ends the race.
	 */
	private void exhaust() {
		boolean ended;
		synchronized (this) {
			if (this.exhausted || this.terminated) {
				return;
			}
			this.exhausted = true;
			ended = this.inFlight == 0;
		}
		if (ended) {
			endExhausted();
		}
	}

	/**
	 * Arm the single timer for the earlier of the next launch and the deadline, replacing the one
	 * armed before if it was for another time.
	 */
	private void armTimer() {
		RejectedExecutionException rejected;
		synchronized (this) {
			if (this.terminated) {
				return;
			}
			long wake = this.deadlineOffset;
			if (!this.exhausted && this.advances == 0 && this.nextDueOffset < wake) {
				wake = this.nextDueOffset;
			}
			rejected = armLocked(wake);
		}
		if (rejected != null) {
			end(RaceOutcome.CANCELLED, new CancellationException(
					"The scheduler of race '" + name() + "' rejected its timer: " + rejected.getMessage()));
		}
	}

	/**
	 * Make the timer wake the race at the given offset. Called with the race's monitor held, so that
	 * the drainer and a firing timer never arm two timers; the scheduler only enqueues, it never
	 * calls back into the race from {@code schedule}.
	 * @return the scheduler's rejection, if it rejected the timer
	 */
	private @Nullable RejectedExecutionException armLocked(long wake) {
		Timer current = this.timer;
		if (current != null && !current.fired && current.dueOffset == wake) {
			return null;
		}
		if (current != null) {
			current.cancel();
			this.timer = null;
		}
		if (wake == Long.MAX_VALUE) {
			return null;
		}
		Timer next = new Timer(wake);
		this.timer = next;
		try {
			next.future = this.settings.scheduler()
				.schedule(next, Math.max(0, wake - offsetNow()), TimeUnit.NANOSECONDS);
			return null;
		}
		catch (RejectedExecutionException ex) {
			this.timer = null;
			return ex;
		}
	}

	/**
	 * Launch what is due, on the executor, for the {@link LaunchBatcher} after the timer fired.
	 */
	void launchDueNow() {
		drain();
	}

	/**
	 * Record that the executor rejected the launch (it is shut down) and move the race on: later
	 * attempts become failures, without running user code.
	 * @param ex the rejection
	 */
	void launchRejected(RejectedExecutionException ex) {
		synchronized (this) {
			this.rejection = ex;
		}
		drain();
	}

	/**
	 * The pending wake-up of a race. Runs on the scheduler thread, where it never runs user code:
	 * a launch is handed over to the executor; only a passed deadline is handled in place.
	 */
	private final class Timer implements Runnable {

		final long dueOffset;

		volatile boolean fired;

		volatile @Nullable ScheduledFuture<?> future;

		Timer(long dueOffset) {
			this.dueOffset = dueOffset;
		}

		@Override
		public void run() {
			this.fired = true;
			if (Race.this.terminated) {
				return;
			}
			if (offsetNow() >= Race.this.deadlineOffset) {
				// Time out here rather than behind the executor: an executor whose threads all hang in
				// attempts must not keep the deadline from passing.
				timeOut();
				return;
			}
			if (Race.this.deadlineOffset != Long.MAX_VALUE) {
				// Keep the deadline guarded while the launch waits for an executor thread.
				synchronized (Race.this) {
					if (Race.this.timer == this && !Race.this.terminated) {
						armLocked(Race.this.deadlineOffset);
					}
				}
			}
			// Batched with the other races of these settings that fall due now: one hand-off for all.
			Race.this.settings.launchBatcher().submit(Race.this);
		}

		void cancel() {
			ScheduledFuture<?> future = this.future;
			if (future != null) {
				future.cancel(false);
			}
		}

	}

	// ---- Completion

	/**
	 * Record the end of an attempt, exactly once per attempt, and move the race on.
	 * @param attempt the attempt
	 * @param value its value, if it returned
	 * @param failure its failure, or {@code null} if it returned
	 */
	void attemptDone(Attempt<A, T> attempt, @Nullable T value, @Nullable Throwable failure) {
		// Only an outcome needs the end time: a first-success race without listeners skips the clock.
		long endNanos = (this.stream != null || this.listener != null) ? this.ticker.read() : 0L;
		failure = unwrap(failure);
		boolean success = false;
		boolean abort = false;
		if (failure == null) {
			try {
				success = this.settings.successPredicate().test(value);
			}
			catch (Throwable ex) {
				rethrowIfFatal(ex);
				failure = ex;
			}
			if (!success && failure == null) {
				failure = new UnsuccessfulResultException("Attempt #" + attempt.index + " of race '" + name()
						+ "' returned a result that is not a success: " + value, value);
			}
		}
		else if (!(failure instanceof CancellationException) && !this.terminated) {
			try {
				abort = this.settings.abortPredicate().test(failure);
			}
			catch (Throwable ex) {
				rethrowIfFatal(ex);
				failure.addSuppressed(ex);
			}
		}
		AttemptStatus status;
		AttemptOutcome<A, T> outcome = null;
		boolean decided = false;
		boolean drained = false;
		boolean advance = false;
		RaceStream<A, T> stream = this.stream;
		synchronized (this) {
			this.inFlight--;
			attempt.failure = failure;
			if (this.terminated) {
				status = AttemptStatus.LOST;
			}
			else if (success) {
				status = AttemptStatus.WON;
				if (this.winnerIndex < 0) {
					this.winnerIndex = attempt.index;
				}
				if (stream == null) {
					this.terminated = true;
					decided = true;
				}
				else {
					drained = this.exhausted && this.inFlight == 0;
				}
			}
			else if (abort) {
				status = AttemptStatus.ABORTED;
			}
			else {
				status = AttemptStatus.FAILED;
				if (this.exhausted) {
					drained = this.inFlight == 0;
				}
				else if (this.settings.failureAdvances() || this.settings.fallback()) {
					this.advances++;
					advance = true;
				}
			}
			if (stream != null || this.listener != null) {
				outcome = new AttemptOutcome<>(attempt.argument, attempt.index, attempt.launchNanos - this.startNanos,
						endNanos - attempt.launchNanos, status, value, failure);
			}
			if (stream != null && status != AttemptStatus.LOST && outcome != null) {
				stream.offerLocked(outcome);
			}
		}
		RaceListener listener = this.listener;
		if (listener != null && outcome != null) {
			listener.onAttemptFinished(this, outcome);
		}
		if (stream != null && status != AttemptStatus.LOST) {
			stream.signal();
		}
		if (decided) {
			finish(RaceOutcome.SUCCESS, attempt.index, value, null);
		}
		else if (status == AttemptStatus.ABORTED) {
			RaceAbortedException aborted = new RaceAbortedException("Attempt #" + attempt.index + " of race '"
					+ name() + "' failed with a non-retryable exception: " + failure, failure, this.launched);
			end(RaceOutcome.FAILURE, aborted);
		}
		else if (drained) {
			endExhausted();
		}
		else if (advance) {
			drain();
		}
	}

	/**
	 * End a race that has nothing more to launch and nothing in flight.
	 */
	private void endExhausted() {
		int launched = this.launched;
		if (launched == 0) {
			end(RaceOutcome.FAILURE, new RaceFailedException(
					"Race '" + name() + "' has no arguments: there was nothing to attempt", 0));
			return;
		}
		if (this.stream != null) {
			int winner;
			synchronized (this) {
				winner = this.winnerIndex;
			}
			end(winner >= 0 ? RaceOutcome.SUCCESS : RaceOutcome.FAILURE, null);
			return;
		}
		RaceFailedException failed = new RaceFailedException("All " + launched + " attempt"
				+ ((launched != 1) ? "s" : "") + " of race '" + name() + "' failed", launched);
		end(RaceOutcome.FAILURE, failed);
	}

	private void timeOut() {
		Duration deadline = this.settings.deadlineOrNull();
		StringBuilder message = new StringBuilder("Race '").append(name())
			.append("' timed out after ")
			.append(deadline)
			.append(" with ");
		synchronized (this) {
			if (this.terminated) {
				return;
			}
			int launched = this.launched;
			message.append(launched).append(" attempt").append((launched != 1) ? "s" : "").append(" launched");
			int listed = Math.min(launched, 10);
			for (int i = 0; i < listed; i++) {
				Attempt<A, T> attempt = this.attempts[i];
				message.append((i == 0) ? ": " : "; ")
					.append('#')
					.append(i)
					.append(" (")
					.append(attempt.argument)
					.append(") launched at ")
					.append(Durations.format(attempt.launchNanos - this.startNanos))
					.append((attempt.failure != null) ? ", failed: " + attempt.failure : ", still running");
			}
			if (launched > listed) {
				message.append("; and ").append(launched - listed).append(" more");
			}
		}
		end(RaceOutcome.TIMEOUT, new RaceTimeoutException(message.toString(),
				(deadline != null) ? deadline : Duration.ZERO, this.launched));
	}

	/**
	 * End the race without a winner.
	 * @param outcome how it ended
	 * @param failure what its consumer gets, or {@code null} for a normal end of a stream or a
	 * consumer that has gone
	 * @return {@code true} if this call ended the race
	 */
	private boolean end(RaceOutcome outcome, @Nullable Throwable failure) {
		return end(outcome, failure, false);
	}

	private boolean end(RaceOutcome outcome, @Nullable Throwable failure, boolean byCancel) {
		synchronized (this) {
			if (this.terminated) {
				return false;
			}
			this.terminated = true;
			this.endedByCancel = byCancel;
		}
		finish(outcome, -1, null, failure);
		return true;
	}

	/**
	 * Finish a race that this thread has just marked terminated: cancel the timer and the losers,
	 * tell the listeners, then the consumer, so that by the time a caller sees the result every
	 * cancelled loser has been reported.
	 */
	private void finish(RaceOutcome outcome, int winner, @Nullable T value, @Nullable Throwable failure) {
		Timer timer = this.timer;
		if (timer != null) {
			timer.cancel();
		}
		// No lock needed to read these: this thread marked the race terminated under the lock, after
		// which nothing launches and the winner never changes. Only the attempts' failures, written by
		// late attempts under the lock, need it, and only a failed race reads them.
		Attempt<A, T>[] running = this.attempts;
		int launched = this.launched;
		int winnerIndex = this.winnerIndex;
		if (failure != null && outcome != RaceOutcome.CANCELLED) {
			synchronized (this) {
				for (int i = 0; i < launched; i++) {
					Throwable attemptFailure = running[i].failure;
					if (attemptFailure != null && attemptFailure != failure.getCause()) {
						failure.addSuppressed(attemptFailure);
					}
				}
			}
		}
		if (this.settings.cancelLosers() || outcome != RaceOutcome.SUCCESS || this.stream != null) {
			for (int i = 0; i < launched; i++) {
				if (i != winner) {
					running[i].cancel();
				}
			}
		}
		RaceListener listener = this.listener;
		if (listener == null) {
			deliver(outcome, value, failure);
			return;
		}
		RaceSummary summary = new RaceSummary(outcome, (winner >= 0) ? winner : winnerIndex, launched,
				Duration.ofNanos(offsetNow()), failure);
		Runnable end = () -> {
			listener.onRaceFinished(this, summary);
			deliver(outcome, value, failure);
		};
		synchronized (this) {
			if (this.announcing > 0) {
				// The start or a launch that came before the end is still being reported: the thread
				// reporting it reports the end after it, so that listeners see the events in order.
				this.deferredEnd = end;
				return;
			}
		}
		end.run();
	}

	/**
	 * Hand the end of the race to its consumer.
	 */
	private void deliver(RaceOutcome outcome, @Nullable T value, @Nullable Throwable failure) {
		RaceFuture<T> future = this.future;
		if (future != null) {
			if (outcome == RaceOutcome.SUCCESS) {
				future.succeed(value);
			}
			else if (failure instanceof CancellationException) {
				future.cancelFromRace();
			}
			else if (failure != null) {
				future.fail(failure);
			}
		}
		RaceStream<A, T> stream = this.stream;
		if (stream != null) {
			stream.end(failure);
		}
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		while ((failure instanceof CompletionException || failure instanceof ExecutionException)
				&& failure.getCause() != null) {
			failure = failure.getCause();
		}
		return failure;
	}

	static void rethrowIfFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
	}

	@Override
	public String toString() {
		return "Race[" + name() + ", launched=" + this.launched + ", terminated=" + this.terminated + "]";
	}

}
