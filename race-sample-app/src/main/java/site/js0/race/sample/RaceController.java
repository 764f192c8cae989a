package site.js0.race.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientException;

/**
 * The JSON endpoints the page reads: one hedged fetch from the mirrors or one hedged DNS
 * lookup, each returned with its race's timeline; a load comparison of hedged against
 * unhedged fetches; and what the mirrors have seen.
 */
@RestController
@RequestMapping("/api")
public class RaceController {

	// Long enough for cancelled HTTP losers to report; a stalled DNS lookup is shown as
	// running.
	private static final Duration LOSER_GRACE = Duration.ofSeconds(2);

	private final HedgedRestMirrorClient hedgedClient;

	private final CallerBoundRaceListener raceListener;

	private final MirrorDirectory directory;

	private final HedgedResolver resolver;

	private final LoadComparison comparison;

	private final MirrorProperties mirrorProperties;

	private final MirrorStatistics mirrorStatistics;

	/**
	 * Create the controller.
	 * @param hedgedClient the hedged mirror client
	 * @param raceListener gets each hedged call's race to its timeline
	 * @param directory where the mirrors are
	 * @param resolver the hedged DNS resolver
	 * @param comparison the load comparison
	 * @param mirrorProperties the mirrors' latency models
	 * @param mirrorStatistics what the mirrors have seen
	 */
	public RaceController(HedgedRestMirrorClient hedgedClient, CallerBoundRaceListener raceListener,
			MirrorDirectory directory, HedgedResolver resolver, LoadComparison comparison,
			MirrorProperties mirrorProperties, MirrorStatistics mirrorStatistics) {
		this.hedgedClient = hedgedClient;
		this.raceListener = raceListener;
		this.directory = directory;
		this.resolver = resolver;
		this.comparison = comparison;
		this.mirrorProperties = mirrorProperties;
		this.mirrorStatistics = mirrorStatistics;
	}

	/**
	 * Describe the mirrors: their latency models and what each has seen so far.
	 * @return one entry per mirror, in the order they are tried
	 */
	@GetMapping("/mirrors")
	public List<MirrorView> mirrors() {
		Map<String, MirrorStatistics.Snapshot> counts = this.mirrorStatistics.snapshot();
		return this.mirrorProperties.getMirrors().entrySet().stream().map((entry) -> {
			LatencyModel model = entry.getValue();
			return new MirrorView(entry.getKey(), model.getLatency().toMillis(), model.getJitter().toMillis(),
					model.getStallProbability(), model.getStall().toMillis(), model.getErrorProbability(),
					counts.getOrDefault(entry.getKey(), new MirrorStatistics.Snapshot(0, 0, 0, 0)));
		}).toList();
	}

	/**
	 * Fetch once from the mirrors, hedged, and return the race's timeline.
	 * @param order the mirrors in the order to try them (default: all, by name)
	 * @param stall mirrors that must stall on this fetch
	 * @param fail mirrors that must answer 503 on this fetch
	 * @return the timeline and the reply that won
	 * @throws InterruptedException if interrupted while waiting for the losers
	 */
	@GetMapping("/race")
	public RaceRun<MirrorReply> race(@RequestParam(defaultValue = "") List<String> order,
			@RequestParam(defaultValue = "") List<String> stall, @RequestParam(defaultValue = "") List<String> fail)
			throws InterruptedException {
		List<String> mirrors = this.directory.ordered(order);
		MirrorDirectory.ForcedAnswers forced = this.directory.forced(stall, fail);
		RaceTimelineRecorder recorder = new RaceTimelineRecorder(this.hedgedClient.attemptTargets(mirrors),
				RaceController::describe);
		// The race runs inside the hedged RestClient, on a template every caller shares:
		// the binding gets this call's race, and its losers' ends, to the recorder.
		try (CallerBoundRaceListener.Binding binding = this.raceListener.bind(recorder)) {
			MirrorReply reply = null;
			try {
				reply = this.hedgedClient.exchange(HttpMethod.GET, mirrors, forced);
			}
			catch (RestClientException ex) {
				// The deadline passed: the timeline shows it.
			}
			return new RaceRun<>(recorder.await(LOSER_GRACE), reply);
		}
	}

	/**
	 * Resolve host names, hedged, on the {@code dns} race instance, and return the race's
	 * timeline.
	 * @param names the host names in order (default: an unresolvable one,
	 * {@code localhost}, this machine's name)
	 * @return the timeline and the address that won, as {@code name/address}
	 * @throws InterruptedException if interrupted while waiting for the losers
	 */
	@GetMapping("/dns")
	public RaceRun<String> dns(@RequestParam(defaultValue = "") List<String> names) throws InterruptedException {
		List<String> hosts = names.stream().map(String::trim).filter((name) -> !name.isEmpty()).toList();
		return this.resolver.resolve(hosts.isEmpty() ? this.resolver.defaultNames() : hosts);
	}

	/**
	 * Send the same load through the unhedged and the hedged client and compare their
	 * latency.
	 * @param requests how many requests each client makes (at most
	 * {@value LoadComparison#MAX_REQUESTS})
	 * @param concurrency how many requests are in flight at once (at most
	 * {@value LoadComparison#MAX_CONCURRENCY})
	 * @param order the mirrors in the order to try them (default: all, by name); the
	 * unhedged client uses the first only
	 * @return the latency percentiles, errors and extra load of each client
	 * @throws InterruptedException if interrupted while the load runs
	 */
	@GetMapping("/compare")
	public LoadComparison.Comparison compare(@RequestParam(defaultValue = "1000") int requests,
			@RequestParam(defaultValue = "32") int concurrency, @RequestParam(defaultValue = "") List<String> order)
			throws InterruptedException {
		return this.comparison.compare(requests, concurrency, this.directory.ordered(order));
	}

	/**
	 * One mirror, as {@code /api/mirrors} describes it.
	 *
	 * @param name the mirror's name
	 * @param latencyMs its usual latency
	 * @param jitterMs the most extra latency drawn per call
	 * @param stallProbability the fraction of calls that stall
	 * @param stallMs how long a stall lasts
	 * @param errorProbability the fraction of calls answered with 503
	 * @param counts what it has seen so far
	 */
	public record MirrorView(String name, long latencyMs, long jitterMs, double stallProbability, long stallMs,
			double errorProbability, MirrorStatistics.Snapshot counts) {
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", String.valueOf(ex.getMessage())));
	}

	// An attempt's value is the mirror's response, which the hedged client has read the
	// status of (a loser's may be closed by now).
	private static String describe(Object value) {
		if (value instanceof ClientHttpResponse response) {
			try {
				return "HTTP " + response.getStatusCode().value();
			}
			catch (IOException | RuntimeException ex) {
				return "a response";
			}
		}
		return String.valueOf(value);
	}

}
