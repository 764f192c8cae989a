package site.js0.race.spring.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

import site.js0.race.AttemptContext;
import site.js0.race.RaceRules;
import site.js0.race.RaceTemplate;

/**
 * A buffered request of {@link HedgingClientHttpRequestFactory}: sent once when
 * ineligible, raced otherwise.
 */
final class HedgingClientHttpRequest extends AbstractBufferingClientHttpRequest {

	/** Attempt numbers without end: the template's maxAttempts bounds a race. */
	private static final Iterable<Integer> ATTEMPTS = () -> new Iterator<>() {

		private int next;

		@Override
		public boolean hasNext() {
			return true;
		}

		@Override
		public Integer next() {
			return this.next++;
		}

	};

	private static final RaceRules<ClientHttpResponse> RULES = RaceRules.<ClientHttpResponse>any()
		.abortOn(HedgedExchange.AbortingResponse.class);

	private final ClientHttpRequestFactory delegate;

	private final RaceTemplate template;

	private final HttpHedgePolicy policy;

	private final URI uri;

	private final HttpMethod method;

	HedgingClientHttpRequest(ClientHttpRequestFactory delegate, RaceTemplate template, HttpHedgePolicy policy, URI uri,
			HttpMethod method) {
		this.delegate = delegate;
		this.template = template;
		this.policy = policy;
		this.uri = uri;
		this.method = method;
	}

	@Override
	public HttpMethod getMethod() {
		return this.method;
	}

	@Override
	public URI getURI() {
		return this.uri;
	}

	@Override
	protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
		if (!this.policy.eligible(this)) {
			ClientHttpRequest request = this.delegate.createRequest(this.uri, this.method);
			copy(headers, request);
			return send(request, body);
		}
		HedgedExchange exchange = new HedgedExchange(this.template.settings().executor());
		CompletableFuture<ClientHttpResponse> race = this.template.submitFirst(ATTEMPTS,
				(Integer number, AttemptContext attempt) -> attempt(exchange, attempt, headers, body), RULES);
		try {
			return exchange.settle(race.get());
		}
		catch (InterruptedException ex) {
			race.cancel(true);
			exchange.settleWithout();
			Thread.currentThread().interrupt();
			InterruptedIOException interrupted = new InterruptedIOException(
					"Interrupted while waiting for a hedged " + this.method + " " + this.uri);
			interrupted.initCause(ex);
			throw interrupted;
		}
		catch (ExecutionException ex) {
			return exchange.settleFailed(ex.getCause(), this.method + " " + this.uri);
		}
		catch (CancellationException ex) {
			exchange.settleWithout();
			throw new IOException("Hedged " + this.method + " " + this.uri + " was cancelled", ex);
		}
	}

	private ClientHttpResponse attempt(HedgedExchange exchange, AttemptContext attempt, HttpHeaders headers,
			byte[] body) throws IOException {
		int index = attempt.index();
		try {
			ClientHttpRequest request = this.delegate.createRequest(this.policy.route(this.uri, index), this.method);
			copy(headers, request);
			if (index > 0) {
				request.getHeaders().set(this.policy.hedgeHeader(), HedgeHeader.value(index));
			}
			Runnable abort = AttemptAbort.of(request);
			exchange.started(index, abort);
			ClientHttpResponse response;
			try {
				response = send(request, body);
			}
			catch (IOException | RuntimeException ex) {
				// A client whose wait gives up on interrupt (Jetty) leaves its exchange
				// running, its connection open, once this thread stops waiting, and the
				// decision no longer sees this attempt's abort. So abort it here, which
				// is harmless for a request that failed on its own.
				abortQuietly(abort);
				throw ex;
			}
			finally {
				exchange.ended(index);
			}
			return exchange.judge(index, response, this.policy);
		}
		catch (IOException | RuntimeException ex) {
			exchange.failed(index, ex);
			throw ex;
		}
	}

	private static void abortQuietly(@Nullable Runnable abort) {
		if (abort == null) {
			return;
		}
		try {
			abort.run();
		}
		catch (RuntimeException | LinkageError ex) {
			// The request failed already; what its abort throws adds nothing.
		}
	}

	private void copy(HttpHeaders headers, ClientHttpRequest request) {
		request.getHeaders().putAll(headers);
		request.getAttributes().putAll(getAttributes());
	}

	private static ClientHttpResponse send(ClientHttpRequest request, byte[] body) throws IOException {
		if (body.length > 0) {
			if (request instanceof StreamingHttpOutputMessage streaming) {
				streaming.setBody(body);
			}
			else {
				StreamUtils.copy(body, request.getBody());
			}
		}
		return request.execute();
	}

}
