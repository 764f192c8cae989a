package site.js0.race.spring.http;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * A WebClient request seen as an {@link HttpRequest}, so that a policy's eligibility
 * predicate is written once for RestClient and WebClient alike. A read-only view: the
 * headers are the request's own, which are read-only.
 */
final class ClientRequestHttpRequest implements HttpRequest {

	private final ClientRequest request;

	ClientRequestHttpRequest(ClientRequest request) {
		this.request = request;
	}

	@Override
	public HttpMethod getMethod() {
		return this.request.method();
	}

	@Override
	public URI getURI() {
		return this.request.url();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.request.attributes();
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.request.headers();
	}

}
