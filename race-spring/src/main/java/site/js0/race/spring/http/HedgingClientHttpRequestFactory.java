package site.js0.race.spring.http;

import java.net.URI;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.Assert;

import site.js0.race.RaceTemplate;

/**
 * A {@link ClientHttpRequestFactory} that hedges the requests its policy deems eligible:
 * decorate the factory of a {@code RestClient} (or a {@code RestTemplate}) with it, and
 * every eligible request becomes a race on the template, each attempt a fresh request of
 * the delegate factory.
 * <p>
 * A request's body is buffered; when it is executed, {@link HttpHedgePolicy#eligible}
 * decides (on the caller's thread). An ineligible request is sent once, through a request
 * of the delegate, with the same URI, headers, attributes and body, and no race. For an
 * eligible one, attempt {@code k} (launched as the template's settings say: after a step
 * without a win, or at once when an attempt fails and failures advance) is a new delegate
 * request to {@link HttpHedgePolicy#route(URI, int) policy.route(uri, k)} with the
 * headers copied, the body replayed and, for a hedge ({@code k >= 1}), the header
 * {@code policy.hedgeHeader(): }{@link HedgeHeader#value(int) k}. Every response is
 * judged by {@link HttpHedgePolicy#verdict}:
 * <ul>
 * <li>the first {@code WIN} is returned; the other attempts are cancelled and every other
 * response is closed;</li>
 * <li>an {@code ABORT} ends the race with that response, no further attempt starts;</li>
 * <li>if every attempt loses ({@code LOSE} or an exception), the caller gets the first
 * attempt's response, or its exception with the others' added as suppressed;</li>
 * <li>if the race's deadline passes first, an {@link java.io.IOException} whose cause is
 * the race's {@link site.js0.race.RaceTimeoutException} is thrown; if the waiting thread
 * is interrupted, an {@link java.io.InterruptedIOException} (interrupt flag kept).</li>
 * </ul>
 * <p>
 * Cancellation: a cancelled attempt's thread is interrupted (as every blocking race
 * attempt is), and its in-flight request is also aborted through the client's own API
 * where interruption does not reach the socket: Apache HttpClient 5 and Jetty requests
 * are aborted, so that their connections are closed rather than left waiting for the
 * answer. Attempts run on the template's executor, the first one too; the caller's thread
 * waits.
 * <p>
 * Thread-safe if the delegate is; the requests it creates are not (as every
 * {@link ClientHttpRequest}).
 */
public final class HedgingClientHttpRequestFactory implements ClientHttpRequestFactory {

	private final ClientHttpRequestFactory delegate;

	private final RaceTemplate template;

	private final HttpHedgePolicy policy;

	/**
	 * Create a factory hedging the requests of the given one.
	 * @param delegate the factory of every attempt's request
	 * @param template the template whose settings (step, attempts, deadline, executor)
	 * run each race
	 * @param policy which requests are hedged and how
	 */
	public HedgingClientHttpRequestFactory(ClientHttpRequestFactory delegate, RaceTemplate template,
			HttpHedgePolicy policy) {
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(template, "'template' must not be null");
		Assert.notNull(policy, "'policy' must not be null");
		this.delegate = delegate;
		this.template = template;
		this.policy = policy;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new HedgingClientHttpRequest(this.delegate, this.template, this.policy, uri, httpMethod);
	}

	/**
	 * Return the factory that creates every attempt's request.
	 * @return the delegate
	 */
	public ClientHttpRequestFactory getDelegate() {
		return this.delegate;
	}

	/**
	 * Return the policy.
	 * @return the policy
	 */
	public HttpHedgePolicy getPolicy() {
		return this.policy;
	}

	@Override
	public String toString() {
		return "HedgingClientHttpRequestFactory[" + this.template.settings().name() + ", " + this.policy + ", "
				+ this.delegate + "]";
	}

}
