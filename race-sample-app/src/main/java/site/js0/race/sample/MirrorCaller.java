package site.js0.race.sample;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Makes one plain call to one mirror with a Spring {@link RestClient} on the JDK
 * {@link HttpClient}: the unhedged baseline ({@link DirectMirrorClient}) and the
 * {@code @Hedged} lookup ({@link HedgedMirrorLookup}) go through it.
 *
 * <p>
 * Why the JDK client: an {@code @Hedged} loser runs as a blocking task whose thread the
 * race interrupts. {@link JdkClientHttpRequestFactory} waits for the response on the
 * future of {@link HttpClient#sendAsync}, and on interrupt it cancels that future; since
 * JDK 16 cancelling it aborts the exchange, closing the HTTP/1.1 connection. So the
 * mirror sees the loser's connection go away instead of answering a caller that left long
 * ago. (A client that blocks in a socket read, such as the JDK's
 * {@code HttpURLConnection}, ignores interrupts and would keep the loser's connection and
 * thread until its answer came.)
 */
@Component
public class MirrorCaller {

	private final RestClient restClient;

	private final MirrorDirectory directory;

	/**
	 * Create the caller.
	 * @param builder the {@link RestClient} builder that Spring Boot configures
	 * @param directory where the mirrors are
	 */
	public MirrorCaller(RestClient.Builder builder, MirrorDirectory directory) {
		// HTTP/1.1: a cancelled exchange then closes its own connection, which the mirror
		// notices; and no h2c upgrade attempt, which Tomcat would not take up anyway.
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		// A bound for the unhedged client, which has nothing else to stop a mirror that
		// never answers.
		requestFactory.setReadTimeout(Duration.ofSeconds(10));
		this.restClient = builder.requestFactory(requestFactory).build();
		this.directory = directory;
	}

	/**
	 * Call one mirror and wait for its answer. A 4xx or 5xx answer is returned, not
	 * thrown, so that the caller can classify it.
	 * @param method the HTTP method
	 * @param mirror the mirror's name
	 * @param forced answers forced on some mirrors for this call
	 * @return the mirror's answer
	 * @throws org.springframework.web.client.RestClientException if the exchange fails,
	 * or was interrupted (the exchange is then aborted)
	 */
	public MirrorReply call(HttpMethod method, String mirror, MirrorDirectory.ForcedAnswers forced) {
		ResponseEntity<String> response = this.restClient.method(method)
			.uri(this.directory.uri(mirror, forced))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, errorResponse) -> {
				// Not an exception: a 503 is an answer, and the race's success predicate
				// judges it.
			})
			.toEntity(String.class);
		String body = (response.getBody() != null) ? response.getBody() : "";
		return new MirrorReply(mirror, response.getStatusCode().value(), body);
	}

}
