package site.js0.race.spring.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import site.js0.race.AttemptContext;
import site.js0.race.RaceAbortedException;
import site.js0.race.RaceFailedException;

/**
 * One hedged WebClient exchange: makes each attempt's request, classifies its response,
 * and owns every response received until the exchange ends, so that none but the one
 * handed to the caller is left holding a connection. Thread-safe: attempts complete on
 * I/O threads while the race ends on another.
 */
final class ReactiveHedgedExchange {

	private final ClientRequest request;

	private final ExchangeFunction next;

	private final HttpHedgePolicy policy;

	/** Responses received and not yet released or handed on; guarded by this. */
	private final List<ClientResponse> responses = new ArrayList<>(2);

	/** The response handed to the caller; guarded by this. */
	private @Nullable ClientResponse delivered;

	/** Whether the exchange has ended: later responses are released at once. */
	private boolean finished;

	ReactiveHedgedExchange(ClientRequest request, ExchangeFunction next, HttpHedgePolicy policy) {
		this.request = request;
		this.next = next;
		this.policy = policy;
	}

	/**
	 * Return a fresh exchange for one attempt: a copy of the request routed for the
	 * attempt, carrying the hedge header when it is a hedge.
	 */
	Mono<ClientResponse> attempt(AttemptContext attempt) {
		int index = attempt.index();
		ClientRequest.Builder builder = ClientRequest.from(this.request)
			.url(this.policy.route(this.request.url(), index));
		if (index > 0) {
			builder.headers((headers) -> headers.set(this.policy.hedgeHeader(), HedgeHeader.value(index)));
		}
		Mono<ClientResponse> exchange = this.next.exchange(builder.build());
		Objects.requireNonNull(exchange, "ExchangeFunction.exchange returned null");
		return exchange.flatMap((response) -> classify(response, index));
	}

	private Mono<ClientResponse> classify(ClientResponse response, int index) {
		if (!own(response)) {
			return Mono.error(new CancellationException("The hedged exchange has already ended"));
		}
		HttpStatusCode status = response.statusCode();
		HttpStatusRule.Verdict verdict = this.policy.verdict(status);
		if (verdict == HttpStatusRule.Verdict.WIN) {
			return Mono.just(response);
		}
		if (verdict == HttpStatusRule.Verdict.LOSE && index > 0) {
			// Only the first attempt's losing response may still go to the caller (when
			// every attempt loses); a hedge's frees its connection now.
			release(response);
		}
		// Not a scalar Mono.error: flatMap cancels its source when the inner Mono is a
		// scalar that throws, and cancelling an exchange after its response came makes
		// Spring dispose of the response's connection, which the caller may still need.
		return Mono.defer(() -> Mono.error(new RejectedResponse(response, status, verdict, index)));
	}

	/**
	 * Turn a race without a winner into the caller's answer: an aborting response, or the
	 * first attempt's response or error when every attempt lost; otherwise the race's
	 * exception (a timeout, a cancellation).
	 */
	Mono<ClientResponse> answer(Throwable failure) {
		if (failure instanceof RaceAbortedException && failure.getCause() instanceof RejectedResponse rejected) {
			return Mono.just(rejected.response());
		}
		if (failure instanceof RaceFailedException) {
			Throwable[] failures = failure.getSuppressed();
			if (failures.length > 0) {
				Throwable first = failures[0];
				if (first instanceof RejectedResponse rejected && rejected.attemptIndex() == 0) {
					return Mono.just(rejected.response());
				}
				return Mono.error(first);
			}
		}
		return Mono.error(failure);
	}

	/**
	 * Note the response handed to the caller, which the caller now owns.
	 */
	synchronized void deliver(ClientResponse response) {
		this.delivered = response;
		this.responses.remove(response);
	}

	/**
	 * End the exchange: release every response received but not handed to the caller, and
	 * any that arrives later.
	 */
	void finish() {
		List<ClientResponse> unclaimed;
		synchronized (this) {
			this.finished = true;
			unclaimed = new ArrayList<>(this.responses);
			this.responses.clear();
		}
		// Outside the lock: releasing may run Reactor Netty's code on this thread.
		for (ClientResponse response : unclaimed) {
			discard(response);
		}
	}

	private boolean own(ClientResponse response) {
		synchronized (this) {
			if (!this.finished) {
				this.responses.add(response);
				return true;
			}
		}
		discard(response);
		return false;
	}

	private void release(ClientResponse response) {
		synchronized (this) {
			if (!this.responses.remove(response) || response == this.delivered) {
				return;
			}
		}
		discard(response);
	}

	/**
	 * Give a response's connection back without reading its body: cancelling the body
	 * closes a connection whose body has not fully arrived (as Spring does for a response
	 * cancelled before it was read), and returns one whose body has to the pool. Draining
	 * it instead ({@code releaseBody()}) would hold the connection until a stalled body
	 * ends.
	 */
	private static void discard(ClientResponse response) {
		try {
			response.body(BodyExtractors.toDataBuffers()).subscribe(new Discarding());
		}
		catch (RuntimeException ex) {
			// A body already consumed or released: nothing is left to give back.
		}
	}

	/**
	 * Cancels a body at once, releasing any buffer that arrives meanwhile.
	 */
	private static final class Discarding extends BaseSubscriber<DataBuffer> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.cancel();
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			DataBufferUtils.release(buffer);
		}

		@Override
		protected void hookOnError(Throwable failure) {
			// The body's failure after the response was given up concerns no one.
		}

	}

}
