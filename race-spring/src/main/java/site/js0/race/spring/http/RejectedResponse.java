package site.js0.race.spring.http;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * The failure of an attempt whose response a policy's status rule did not accept: it
 * {@linkplain HttpStatusRule.Verdict#LOSE loses} (another attempt may do better) or
 * {@linkplain HttpStatusRule.Verdict#ABORT aborts} the race (the response is the final
 * answer). Carries the response so that it can still be handed to the caller. Without a
 * stack trace: it is an expected outcome, not a fault.
 */
final class RejectedResponse extends RuntimeException {

	@java.io.Serial
	private static final long serialVersionUID = 1L;

	private final transient ClientResponse response;

	private final HttpStatusRule.Verdict verdict;

	private final int attemptIndex;

	RejectedResponse(ClientResponse response, HttpStatusCode status, HttpStatusRule.Verdict verdict, int attemptIndex) {
		super("Attempt #" + attemptIndex + " answered " + status.value() + ": "
				+ ((verdict == HttpStatusRule.Verdict.ABORT) ? "the final answer" : "another attempt may do better"),
				null, false, false);
		this.response = response;
		this.verdict = verdict;
		this.attemptIndex = attemptIndex;
	}

	ClientResponse response() {
		return this.response;
	}

	boolean aborts() {
		return this.verdict == HttpStatusRule.Verdict.ABORT;
	}

	int attemptIndex() {
		return this.attemptIndex;
	}

}
