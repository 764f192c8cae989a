package site.js0.race;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One run of a task over a sequence of arguments: the state machine behind every
 * {@link RaceTemplate} method.
 *
 * <h2>States</h2>
 * <table>
 * <caption>The race's states</caption>
 * <tr>
 * <th>state</th>
 * <th>meaning</th>
 * <th>left by</th>
 * </tr>
 * <tr>
 * <td>{@code OPEN}</td>
 * <td>attempts are launched as the schedule says</td>
 * <td>the last argument or attempt is launched, the hedge budget refuses an extra attempt
 * ({@code EXHAUSTED}); a success of a first-success race, an abort, the deadline, a
 * cancellation, a failed timer ({@code DECIDED})</td>
 * </tr>
 * <tr>
 * <td>{@code EXHAUSTED}</td>
 * <td>nothing more will be launched; attempts are in flight</td>
 * <td>the last attempt in flight ends, or as {@code OPEN} ({@code DECIDED})</td>
 * </tr>
 * <tr>
 * <td>{@code DECIDED}</td>
 * <td>the outcome is fixed: nothing is launched or admitted any more; the attempts still
 * in flight are cancelled (or, with {@code cancelLosers} off, left to run) and their ends
 * are reported as {@code LOST}</td>
 * <td>never</td>
 * </tr>
 * </table>
 * The decision is taken once, under the race's lock, by whichever event comes first; the
 * thread that takes it then <em>finishes</em> the race outside the lock: it drops the
 * wake-up, cancels the attempts the decision marked, hands the result to the consumer,
 * then reports the end to the listeners.
 *
 * <h2>Threads</h2>
 * <ul>
 * <li>Launching is serialised by a work-in-progress counter ({@link #drain()}): whichever
 * thread finds it at zero launches everything that is due, at most
 * {@value #LAUNCHES_PER_PASS} per pass (the rest goes to the launch executor), so the
 * argument iterator is never called concurrently. That thread is the caller (the first
 * attempt), a launch-executor thread (hedges that fell due on the timer), or the thread
 * that ended a failed attempt (an advance).</li>
 * <li>The race's monitor guards the bookkeeping below for a few field writes at a time.
 * No user code runs under it: not a task, iterator, predicate, listener,
 * {@code toString}, executor or scheduler, nor a future's completion.</li>
 * <li>The scheduler thread only runs {@link #expire}: it decides a passed deadline (no
 * user code) and otherwise marks the race for launching; everything that follows runs on
 * the launch executor.</li>
 * <li>An attempt is admitted to start under the lock, against the decision: an attempt
 * admitted before the decision may run, one not admitted by then never starts its
 * task.</li>
 * <li>The template's step source and hedge budget ({@link RaceRuntime}) are consulted
 * outside the race's lock: the budget before an extra attempt draws its argument, the
 * step when a launch sets the next due time, the latency of a primary when it ends. Each
 * guards itself (a monitor held for a few additions, a window rotation taken with
 * {@code tryLock} so that nobody waits for it) and runs no user code.</li>
 * <li>Listeners hear of events in order, one at a time, outside the lock
 * ({@link RaceEvents}); the consumer's result never waits for them.</li>
 * </ul>
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
final class Race<A, T> extends TimerQueue.Node implements RaceInfo {

	private static final VarHandle WIP;

	static {
		try {
			WIP = MethodHandles.lookup().findVarHandle(Race.class, "wip", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final int OPEN = 0;

	private static final int EXHAUSTED = 1;

	private static final int DECIDED = 2;

	/** The most launches one pass of the drain makes before it hands the rest over. */
	static final int LAUNCHES_PER_PASS = 64;

	/** How often a race looks for attempts that a terminated executor dropped. */
	static final long DROP_CHECK_NANOS = 1_000_000_000L;

	private static final Attempt<?, ?>[] NO_ATTEMPTS = new Attempt<?, ?>[0];

	private final RaceSettings settings;

	private final RaceRuntime runtime;

	private final Iterator<? extends A> arguments;

	private final Attempt.Kind<A, T> kind;

	private final RaceRules<? super T> rules;

	private final RaceConsumer<A, T> consumer;

	private final RaceEvents events;

	/** Whether attempt outcomes are built: for a stream or for listeners. */
	private final boolean recordsOutcomes;

	private final Ticker ticker;

	private final long startNanos;

	/** Offset from the start at which the deadline passes, or {@code Long.MAX_VALUE}. */
	private final long deadlineOffset;

	private volatile int wip;

	/**
	 * Blocking attempts to hand to the executor; written only by the thread in the drain.
	 */
	private @Nullable BlockingAttempt<A, T> handOffs;

	/** The last of {@link #handOffs}; written only by the thread in the drain. */
	private @Nullable BlockingAttempt<A, T> handOffsTail;

	/**
	 * Whether the race ever asked for a wake-up; written by the thread in the drain (or
	 * starting the race), read by the one that finishes it, which need not look in the
	 * template's timer queue otherwise. A finish that misses the write is covered by the
	 * drain, which looks at the decision after asking for its wake-up.
	 */
	private volatile boolean waking;

	// Guarded by this.

	private int state = OPEN;

	private Attempt<A, T>[] attempts;

	private volatile int launched;

	private int inFlight;

	/** Attempts that queue on an executor and have not been admitted yet. */
	private int queued;

	private int advances;

	private long nextDueOffset;

	private int winnerIndex = -1;

	/**
	 * Every attempt has ended while the next launch is not yet due: look whether there is
	 * another argument, so that a race whose arguments have run out ends now rather than
	 * at the next step.
	 */
	private boolean lookAhead;

	/** Launches wait for the consumer's demand. */
	private volatile boolean creditBlocked;

	/**
	 * The deadline decided the race on the scheduler thread; the launch executor finishes
	 * it.
	 */
	private boolean timeoutPending;

	private volatile boolean decided;

	/**
	 * When the race was decided, on the ticker; set only for races that record outcomes.
	 */
	private long decidedNanos;

	private volatile boolean endedByCancel;

	/**
	 * The thread cancelling the losers in {@link #finish}: the ends those cancellations
	 * report are delivered to listeners after the consumer has its result, not from
	 * inside the cancel loop.
	 */
	private volatile @Nullable Thread finisher;

	/**
	 * The thread handing blocking attempts to their executor after a drain: a caller-runs
	 * executor may run an attempt, and its failure, right inside the hand-off.
	 */
	private volatile @Nullable Thread handingOff;

	/**
	 * An advance arrived inside the hand-off; written and read by {@link #handingOff}
	 * only.
	 */
	private boolean redrain;

	@SuppressWarnings("unchecked")
	private Race(RaceRuntime runtime, Iterator<? extends A> arguments, Attempt.Kind<A, T> kind,
			RaceRules<? super T> rules, Function<Race<A, T>, ? extends RaceConsumer<A, T>> consumer,
			@Nullable RaceListener listener) {
		this.settings = runtime.settings();
		this.runtime = runtime;
		this.arguments = arguments;
		this.kind = kind;
		this.rules = rules;
		this.attempts = (Attempt<A, T>[]) NO_ATTEMPTS;
		this.ticker = this.settings.ticker();
		Duration deadline = this.settings.deadlineOrNull();
		this.deadlineOffset = (deadline != null) ? Durations.saturatedNanos(deadline) : Long.MAX_VALUE;
		this.consumer = consumer.apply(this);
		this.events = RaceEvents.forRace(this, listener);
		this.recordsOutcomes = this.consumer.isStream() || this.events.isRecording();
		this.startNanos = this.ticker.read();
	}

	/**
	 * Create and start a race.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param <C> the consumer type
	 * @param runtime the template's runtime
	 * @param arguments the arguments
	 * @param kind how attempts are made
	 * @param rules how outcomes are classified
	 * @param consumer creates the consumer of the race
	 * @param listener the template's listeners, combined, or {@code null}
	 * @return the consumer, once the first attempt has been launched
	 */
	@SuppressWarnings("unchecked")
	static <A, T, C extends RaceConsumer<A, T>> C start(RaceRuntime runtime, Iterator<? extends A> arguments,
			Attempt.Kind<A, T> kind, RaceRules<? super T> rules, Function<Race<A, T>, C> consumer,
			@Nullable RaceListener listener) {
		Race<A, T> race = new Race<>(runtime, arguments, kind, rules, consumer, listener);
		race.start();
		return (C) race.consumer;
	}

	private void start() {
		// Recorded first, so that listeners hear of the start before anything else, even
		// an end that a failing scheduler causes while the deadline is armed.
		this.events.record(RaceEvents.STARTED, this);
		if (this.deadlineOffset != Long.MAX_VALUE) {
			// Before anything else runs on this thread: a listener, a task or a
			// caller-runs executor running the first attempt to its end must not hold the
			// deadline back.
			this.waking = true;
			this.runtime.timers().wakeAt(this, guardAt());
		}
		this.events.deliver();
		drain();
		this.events.deliver();
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
		return this.consumer.isStream();
	}

	@Override
	public int attemptsLaunched() {
		return this.launched;
	}

	@Override
	public Duration currentStep() {
		return Duration.ofNanos(this.runtime.step().stepNanos(this.ticker.read()));
	}

	@Override
	public Duration elapsed() {
		return Duration.ofNanos(offsetNow());
	}

	@Override
	public boolean cancel() {
		if (!decide(RaceOutcome.CANCELLED, -1, true)) {
			return false;
		}
		finish(RaceOutcome.CANCELLED, -1, null, new CancellationException("Race '" + name() + "' was cancelled"));
		return true;
	}

	/**
	 * Close the race on behalf of its consumer, who no longer wants anything from it: the
	 * future was completed from outside, or the stream was closed.
	 * @return {@code true} if this call ended the race
	 */
	boolean close() {
		return closeBy(false);
	}

	/**
	 * Close the race because its consumer cancelled the future.
	 * @return {@code true} if this call ended the race
	 */
	boolean closeByCancel() {
		return closeBy(true);
	}

	private boolean closeBy(boolean cancel) {
		if (!decide(RaceOutcome.CANCELLED, -1, cancel)) {
			return false;
		}
		finish(RaceOutcome.CANCELLED, -1, null, null);
		return true;
	}

	/**
	 * Return whether the race ended by a cancellation of its future. Set with the
	 * decision, so that a cancellation that loses to another one can still answer
	 * {@code true} before the future shows it.
	 */
	boolean endedByCancel() {
		return this.endedByCancel;
	}

	boolean isDecided() {
		return this.decided;
	}

	long offsetNow() {
		return this.ticker.read() - this.startNanos;
	}

	long offsetOf(long nanos) {
		return nanos - this.startNanos;
	}

	Optional<Duration> timeLeft() {
		Duration deadline = this.settings.deadlineOrNull();
		if (deadline == null) {
			return Optional.empty();
		}
		// Computed on the Duration, not on saturated nanoseconds, so that a deadline of
		// centuries still reads as the time it leaves.
		Duration left = deadline.minusNanos(offsetNow());
		return Optional.of(left.isNegative() ? Duration.ZERO : left);
	}

	// ---- Launching

	/**
	 * Launch whatever is due, unless another thread already is; then ask for the next
	 * wake-up, and hand the blocking attempts launched meanwhile to their executor.
	 */
	void drain() {
		do {
			if (!drainOnce()) {
				return;
			}
		}
		while (this.redrain);
	}

	/**
	 * One drain and the hand-offs it collected.
	 * @return {@code false} if another thread was draining
	 */
	private boolean drainOnce() {
		this.redrain = false;
		if ((int) WIP.getAndAdd(this, 1) != 0) {
			return false;
		}
		BlockingAttempt<A, T> first = null;
		BlockingAttempt<A, T> last = null;
		int missed = 1;
		for (;;) {
			launchDue();
			// Taken on every pass: once the counter is released, another thread may
			// append.
			BlockingAttempt<A, T> launchedNow = this.handOffs;
			if (launchedNow != null) {
				if (last == null) {
					first = launchedNow;
				}
				else {
					last.nextHandOff = launchedNow;
				}
				last = this.handOffsTail;
				this.handOffs = null;
				this.handOffsTail = null;
			}
			missed = (int) WIP.getAndAdd(this, -missed) - missed;
			if (missed == 0) {
				break;
			}
		}
		if (first == null) {
			return true;
		}
		Thread previous = this.handingOff;
		this.handingOff = Thread.currentThread();
		try {
			for (BlockingAttempt<A, T> attempt = first; attempt != null;) {
				BlockingAttempt<A, T> next = attempt.nextHandOff;
				attempt.nextHandOff = null;
				attempt.handOff();
				attempt = next;
			}
		}
		finally {
			this.handingOff = previous;
		}
		return true;
	}

	/**
	 * Queue a blocking attempt for its executor, which gets it once this thread leaves
	 * the drain.
	 */
	void handOffLater(BlockingAttempt<A, T> attempt) {
		BlockingAttempt<A, T> tail = this.handOffsTail;
		if (tail == null) {
			this.handOffs = attempt;
		}
		else {
			tail.nextHandOff = attempt;
		}
		this.handOffsTail = attempt;
	}

	private void launchDue() {
		if (this.lookAhead) {
			lookAhead();
		}
		int budget = LAUNCHES_PER_PASS;
		boolean handOffRest = false;
		boolean argumentsToCheck = false;
		for (;;) {
			if (this.decided) {
				return;
			}
			// The race starts with its first launch: that one reuses the start time
			// instead of reading the clock again (a read costs about as much as the rest
			// of a won race's bookkeeping).
			long now = (this.launched == 0) ? 0L : offsetNow();
			if (now >= this.deadlineOffset) {
				timeOut();
				return;
			}
			// The first launch needs no lock: only the thread in the drain launches, and
			// before the first attempt nothing can have advanced or exhausted the
			// schedule (the decision is checked under the lock when the attempt is
			// registered).
			if (this.launched > 0) {
				synchronized (this) {
					if (this.state != OPEN) {
						break;
					}
					if (this.advances == 0 && now < this.nextDueOffset) {
						break;
					}
					if (!this.consumer.hasCredit(this.inFlight)) {
						// Volatile write, then a fresh look at the credit: a consumer
						// that freed credit meanwhile either sees the flag or is seen
						// here, so no wake-up is lost.
						this.creditBlocked = true;
						if (!this.consumer.hasCredit(this.inFlight)) {
							argumentsToCheck = this.inFlight == 0;
							break;
						}
						this.creditBlocked = false;
					}
					if (budget == 0) {
						handOffRest = true;
						break;
					}
					if (this.advances > 0) {
						this.advances--;
					}
				}
			}
			budget--;
			if (!launchNext(now)) {
				break;
			}
		}
		if (handOffRest) {
			// Leave the rest to the launch executor, outside the lock: starting a race
			// returns
			// promptly, and a cancellation is seen between passes.
			this.runtime.handOff(this);
			return;
		}
		if (argumentsToCheck) {
			// Waiting for demand with nothing in flight: a stream whose arguments have
			// run out
			// must still end, demand or not.
			this.lookAhead = true;
			lookAhead();
		}
		askForWakeUp();
	}

	/**
	 * Have the look-ahead done by the thread in the drain, if there is one (it makes
	 * another pass), or on a launch thread: not on this thread, which completed an
	 * attempt and should not wait for a paged iterator's {@code hasNext}.
	 */
	private void lookAheadSoon() {
		if ((int) WIP.getVolatile(this) != 0) {
			drain();
			return;
		}
		this.runtime.handOff(this);
	}

	/**
	 * Draw nothing, but look whether the arguments have run out; called in the drain, so
	 * on a launching thread, never concurrently with a draw.
	 */
	private void lookAhead() {
		synchronized (this) {
			this.lookAhead = false;
			if (this.state != OPEN || this.inFlight > 0) {
				return;
			}
		}
		boolean more;
		try {
			more = this.arguments.hasNext();
		}
		catch (Throwable ex) {
			// The draw of the next launch will meet the same failure and abort the race
			// then.
			more = true;
		}
		if (!more) {
			exhaust();
		}
	}

	/**
	 * Launch the next attempt if there is an argument for it and, for an extra attempt,
	 * the hedge budget has one left.
	 * @return {@code true} if an attempt was launched
	 */
	private boolean launchNext(long now) {
		int index = this.launched;
		if (index >= this.settings.maxAttempts()) {
			exhaust();
			return false;
		}
		LaunchBudget budget = this.runtime.budget(this.consumer.isStream());
		boolean extra = false;
		A argument;
		try {
			if (!this.arguments.hasNext()) {
				exhaust();
				return false;
			}
			if (index > 0) {
				if (!budget.tryAcquire(this.startNanos + now)) {
					this.events.record(RaceEvents.BUDGET_EXHAUSTED, index);
					exhaust();
					return false;
				}
				extra = true;
			}
			argument = this.arguments.next();
		}
		catch (Throwable ex) {
			if (extra) {
				budget.release(this.startNanos + now);
			}
			abort(new RaceAbortedException("The arguments of race '" + name() + "' threw on attempt #" + index, ex,
					index));
			return false;
		}
		Attempt<A, T> attempt = this.kind.create(this, argument, index, this.startNanos + now);
		// Read before the lock: an adaptive step may rotate its window here.
		long delay = this.runtime.delayNanos(this.startNanos + now);
		boolean decidedMeanwhile;
		synchronized (this) {
			decidedMeanwhile = this.state == DECIDED;
			if (!decidedMeanwhile) {
				register(attempt, index, now, delay);
			}
		}
		if (decidedMeanwhile) {
			if (extra) {
				budget.release(this.startNanos + now);
			}
			return false;
		}
		if (index == 0) {
			budget.primaryLaunched(this.startNanos);
		}
		attempt.launch();
		if (index + 1 >= this.settings.maxAttempts()) {
			exhaust();
		}
		return true;
	}

	/**
	 * Register a launched attempt and set when the next one falls due; under the lock.
	 */
	private void register(Attempt<A, T> attempt, int index, long now, long delay) {
		if (index == this.attempts.length) {
			// A plain array creation: Arrays.copyOf of an Attempt[] goes through
			// Array.newInstance.
			@SuppressWarnings("unchecked")
			Attempt<A, T>[] grown = (Attempt<A, T>[]) new Attempt<?, ?>[Math.min(Math.max(4, index * 2),
					Math.max(this.settings.maxAttempts(), 1))];
			System.arraycopy(this.attempts, 0, grown, 0, index);
			this.attempts = grown;
		}
		this.attempts[index] = attempt;
		this.launched = index + 1;
		this.inFlight++;
		if (this.kind.queues()) {
			this.queued++;
		}
		else {
			attempt.admitted = true;
		}
		// Absolute: the next attempt's place on the grid follows this one's place,
		// however early a failure launched it or however late the timer fired.
		// Relative: it follows this launch.
		long base = (index == 0 || this.settings.schedule() == RaceSettings.Schedule.RELATIVE) ? now
				: this.nextDueOffset;
		this.nextDueOffset = (delay == Long.MAX_VALUE || base > Long.MAX_VALUE - delay) ? Long.MAX_VALUE : base + delay;
		this.events.record(RaceEvents.LAUNCHED, attempt);
	}

	/**
	 * Admit a queued attempt whose executor thread has picked it up: it may run only if
	 * the race is still undecided.
	 * @param attempt the attempt
	 * @return whether it may run
	 */
	boolean admit(Attempt<A, T> attempt) {
		synchronized (this) {
			if (this.state == DECIDED || attempt.done || attempt.admitted) {
				return false;
			}
			attempt.admitted = true;
			this.queued--;
			return true;
		}
	}

	/**
	 * Record that no further attempt will be launched; with nothing in flight, that ends
	 * the race.
	 */
	private void exhaust() {
		boolean ended;
		synchronized (this) {
			if (this.state != OPEN) {
				return;
			}
			this.state = EXHAUSTED;
			ended = this.inFlight == 0;
		}
		if (ended) {
			endExhausted();
		}
	}

	/**
	 * Ask the template's timer queue to wake the race for the next launch, the deadline
	 * or a check for dropped attempts, whichever comes first. Called by the thread in the
	 * drain.
	 */
	private void askForWakeUp() {
		if (this.decided) {
			return;
		}
		long wake;
		long now = offsetNow();
		synchronized (this) {
			if (this.state == DECIDED) {
				return;
			}
			wake = this.deadlineOffset;
			if (this.state == OPEN && this.advances == 0 && !this.creditBlocked && this.nextDueOffset < wake) {
				wake = this.nextDueOffset;
			}
			if (this.queued > 0 && this.kind.mayDrop()) {
				long check = now + DROP_CHECK_NANOS;
				if (check < wake) {
					wake = check;
				}
			}
		}
		if (wake == Long.MAX_VALUE && !this.waking) {
			return;
		}
		this.waking = true;
		this.runtime.timers().wakeAt(this, absolute(wake));
		if (this.decided) {
			// The decision may have dropped the wake-up just before it was asked for.
			this.runtime.timers().cancel(this);
		}
	}

	private long absolute(long offset) {
		if (offset == Long.MAX_VALUE || (this.startNanos > 0 && offset > Long.MAX_VALUE - this.startNanos)) {
			return Long.MAX_VALUE;
		}
		return this.startNanos + offset;
	}

	// ---- Waking (TimerQueue.Node)

	@Override
	boolean expire(long now) {
		if (this.decided) {
			return true;
		}
		if (now - this.startNanos >= this.deadlineOffset) {
			synchronized (this) {
				if (this.state == DECIDED) {
					return true;
				}
				decideLocked(RaceOutcome.TIMEOUT, -1, false, now);
				this.timeoutPending = true;
			}
			return true;
		}
		return false;
	}

	@Override
	long guardAt() {
		return absolute(this.deadlineOffset);
	}

	/**
	 * The work a wake-up hands to the launch executor: finish a race the deadline
	 * decided, or launch what is due and look for dropped attempts.
	 */
	@Override
	public void run() {
		boolean timedOut;
		synchronized (this) {
			timedOut = this.timeoutPending;
			this.timeoutPending = false;
		}
		if (timedOut) {
			finishTimeout();
			return;
		}
		if (this.decided) {
			// The tick may have put the deadline guard back after the finish dropped the
			// wake-up.
			this.runtime.timers().cancel(this);
			return;
		}
		failDroppedAttempts();
		drain();
		this.events.deliver();
	}

	@Override
	void timerFailed(Throwable failure) {
		abort(new RaceAbortedException(
				"The scheduler of race '" + name() + "' failed to arm its timer: " + SafeStrings.of(failure), failure,
				this.launched));
	}

	/**
	 * Credit came back to a stream whose launches waited for it: launch what is due, on
	 * the launch executor rather than on the consumer's thread.
	 */
	void creditAvailable() {
		if (!this.creditBlocked) {
			return;
		}
		synchronized (this) {
			if (!this.creditBlocked) {
				return;
			}
			this.creditBlocked = false;
		}
		this.runtime.handOff(this);
	}

	private void failDroppedAttempts() {
		if (!this.kind.mayDrop()) {
			return;
		}
		int count;
		Attempt<A, T>[] running;
		synchronized (this) {
			if (this.queued == 0) {
				return;
			}
			count = this.launched;
			running = this.attempts;
		}
		for (int i = 0; i < count; i++) {
			if (running[i] instanceof BlockingAttempt<A, T> blocking) {
				blocking.failIfDropped();
			}
		}
	}

	// ---- Completion

	/**
	 * Record the end of an attempt, exactly once per attempt, and move the race on.
	 * @param attempt the attempt
	 * @param value its value, if it returned
	 * @param failure its failure, or {@code null} if it returned
	 * @param started whether its task ran; an attempt that never ran does not advance the
	 * schedule
	 */
	void attemptDone(Attempt<A, T> attempt, @Nullable T value, @Nullable Throwable failure, boolean started) {
		// Only an outcome or a learning step needs the end time: a first-success race
		// without listeners or an adaptive step skips the clock.
		boolean learn = attempt.index == 0 && this.runtime.step().wantsSample();
		long endNanos = (this.recordsOutcomes || learn) ? this.ticker.read() : 0L;
		failure = unwrap(failure);
		boolean success = false;
		boolean abort = false;
		if (failure == null) {
			try {
				success = this.rules.isSuccess(value);
			}
			catch (Throwable ex) {
				failure = ex;
			}
			if (!success && failure == null) {
				failure = new UnsuccessfulResultException(name(), attempt.index, value);
			}
		}
		else if (!(failure instanceof CancellationException) && !this.decided) {
			try {
				abort = this.rules.isAbort(failure);
			}
			catch (Throwable ex) {
				suppress(failure, ex);
			}
		}
		AttemptStatus status;
		boolean decidedNow = false;
		boolean drained = false;
		boolean advance = false;
		boolean offered = false;
		boolean lookAhead = false;
		synchronized (this) {
			if (attempt.done) {
				return;
			}
			attempt.done = true;
			attempt.failure = failure;
			this.inFlight--;
			if (!attempt.admitted) {
				this.queued--;
			}
			if (this.state == DECIDED) {
				status = AttemptStatus.LOST;
			}
			else if (success) {
				status = AttemptStatus.WON;
				if (this.winnerIndex < 0) {
					this.winnerIndex = attempt.index;
				}
				if (!this.consumer.isStream()) {
					decideLocked(RaceOutcome.SUCCESS, attempt.index, false, endNanos);
					decidedNow = true;
				}
				else {
					drained = this.state == EXHAUSTED && this.inFlight == 0;
				}
			}
			else if (abort) {
				status = AttemptStatus.ABORTED;
				decideLocked(RaceOutcome.FAILURE, -1, false, endNanos);
				decidedNow = true;
			}
			else {
				status = AttemptStatus.FAILED;
				if (this.state == EXHAUSTED) {
					drained = this.inFlight == 0;
				}
				else if ((this.settings.failureAdvances() || this.settings.fallback() || this.settings.shadow())
						&& (attempt.advancesOnFailure(started) || this.nextDueOffset == Long.MAX_VALUE)) {
					// A launch that a running executor refused does not advance a timed
					// schedule: a pool that is full now is unlikely to take the next
					// attempt at once.
					this.advances++;
					advance = true;
				}
			}
			if (!decidedNow && !drained && !advance && this.state == OPEN && this.inFlight == 0) {
				this.lookAhead = true;
				lookAhead = true;
			}
			if (this.recordsOutcomes) {
				AttemptOutcome<A, T> outcome = new AttemptOutcome<>(attempt.argument, attempt.index,
						attempt.launchNanos - this.startNanos, endNanos - attempt.launchNanos, status, value, failure,
						started, (status == AttemptStatus.LOST) ? Math.max(0, endNanos - this.decidedNanos) : 0L);
				if (status != AttemptStatus.LOST && this.consumer.isStream()) {
					this.consumer.offer(outcome);
					offered = true;
				}
				this.events.record(RaceEvents.FINISHED, outcome);
			}
		}
		if (offered) {
			this.consumer.signal();
		}
		if (learn) {
			learnFrom(attempt, success, status, endNanos);
		}
		if (decidedNow) {
			if (status == AttemptStatus.WON) {
				finish(RaceOutcome.SUCCESS, attempt.index, value, null);
			}
			else {
				finish(RaceOutcome.FAILURE, -1, null,
						new RaceAbortedException(
								"Attempt #" + attempt.index + " of race '" + name()
										+ "' failed with a non-retryable exception: " + SafeStrings.of(failure),
								failure, this.launched));
			}
		}
		else if (drained) {
			endExhausted();
		}
		else if (advance) {
			if (this.handingOff == Thread.currentThread()) {
				// A caller-runs executor ran this attempt inside the hand-off: drain
				// again once
				// the hand-off returns, rather than recursing once per failed attempt.
				this.redrain = true;
			}
			else {
				drain();
			}
		}
		else if (lookAhead) {
			lookAheadSoon();
		}
		if (this.finisher != Thread.currentThread()) {
			this.events.deliver();
		}
	}

	/**
	 * Tell the template's step how the primary attempt ended, and in shadow mode report
	 * the hedge it would have had.
	 */
	private void learnFrom(Attempt<A, T> attempt, boolean success, AttemptStatus status, long endNanos) {
		StepSource step = this.runtime.step();
		long ran = endNanos - attempt.launchNanos;
		if (success || status == AttemptStatus.LOST) {
			// A success is a complete latency, even one that lost; a loser cut short is
			// censored at the time it ran.
			step.primaryEnded(ran, success, endNanos);
		}
		if (!this.settings.shadow() || this.settings.maxAttempts() < 2) {
			return;
		}
		long stepNanos = step.stepNanos(endNanos);
		if (ran <= stepNanos) {
			return;
		}
		long typical = step.typicalNanos(endNanos);
		boolean helped = typical >= 0 && ran - stepNanos > typical;
		this.events.record(RaceEvents.SHADOW_HEDGE, new ShadowHedge(Duration.ofNanos(stepNanos), Duration.ofNanos(ran),
				Duration.ofNanos(Math.max(typical, 0)), helped));
	}

	private static void suppress(Throwable failure, Throwable other) {
		if (other == failure) {
			return;
		}
		try {
			failure.addSuppressed(other);
		}
		catch (Throwable ex) {
			// A user's exception that refuses suppressed exceptions; the failure itself
			// is kept.
		}
	}

	/**
	 * End a race that has nothing more to launch and nothing in flight.
	 */
	private void endExhausted() {
		int launched = this.launched;
		RaceOutcome outcome;
		Throwable failure;
		if (launched == 0) {
			outcome = RaceOutcome.FAILURE;
			failure = new RaceFailedException("Race '" + name() + "' has no arguments: there was nothing to attempt",
					0);
		}
		else if (this.consumer.isStream()) {
			int winner;
			synchronized (this) {
				winner = this.winnerIndex;
			}
			outcome = (winner >= 0) ? RaceOutcome.SUCCESS : RaceOutcome.FAILURE;
			failure = null;
		}
		else {
			outcome = RaceOutcome.FAILURE;
			failure = new RaceFailedException(
					"All " + launched + " attempt" + ((launched != 1) ? "s" : "") + " of race '" + name() + "' failed",
					launched);
		}
		if (decide(outcome, -1, false)) {
			finish(outcome, -1, null, failure);
		}
	}

	private void abort(RaceAbortedException failure) {
		if (decide(RaceOutcome.FAILURE, -1, false)) {
			finish(RaceOutcome.FAILURE, -1, null, failure);
		}
	}

	/**
	 * The deadline passed on a launching thread.
	 */
	private void timeOut() {
		if (decide(RaceOutcome.TIMEOUT, -1, false)) {
			finishTimeout();
		}
	}

	/**
	 * Finish a race that the deadline decided; the message names each attempt, built
	 * here, never on the scheduler thread or under the lock, since it calls the
	 * arguments' {@code toString}.
	 */
	private void finishTimeout() {
		Duration deadline = this.settings.deadlineOrNull();
		int launched = this.launched;
		int listed = Math.min(launched, 10);
		@Nullable Object[] arguments = new Object[listed];
		long[] launchOffsets = new long[listed];
		@Nullable Throwable[] failures = new Throwable[listed];
		synchronized (this) {
			for (int i = 0; i < listed; i++) {
				arguments[i] = this.attempts[i].argument;
				launchOffsets[i] = this.attempts[i].launchNanos - this.startNanos;
				failures[i] = this.attempts[i].failure;
			}
		}
		StringBuilder message = new StringBuilder("Race '").append(name())
			.append("' timed out after ")
			.append(deadline)
			.append(" with ")
			.append(launched)
			.append(" attempt")
			.append((launched != 1) ? "s" : "")
			.append(" launched");
		for (int i = 0; i < listed; i++) {
			message.append((i == 0) ? ": " : "; ")
				.append('#')
				.append(i)
				.append(" (")
				.append(SafeStrings.of(arguments[i]))
				.append(") launched at ")
				.append(Durations.format(launchOffsets[i]))
				.append((failures[i] != null) ? ", failed: " + SafeStrings.of(failures[i]) : ", still running");
		}
		if (launched > listed) {
			message.append("; and ").append(launched - listed).append(" more");
		}
		finish(RaceOutcome.TIMEOUT, -1, null,
				new RaceTimeoutException(message.toString(), (deadline != null) ? deadline : Duration.ZERO, launched));
	}

	// ---- The decision

	/**
	 * Decide the race, unless it is decided already.
	 * @return {@code true} if this call decided it; the caller must then {@link #finish}
	 * it
	 */
	private boolean decide(RaceOutcome outcome, int winner, boolean byCancel) {
		// Read before the lock: the ticker is the user's.
		long now = this.recordsOutcomes ? this.ticker.read() : 0L;
		synchronized (this) {
			if (this.state == DECIDED) {
				return false;
			}
			decideLocked(outcome, winner, byCancel, now);
			return true;
		}
	}

	/**
	 * Decide the race, and mark the attempts to cancel: every one not yet admitted (it
	 * never starts), and those running unless the winner's losers are left to run.
	 */
	private void decideLocked(RaceOutcome outcome, int winner, boolean byCancel, long nowNanos) {
		this.decidedNanos = nowNanos;
		this.state = DECIDED;
		this.decided = true;
		this.endedByCancel = byCancel;
		boolean cancelRunning = this.settings.cancelLosers() || outcome != RaceOutcome.SUCCESS
				|| this.consumer.isStream();
		for (int i = 0; i < this.launched; i++) {
			Attempt<A, T> attempt = this.attempts[i];
			if (i != winner && !attempt.done && (cancelRunning || !attempt.admitted)) {
				attempt.cancelRequested = true;
			}
		}
	}

	/**
	 * Finish a race that this thread has just decided: drop its wake-up, cancel the
	 * attempts the decision marked, hand the result to the consumer, then tell the
	 * listeners.
	 */
	private void finish(RaceOutcome outcome, int winner, @Nullable T value, @Nullable Throwable failure) {
		if (this.waking) {
			this.runtime.timers().cancel(this);
		}
		// No lock needed to read these: the decision, taken under the lock by this
		// thread, froze them.
		Attempt<A, T>[] running = this.attempts;
		int launched = this.launched;
		boolean recording = this.events.isRecording();
		if (recording) {
			this.finisher = Thread.currentThread();
		}
		try {
			for (int i = 0; i < launched; i++) {
				if (running[i].cancelRequested) {
					running[i].cancel();
				}
			}
		}
		finally {
			if (recording) {
				this.finisher = null;
			}
		}
		if (failure != null && outcome != RaceOutcome.CANCELLED) {
			@Nullable Throwable[] failures = new Throwable[launched];
			synchronized (this) {
				for (int i = 0; i < launched; i++) {
					failures[i] = running[i].failure;
				}
			}
			for (Throwable attemptFailure : failures) {
				if (attemptFailure != null && attemptFailure != failure.getCause()) {
					suppress(failure, attemptFailure);
				}
			}
		}
		if (outcome == RaceOutcome.SUCCESS && !this.consumer.isStream()) {
			this.consumer.succeed(value);
		}
		else {
			this.consumer.end(outcome, failure);
		}
		if (this.events.isRecording()) {
			Duration elapsed = Duration.ofNanos(offsetNow());
			synchronized (this) {
				int winnerIndex = (winner >= 0) ? winner : this.winnerIndex;
				this.events.record(RaceEvents.RACE_FINISHED,
						new RaceSummary(outcome, winnerIndex, launched, elapsed, failure));
			}
			this.events.deliver();
		}
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		while ((failure instanceof CompletionException || failure instanceof ExecutionException)
				&& failure.getCause() != null) {
			failure = failure.getCause();
		}
		return failure;
	}

	@Override
	public String toString() {
		return "Race[" + name() + ", launched=" + this.launched + ", decided=" + this.decided + "]";
	}

}
