package site.js0.race.sample;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;

import site.js0.race.RaceException;
import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceTemplates;

/**
 * The seed's hedged DNS example: look up a list of host names one step apart and keep the
 * first address found. An unresolvable name fails its attempt, which launches the next
 * name at once.
 *
 * <p>
 * It runs on the {@code dns} race instance ({@code race.instances.dns} in
 * {@code application.yml}), whose step suits name lookups rather than the mirrors.
 */
@Component
public class HedgedResolver {

	/** The name of the race instance this resolver uses. */
	public static final String RACE_NAME = "dns";

	private final RaceTemplate template;

	/**
	 * Create the resolver.
	 * @param raceTemplates the race templates configured under {@code race.*}
	 */
	public HedgedResolver(RaceTemplates raceTemplates) {
		this.template = raceTemplates.get(RACE_NAME);
	}

	/**
	 * Return names that resolve without any network: one that cannot resolve (the
	 * reserved {@code .invalid} top-level domain), then {@code localhost} and this
	 * machine's host name.
	 * @return the default names to race
	 */
	public List<String> defaultNames() {
		String hostName;
		try {
			hostName = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			hostName = "localhost";
		}
		return List.of("nonexistent.invalid", "localhost", hostName);
	}

	/**
	 * Race the lookups and return the timeline with the first address found.
	 * @param names the host names, in order
	 * @return the race's timeline and its result
	 * @throws InterruptedException if interrupted while waiting for the losers
	 */
	public RaceRun<String> resolve(List<String> names) throws InterruptedException {
		RaceTimelineRecorder recorder = new RaceTimelineRecorder(names, HedgedResolver::describe);
		RaceTemplate observed = this.template.mutate((settings) -> settings.listener(recorder));
		String address = null;
		try {
			// InetAddress lookups block in native code and ignore interrupts: a losing
			// lookup runs to its end on the race executor, but its answer is discarded
			// and nobody waits for it.
			InetAddress winner = observed.invokeFirst(names, (name, attempt) -> InetAddress.getByName(name));
			address = winner.getHostName() + "/" + winner.getHostAddress();
		}
		catch (RaceException ex) {
			// The timeline says why; the page shows it.
		}
		return new RaceRun<>(recorder.await(Duration.ofMillis(500)), address);
	}

	private static String describe(Object value) {
		return (value instanceof InetAddress address) ? address.getHostAddress() : String.valueOf(value);
	}

}
