package site.js0.race.spring.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

import site.js0.race.RaceAbortedException;
import site.js0.race.RaceFailedException;

/**
 * The ledger of one hedged request: every response an attempt produced that is not yet
 * handed to the caller, every attempt in flight with the way to abort it, and the first
 * attempt's outcome, which the caller gets if every attempt loses. Once settled, it
 * closes whatever it holds and aborts whatever is in flight, and any later response is
 * closed on arrival, so that no response (and no pooled connection) is left behind.
 * Nothing but bookkeeping runs under its lock: aborts and closes run after it.
 */
final class HedgedExchange {

	private static final Log logger = LogFactory.getLog(HedgedExchange.class);

	private final Executor closer;

	private final Object lock = new Object();

	private boolean settled;

	/** The responses that may still be handed to the caller, by attempt index. */
	private final Map<Integer, ClientHttpResponse> held = new HashMap<>();

	/** How to abort each attempt whose request is in flight, by attempt index. */
	private final Map<Integer, Runnable> inFlight = new HashMap<>();

	private @Nullable Exception firstFailure;

	private final List<Exception> otherFailures = new ArrayList<>();

	HedgedExchange(Executor closer) {
		this.closer = closer;
	}

	/**
	 * Record that an attempt's request is about to be sent.
	 * @throws CancellationException if the exchange is already settled (after aborting)
	 */
	void started(int index, @Nullable Runnable abort) {
		synchronized (this.lock) {
			if (!this.settled) {
				if (abort != null) {
					this.inFlight.put(index, abort);
				}
				return;
			}
		}
		throw new CancellationException("The hedged request was decided before attempt " + index + " was sent");
	}

	void ended(int index) {
		synchronized (this.lock) {
			this.inFlight.remove(index);
		}
	}

	/**
	 * Judge an attempt's response: return it if it wins, hold it back or close it if it
	 * loses, and hand it over in an {@link AbortingResponse} if it aborts.
	 */
	ClientHttpResponse judge(int index, ClientHttpResponse response, HttpHedgePolicy policy) throws IOException {
		HttpStatusCode status;
		HttpStatusRule.Verdict verdict;
		try {
			status = response.getStatusCode();
			verdict = policy.verdict(status);
		}
		catch (IOException | RuntimeException ex) {
			close(response);
			throw ex;
		}
		// A losing hedge's response is never needed: if every attempt loses, the caller
		// gets the first attempt's outcome.
		boolean keep = (verdict != HttpStatusRule.Verdict.LOSE) || (index == 0);
		boolean late;
		synchronized (this.lock) {
			late = this.settled;
			if (!late && keep) {
				this.held.put(index, response);
			}
		}
		if (late || !keep) {
			close(response);
		}
		if (late) {
			throw new CancellationException("The hedged request was decided before attempt " + index + " answered");
		}
		if (verdict == HttpStatusRule.Verdict.WIN) {
			return response;
		}
		if (verdict == HttpStatusRule.Verdict.ABORT) {
			throw new AbortingResponse(index, status, response);
		}
		throw new LosingResponse(index, status);
	}

	void failed(int index, Exception failure) {
		if (failure instanceof VerdictException) {
			return;
		}
		synchronized (this.lock) {
			if (index == 0) {
				this.firstFailure = failure;
			}
			else {
				this.otherFailures.add(failure);
			}
		}
	}

	/** Hand the winner over: close everything else. */
	ClientHttpResponse settle(ClientHttpResponse winner) {
		settleWith(winner);
		return winner;
	}

	/** End the exchange without a response for the caller: close everything. */
	void settleWithout() {
		settleWith(null);
	}

	/**
	 * Hand over the outcome of a race without a winner: the aborting response, the first
	 * attempt's response or its exception.
	 */
	ClientHttpResponse settleFailed(@Nullable Throwable failure, String request) throws IOException {
		if ((failure instanceof RaceAbortedException) && (failure.getCause() instanceof AbortingResponse aborting)) {
			settleWith(aborting.response);
			return aborting.response;
		}
		if (failure instanceof RaceFailedException) {
			ClientHttpResponse first;
			Exception firstFailure;
			List<Exception> others;
			synchronized (this.lock) {
				first = this.held.get(0);
				firstFailure = this.firstFailure;
				others = new ArrayList<>(this.otherFailures);
			}
			if (first != null) {
				settleWith(first);
				return first;
			}
			settleWith(null);
			if (firstFailure != null) {
				for (Exception other : others) {
					if (other != firstFailure) {
						firstFailure.addSuppressed(other);
					}
				}
				if (firstFailure instanceof IOException io) {
					throw io;
				}
				if (firstFailure instanceof RuntimeException runtime) {
					throw runtime;
				}
			}
		}
		settleWith(null);
		String reason = (failure != null) ? failure.getMessage() : "no outcome";
		throw new IOException("Hedged " + request + " failed: " + reason, failure);
	}

	private void settleWith(@Nullable ClientHttpResponse chosen) {
		List<ClientHttpResponse> toClose = new ArrayList<>();
		List<Runnable> toAbort;
		synchronized (this.lock) {
			this.settled = true;
			for (ClientHttpResponse response : this.held.values()) {
				if (response != chosen) {
					toClose.add(response);
				}
			}
			this.held.clear();
			toAbort = new ArrayList<>(this.inFlight.values());
			this.inFlight.clear();
		}
		for (Runnable abort : toAbort) {
			try {
				abort.run();
			}
			catch (RuntimeException | LinkageError ex) {
				logger.debug("Could not abort a losing attempt's request", ex);
			}
		}
		for (ClientHttpResponse response : toClose) {
			close(response);
		}
	}

	/**
	 * Close a response on the closer: closing drains the body, which the caller must not
	 * wait for.
	 */
	private void close(ClientHttpResponse response) {
		Runnable close = () -> {
			try {
				response.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close a losing attempt's response", ex);
			}
		};
		try {
			this.closer.execute(close);
		}
		catch (RejectedExecutionException ex) {
			close.run();
		}
	}

	/** An attempt's failure that stands for a response, not an error. */
	abstract static class VerdictException extends RuntimeException {

		VerdictException(String message) {
			super(message, null, false, false);
		}

	}

	/** A response that loses: the race goes on. */
	static final class LosingResponse extends VerdictException {

		LosingResponse(int index, HttpStatusCode status) {
			super("Attempt " + index + " lost with status " + status.value());
		}

	}

	/** A response that aborts the race: it is the caller's answer. */
	static final class AbortingResponse extends VerdictException {

		private final transient ClientHttpResponse response;

		AbortingResponse(int index, HttpStatusCode status, ClientHttpResponse response) {
			super("Attempt " + index + " aborted the race with status " + status.value());
			this.response = response;
		}

	}

}
