package site.js0.race;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;

/**
 * The outcomes of a running race, in completion order, successes and failures alike. The
 * race runs from the moment the stream is returned; outcomes wait in the stream until
 * they are consumed, in exactly one of three ways: {@link #iterator()}, {@link #stream()}
 * or {@link #subscribe(Flow.Subscriber)}.
 *
 * <p>
 * The stream ends after the outcome of the last attempt; early, with the race's
 * exception, when an attempt aborts the race ({@link RaceAbortedException}), the deadline
 * passes ({@link RaceTimeoutException}), there is no argument
 * ({@link RaceFailedException}), or the race is cancelled from outside
 * ({@link CancellationException}). Attempts cancelled by the end of the race are reported
 * to listeners only.
 *
 * <p>
 * Back-pressure: the race launches an attempt only while the attempts in flight plus the
 * outcomes waiting in the stream are fewer than the consumer's demand, so that a slow
 * consumer slows the launches down instead of filling memory. A {@link Flow.Subscriber}'s
 * demand is what it has requested and not yet received; an iterator, a {@link Stream} or
 * a stream not consumed yet has a demand of {@value #ITERATOR_DEMAND}. A launch held back
 * this way happens as soon as demand comes back, later than its step.
 *
 * <p>
 * {@link #close()} (or closing the {@link Stream}, or cancelling the subscription) tells
 * the race that its consumer has gone: nothing more is launched, in-flight attempts are
 * cancelled and the outcomes not yet consumed are dropped. Use try-with-resources.
 * Thread-safe.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
public final class RaceStream<A, T>
		implements Iterable<AttemptOutcome<A, T>>, Flow.Publisher<AttemptOutcome<A, T>>, AutoCloseable {

	/**
	 * The demand of an iterator or {@link Stream} consumer, and of a stream not consumed
	 * yet.
	 */
	public static final int ITERATOR_DEMAND = 256;

	private static final int UNCLAIMED = 0;

	private static final int ITERATOR = 1;

	private static final int SUBSCRIBER = 2;

	private final Race<A, T> race;

	private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

	private final AtomicInteger consumer = new AtomicInteger(UNCLAIMED);

	private final Buffer buffer = new Buffer();

	private volatile @Nullable Subscription subscription;

	private volatile boolean closed;

	private RaceStream(Race<A, T> race) {
		this.race = race;
	}

	/**
	 * Create the stream of a race, as its consumer.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param race the race
	 * @return the stream's side that the race feeds
	 */
	static <A, T> RaceConsumer<A, T> consumerOf(Race<A, T> race) {
		return new RaceStream<>(race).buffer;
	}

	/**
	 * Return the stream that a consumer made by {@link #consumerOf} feeds.
	 * @param <A> the argument type
	 * @param <T> the result type
	 * @param consumer the consumer
	 * @return the stream
	 */
	@SuppressWarnings("unchecked")
	static <A, T> RaceStream<A, T> of(RaceConsumer<A, T> consumer) {
		return ((RaceStream<A, T>.Buffer) consumer).stream();
	}

	private void signal() {
		Subscription subscription = this.subscription;
		if (subscription != null) {
			subscription.drain();
		}
	}

	private long demand() {
		Subscription subscription = this.subscription;
		return (subscription != null) ? subscription.demand.get() : ITERATOR_DEMAND;
	}

	/**
	 * Return a blocking iterator over the outcomes. {@code hasNext()} waits for the next
	 * outcome or the end of the race, and throws the race's exception if it ended with
	 * one; if the waiting thread is interrupted, the stream is closed and a
	 * {@link CancellationException} thrown with the interrupt flag kept.
	 * @return the iterator
	 * @throws IllegalStateException if the stream is already being consumed
	 */
	@Override
	public Iterator<AttemptOutcome<A, T>> iterator() {
		claim(ITERATOR);
		return new Outcomes();
	}

	/**
	 * Return a sequential {@link Stream} over the outcomes, in completion order. Closing
	 * it closes this race stream.
	 * @return the stream
	 * @throws IllegalStateException if the stream is already being consumed
	 */
	public Stream<AttemptOutcome<A, T>> stream() {
		Spliterator<AttemptOutcome<A, T>> spliterator = Spliterators.spliteratorUnknownSize(iterator(),
				Spliterator.ORDERED | Spliterator.NONNULL);
		return StreamSupport.stream(spliterator, false).onClose(this::close);
	}

	/**
	 * Deliver the outcomes to a reactive subscriber, honouring its demand. Outcomes that
	 * arrive while demand is zero wait in the stream. Cancelling the subscription closes
	 * the race stream. Only one subscriber is accepted; a second one receives
	 * {@link IllegalStateException}.
	 * @param subscriber the subscriber
	 */
	@Override
	public void subscribe(Flow.Subscriber<? super AttemptOutcome<A, T>> subscriber) {
		if (subscriber == null) {
			throw new NullPointerException("subscriber must not be null");
		}
		if (!this.consumer.compareAndSet(UNCLAIMED, SUBSCRIBER)) {
			subscriber.onSubscribe(new Flow.Subscription() {
				@Override
				public void request(long n) {
				}

				@Override
				public void cancel() {
				}
			});
			subscriber.onError(new IllegalStateException("This race stream is already being consumed"));
			return;
		}
		Subscription subscription = new Subscription(subscriber);
		// Before onSubscribe, whose request(n) must already count as demand.
		this.subscription = subscription;
		try {
			subscriber.onSubscribe(subscription);
		}
		catch (Throwable ex) {
			// Rule 2.13: a subscriber that throws from onSubscribe is treated as
			// cancelled.
			subscription.done = true;
			close();
			return;
		}
		subscription.drain();
		this.race.creditAvailable();
	}

	/**
	 * Close the stream: launch nothing more, cancel the attempts in flight, and drop
	 * outcomes not yet consumed. Idempotent.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.race.close();
		this.queue.removeIf((item) -> !(item instanceof End));
	}

	/**
	 * Return a view of the running race.
	 * @return the race
	 */
	public RaceInfo race() {
		return this.race;
	}

	private void claim(int mode) {
		if (!this.consumer.compareAndSet(UNCLAIMED, mode)) {
			throw new IllegalStateException("This race stream is already being consumed");
		}
	}

	@SuppressWarnings("unchecked")
	private static <X extends Throwable> void sneakyThrow(Throwable ex) throws X {
		throw (X) ex;
	}

	/**
	 * The end of the stream, with the race's exception if it ended with one.
	 */
	private record End(@Nullable Throwable failure) {

	}

	private final class Outcomes implements Iterator<AttemptOutcome<A, T>> {

		private @Nullable AttemptOutcome<A, T> next;

		private boolean ended;

		@Override
		@SuppressWarnings("unchecked")
		public boolean hasNext() {
			if (this.next != null) {
				return true;
			}
			if (this.ended) {
				return false;
			}
			Object item;
			try {
				item = RaceStream.this.queue.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
				this.ended = true;
				CancellationException cancelled = new CancellationException(
						"Interrupted while waiting for race '" + RaceStream.this.race.name() + "'");
				cancelled.initCause(ex);
				throw cancelled;
			}
			if (item instanceof End end) {
				this.ended = true;
				Throwable failure = end.failure();
				if (failure != null) {
					sneakyThrow(failure);
				}
				return false;
			}
			this.next = (AttemptOutcome<A, T>) item;
			RaceStream.this.race.creditAvailable();
			return true;
		}

		@Override
		public AttemptOutcome<A, T> next() {
			AttemptOutcome<A, T> outcome = hasNext() ? this.next : null;
			if (outcome == null) {
				throw new NoSuchElementException();
			}
			this.next = null;
			return outcome;
		}

	}

	private final class Subscription implements Flow.Subscription {

		private final Flow.Subscriber<? super AttemptOutcome<A, T>> subscriber;

		final AtomicLong demand = new AtomicLong();

		private final AtomicInteger wip = new AtomicInteger();

		volatile boolean done;

		private @Nullable Throwable badRequest;

		Subscription(Flow.Subscriber<? super AttemptOutcome<A, T>> subscriber) {
			this.subscriber = subscriber;
		}

		@Override
		public void request(long n) {
			if (n <= 0) {
				this.badRequest = new IllegalArgumentException(
						"Flow.Subscription.request(n) requires n > 0 (rule 3.9), but was " + n);
			}
			else {
				this.demand.getAndAccumulate(n, (current, add) -> {
					long sum = current + add;
					return (sum < 0) ? Long.MAX_VALUE : sum;
				});
			}
			drain();
			RaceStream.this.race.creditAvailable();
		}

		@Override
		public void cancel() {
			this.done = true;
			close();
		}

		private void terminate(@Nullable Throwable failure) {
			try {
				if (failure != null) {
					this.subscriber.onError(failure);
				}
				else {
					this.subscriber.onComplete();
				}
			}
			catch (Throwable ex) {
				// Rule 2.13: nothing is left to cancel; the subscriber's fault stays its
				// own.
			}
		}

		@SuppressWarnings("unchecked")
		void drain() {
			if (this.wip.getAndIncrement() != 0) {
				return;
			}
			int missed = 1;
			do {
				while (!this.done) {
					Throwable badRequest = this.badRequest;
					if (badRequest != null) {
						this.done = true;
						close();
						terminate(badRequest);
						break;
					}
					Object item = RaceStream.this.queue.peek();
					if (item == null) {
						break;
					}
					if (item instanceof End end) {
						this.done = true;
						terminate(end.failure());
						break;
					}
					if (this.demand.get() == 0) {
						break;
					}
					RaceStream.this.queue.poll();
					this.demand.getAndUpdate((current) -> (current == Long.MAX_VALUE) ? current : current - 1);
					try {
						this.subscriber.onNext((AttemptOutcome<A, T>) item);
					}
					catch (Throwable ex) {
						// Rule 2.13: a subscriber that throws is cancelled.
						this.done = true;
						close();
					}
				}
				missed = this.wip.addAndGet(-missed);
			}
			while (missed != 0);
		}

	}

	/**
	 * The side of the stream that its race feeds.
	 */
	private final class Buffer implements RaceConsumer<A, T> {

		RaceStream<A, T> stream() {
			return RaceStream.this;
		}

		@Override
		public boolean isStream() {
			return true;
		}

		@Override
		public boolean hasCredit(int inFlight) {
			return inFlight + RaceStream.this.queue.size() < demand();
		}

		@Override
		public void offer(AttemptOutcome<A, T> outcome) {
			if (!RaceStream.this.closed) {
				RaceStream.this.queue.offer(outcome);
			}
		}

		@Override
		public void signal() {
			RaceStream.this.signal();
		}

		@Override
		public void succeed(@Nullable T value) {
			// A stream is never decided by a success; its end comes through end().
		}

		@Override
		public void end(RaceOutcome outcome, @Nullable Throwable failure) {
			RaceStream.this.queue.offer(new End(failure));
			RaceStream.this.signal();
		}

	}

}
