package site.js0.race.sample;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import site.js0.race.RaceListener;
import site.js0.race.RaceTemplate;

/**
 * Hedges requests across the mirrors: the first mirror at once, the next one after each
 * {@code race.step} without a success, each attempt on a different mirror, up to
 * {@code race.max-attempts}; the first 2xx answer wins and the other calls are cancelled.
 *
 * <p>
 * A 503 is rejected by the success predicate, so it counts as a failed attempt, and since
 * failures advance the schedule ({@code race.failure-advances}, on by default) the next
 * mirror is called at once rather than a step later.
 *
 * <p>
 * Only GET and HEAD are hedged: they are safe and idempotent, so running one on two
 * mirrors at once is harmless. Any other method could change state twice, so it goes to
 * the first mirror only, unhedged.
 */
@Component
public class HedgedMirrorClient implements MirrorClient {

	private static final Set<HttpMethod> HEDGED_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

	private final RaceTemplate template;

	private final MirrorCaller caller;

	/**
	 * Create the client on the application's race template ({@code race.*} in
	 * {@code application.yml}).
	 * @param raceTemplate the auto-configured template
	 * @param caller makes the calls
	 */
	@Autowired
	public HedgedMirrorClient(RaceTemplate raceTemplate, MirrorCaller caller) {
		// Derived rather than customized globally: "a 2xx reply" is this client's notion
		// of success, not every race's. The derived template keeps the configured step,
		// limits, scheduler, executor and listeners (so the meters still count these
		// races).
		this(raceTemplate.mutate((settings) -> settings.successPredicate(HedgedMirrorClient::isSuccessfulReply)),
				caller, null);
	}

	private HedgedMirrorClient(RaceTemplate template, MirrorCaller caller, @Nullable RaceListener listener) {
		this.template = (listener != null) ? template.mutate((settings) -> settings.listener(listener)) : template;
		this.caller = caller;
	}

	/**
	 * Return a client like this one whose races also report to the given listener.
	 * @param listener the extra listener
	 * @return a new client
	 */
	public HedgedMirrorClient observedBy(RaceListener listener) {
		return new HedgedMirrorClient(this.template, this.caller, listener);
	}

	/**
	 * {@inheritDoc}
	 * @throws site.js0.race.RaceException if no mirror answered with a 2xx status in time
	 */
	@Override
	public MirrorReply exchange(HttpMethod method, List<String> mirrors, MirrorDirectory.ForcedAnswers forced) {
		if (!HEDGED_METHODS.contains(method)) {
			return this.caller.call(method, mirrors.get(0), forced);
		}
		// Blocking tasks: each attempt runs on the race executor and a loser's thread is
		// interrupted, which aborts its exchange (see MirrorCaller).
		return this.template.invokeFirst(mirrors, (mirror, attempt) -> this.caller.call(method, mirror, forced));
	}

	private static boolean isSuccessfulReply(@Nullable Object value) {
		return value instanceof MirrorReply reply && reply.isSuccess();
	}

}
