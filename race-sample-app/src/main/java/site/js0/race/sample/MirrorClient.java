package site.js0.race.sample;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * Fetches from the mirrors: {@link HedgedRestMirrorClient} races them,
 * {@link DirectMirrorClient} asks only the first.
 */
public interface MirrorClient {

	/**
	 * Make one logical request to the mirrors and wait for the answer.
	 * @param method the HTTP method
	 * @param mirrors the mirrors that can serve it, in order of preference
	 * @param forced answers forced on some mirrors for this request
	 * @return the answer that was used
	 */
	MirrorReply exchange(HttpMethod method, List<String> mirrors, MirrorDirectory.ForcedAnswers forced);

	/**
	 * Make one GET request to the mirrors and wait for the answer.
	 * @param mirrors the mirrors that can serve it, in order of preference
	 * @return the answer that was used
	 */
	default MirrorReply get(List<String> mirrors) {
		return exchange(HttpMethod.GET, mirrors, MirrorDirectory.ForcedAnswers.NONE);
	}

}
