package site.js0.race.sample;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * The unhedged baseline: every request goes to the first mirror only, and whatever it
 * answers, however late, is the answer.
 */
@Component
public class DirectMirrorClient implements MirrorClient {

	private final MirrorCaller caller;

	/**
	 * Create the client.
	 * @param caller makes the calls
	 */
	public DirectMirrorClient(MirrorCaller caller) {
		this.caller = caller;
	}

	@Override
	public MirrorReply exchange(HttpMethod method, List<String> mirrors, MirrorDirectory.ForcedAnswers forced) {
		return this.caller.call(method, mirrors.get(0), forced);
	}

}
