package site.js0.race.sample;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.autoconfigure.http.RaceHttpClients;

/**
 * The hedged mirror client: a Spring {@link RestClient} that the race starter makes hedge
 * in one line, {@code race.restClient("mirrors", ...)}, on the race
 * {@code race.instances.mirrors} ({@code application.yml}). Each call is one request to
 * the first mirror; the client sends attempt {@code k} to the {@code k}-th mirror (its
 * {@code base-urls}, wrapping round), the next one after each step without a winner or at
 * once after a 503, and returns the first 2xx answer, cancelling the other attempts down
 * to their connections (the mirrors count them as aborted).
 *
 * <p>
 * What the library decides, not this class: only the race's {@code http.methods}
 * ({@code GET} and {@code HEAD}) are hedged, any other method goes to the first mirror
 * once; a 503 loses and lets the race go on; if every attempt loses, the first attempt's
 * answer is returned.
 *
 * <p>
 * The mirrors are on this app's own port, known only once the server has started (random
 * in the tests), and a call may ask for any order of them; so the base URLs are given in
 * code, one hedged client per order, made on first use and kept.
 */
@Component
public class HedgedRestMirrorClient implements MirrorClient {

	/** The race the client's calls run on: {@code race.instances.mirrors}. */
	public static final String RACE_NAME = "mirrors";

	private final RaceHttpClients race;

	private final RestClient.Builder builder;

	private final MirrorDirectory directory;

	private final int maxAttempts;

	private final Map<List<String>, RestClient> clients = new ConcurrentHashMap<>();

	/**
	 * Create the client.
	 * @param race the starter's hedged HTTP clients
	 * @param builder the {@link RestClient} builder that Spring Boot configures
	 * @param directory where the mirrors are
	 * @param templates the race templates, for the race's attempt limit
	 */
	public HedgedRestMirrorClient(RaceHttpClients race, RestClient.Builder builder, MirrorDirectory directory,
			RaceTemplates templates) {
		this.race = race;
		this.builder = builder;
		this.directory = directory;
		this.maxAttempts = templates.get(RACE_NAME).settings().maxAttempts();
	}

	/**
	 * {@inheritDoc}
	 * @throws org.springframework.web.client.RestClientException if no attempt answered
	 * before the race's deadline
	 */
	@Override
	public MirrorReply exchange(HttpMethod method, List<String> mirrors, MirrorDirectory.ForcedAnswers forced) {
		ResponseEntity<String> response = this.clients.computeIfAbsent(List.copyOf(mirrors), this::hedgedOver)
			.method(method)
			.uri(this.directory.uri(mirrors.get(0), forced))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, errorResponse) -> {
				// Not an exception: a 503 that every mirror gave is an answer too.
			})
			.toEntity(String.class);
		String mirror = response.getHeaders().getFirst(MirrorServlet.MIRROR_HEADER);
		String body = (response.getBody() != null) ? response.getBody() : "";
		return new MirrorReply((mirror != null) ? mirror : "?", response.getStatusCode().value(), body);
	}

	/**
	 * Return the mirror each attempt of a hedged call over the given mirrors is sent to:
	 * attempt {@code k} to {@code mirrors[k % n]}, up to the race's attempt limit.
	 * @param mirrors the mirrors in order
	 * @return the mirror of each attempt, by index
	 */
	public List<String> attemptTargets(List<String> mirrors) {
		int attempts = Math.min(this.maxAttempts, 64);
		return IntStream.range(0, attempts).mapToObj((k) -> mirrors.get(k % mirrors.size())).toList();
	}

	private RestClient hedgedOver(List<String> mirrors) {
		List<URI> baseUrls = mirrors.stream().map(this.directory::baseUrl).toList();
		// The one-line opt-in, with the base URLs this run's port gives.
		return this.builder.clone()
			.apply(this.race.restClient(RACE_NAME, (policy) -> policy.baseUrls(baseUrls))::customize)
			.build();
	}

}
