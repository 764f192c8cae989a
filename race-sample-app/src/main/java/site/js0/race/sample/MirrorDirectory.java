package site.js0.race.sample;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where the simulated mirrors are: on this very server, over loopback, under
 * {@code /mirrors/{name}}. The port is only known once the web server has started (it is
 * random in the tests), so it is picked up from the {@link WebServerInitializedEvent}.
 */
@Component
public class MirrorDirectory implements ApplicationListener<WebServerInitializedEvent> {

	private final MirrorProperties properties;

	private volatile int port = -1;

	/**
	 * Create the directory.
	 * @param properties the configured mirrors
	 */
	public MirrorDirectory(MirrorProperties properties) {
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// The management server, if ever moved to its own port, has a namespace; the
		// mirrors are on the main one.
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.port = event.getWebServer().getPort();
		}
	}

	/**
	 * Return the names of the mirrors in the order they are tried by default.
	 * @return the mirror names
	 */
	public List<String> names() {
		return List.copyOf(this.properties.getMirrors().keySet());
	}

	/**
	 * Return the mirrors to try, in the requested order.
	 * @param order mirror names in the order to try them, or empty for the default order
	 * @return the mirrors
	 * @throws IllegalArgumentException if a name is not a configured mirror or is
	 * repeated
	 */
	public List<String> ordered(List<String> order) {
		if (order.isEmpty()) {
			return names();
		}
		List<String> mirrors = new ArrayList<>();
		for (String name : order) {
			String trimmed = name.trim();
			if (!this.properties.getMirrors().containsKey(trimmed)) {
				throw new IllegalArgumentException("No mirror '" + trimmed + "'; the mirrors are " + names());
			}
			if (mirrors.contains(trimmed)) {
				throw new IllegalArgumentException("Mirror '" + trimmed + "' is listed twice");
			}
			mirrors.add(trimmed);
		}
		return mirrors;
	}

	/**
	 * Return forced answers for one call, checking that every name is a mirror.
	 * @param stalled names of the mirrors that must stall
	 * @param failed names of the mirrors that must answer 503
	 * @return the forced answers
	 * @throws IllegalArgumentException if a name is not a configured mirror
	 */
	public ForcedAnswers forced(List<String> stalled, List<String> failed) {
		return new ForcedAnswers(Set.copyOf(known(stalled)), Set.copyOf(known(failed)));
	}

	private List<String> known(List<String> names) {
		return names.isEmpty() ? List.of() : ordered(names);
	}

	/**
	 * Return the URI of a call to one mirror. Forced answers are query parameters that
	 * name the mirrors, {@code ?stall=a&fail=c}, so that the same query serves a hedged
	 * call whichever mirror each attempt is routed to.
	 * @param mirror the mirror's name
	 * @param forced mirrors that must stall, or fail, on this call
	 * @return the URI
	 * @throws IllegalStateException if the web server has not started yet
	 */
	public URI uri(String mirror, ForcedAnswers forced) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(baseUrl(mirror));
		if (!forced.stalled().isEmpty()) {
			uri.queryParam("stall", String.join(",", new TreeSet<>(forced.stalled())));
		}
		if (!forced.failed().isEmpty()) {
			uri.queryParam("fail", String.join(",", new TreeSet<>(forced.failed())));
		}
		return uri.build().toUri();
	}

	/**
	 * Return the base URL of one mirror, {@code http://127.0.0.1:<port>/mirrors/<name>}:
	 * what a hedged client routes an attempt to.
	 * @param mirror the mirror's name
	 * @return the URL
	 * @throws IllegalStateException if the web server has not started yet
	 */
	public URI baseUrl(String mirror) {
		if (this.port < 0) {
			throw new IllegalStateException("The web server has not started yet");
		}
		// 127.0.0.1 rather than localhost: no name lookup, and no IPv6-then-IPv4
		// fallback, per call.
		return UriComponentsBuilder.newInstance()
			.scheme("http")
			.host("127.0.0.1")
			.port(this.port)
			.pathSegment("mirrors", mirror)
			.build()
			.toUri();
	}

	/**
	 * Answers forced on chosen mirrors for one call, so that the page can show a stall or
	 * a failure on demand instead of waiting for one to be drawn.
	 *
	 * @param stalled the mirrors that stall
	 * @param failed the mirrors that answer 503
	 */
	public record ForcedAnswers(Set<String> stalled, Set<String> failed) {

		/** No forced answers: every mirror draws from its latency model. */
		public static final ForcedAnswers NONE = new ForcedAnswers(Set.of(), Set.of());

	}

}
