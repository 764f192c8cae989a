package site.js0.race.sample;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Service;

import site.js0.race.spring.Hedged;
import site.js0.race.spring.HedgedAttempt;

/**
 * The mirrors again, hedged with one annotation instead of a {@code RaceTemplate} call:
 * each attempt re-invokes {@link #fetch}, which reads its attempt's index to ask the next
 * mirror in the order. The race runs on the default template ({@code race.*}); a mirror
 * that answers 503 fails its attempt, which launches the next at once, and when every
 * mirror fails the caller gets the first mirror's exception, the others suppressed on it.
 */
@Service
public class HedgedMirrorLookup {

	private final MirrorCaller caller;

	/**
	 * Create the lookup.
	 * @param caller the client of the simulated mirrors
	 */
	public HedgedMirrorLookup(MirrorCaller caller) {
		this.caller = caller;
	}

	/**
	 * Fetch from the mirrors in order, one attempt per mirror, hedged.
	 * @param order the mirrors, the first asked first; attempts past the end ask the last
	 * @param forced answers forced on some mirrors for this call
	 * @return the first successful reply
	 * @throws MirrorUnavailableException if the attempt's mirror answered with an error
	 */
	@Hedged
	public MirrorReply fetch(List<String> order, MirrorDirectory.ForcedAnswers forced) {
		int index = HedgedAttempt.current().index();
		String mirror = order.get(Math.min(index, order.size() - 1));
		MirrorReply reply = this.caller.call(HttpMethod.GET, mirror, forced);
		if (reply.status() >= 400) {
			throw new MirrorUnavailableException(mirror, reply.status());
		}
		return reply;
	}

	/**
	 * A mirror answered with an error status.
	 */
	public static class MirrorUnavailableException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MirrorUnavailableException(String mirror, int status) {
			super("Mirror " + mirror + " answered " + status);
		}

	}

}
