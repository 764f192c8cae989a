package site.js0.race.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * What each simulated mirror has seen: calls received, answers sent, 503s among them, and
 * calls whose client went away before the answer (a cancelled hedging loser shows up
 * here).
 */
@Component
public class MirrorStatistics {

	private final Map<String, Counts> counts = new ConcurrentHashMap<>();

	/**
	 * Return the counters of one mirror, creating them on first use.
	 * @param mirror the mirror's name
	 * @return its counters
	 */
	public Counts of(String mirror) {
		return this.counts.computeIfAbsent(mirror, (name) -> new Counts());
	}

	/**
	 * Return a snapshot of every mirror's counters, by name.
	 * @return the snapshot
	 */
	public Map<String, Snapshot> snapshot() {
		Map<String, Snapshot> snapshot = new LinkedHashMap<>();
		this.counts.keySet().stream().sorted().forEach((name) -> snapshot.put(name, of(name).snapshot()));
		return snapshot;
	}

	/**
	 * The live counters of one mirror.
	 */
	public static final class Counts {

		final LongAdder received = new LongAdder();

		final LongAdder answered = new LongAdder();

		final LongAdder errors = new LongAdder();

		final LongAdder aborted = new LongAdder();

		/**
		 * Return the counters' current values.
		 * @return a snapshot
		 */
		public Snapshot snapshot() {
			return new Snapshot(this.received.sum(), this.answered.sum(), this.errors.sum(), this.aborted.sum());
		}

	}

	/**
	 * The counters of one mirror at one moment.
	 *
	 * @param received calls received
	 * @param answered answers sent (errors included)
	 * @param errors 503 answers sent
	 * @param aborted calls whose client closed the connection before the answer was due
	 */
	public record Snapshot(long received, long answered, long errors, long aborted) {
	}

}
