package site.js0.race.spring.http;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import site.js0.race.AttemptContext;
import site.js0.race.RaceRules;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.RaceTimeoutException;
import site.js0.race.reactor.ReactorRace;

/**
 * A WebClient filter that hedges eligible requests: each is sent, and sent again after
 * each step without a winning response, as a race of the given template (its step,
 * schedule, maximum attempts, deadline, hedge budget, adaptive step and listeners).
 *
 * <pre class="code">
 * WebClient client = WebClient.builder()
 *     .filter(new HedgingExchangeFilterFunction(template, HttpHedgePolicy.defaults()))
 *     .build();
 * </pre>
 *
 * <p>
 * Which requests: those the policy finds {@linkplain HttpHedgePolicy#eligible eligible}
 * (by default GET, HEAD and OPTIONS); every other request is passed to the next filter
 * unchanged and sent once. A predicate that throws makes the request ineligible.
 *
 * <p>
 * Each attempt is a fresh exchange of a copy of the request ({@code ClientRequest.from}),
 * never a resubscription of one exchange, so that observations and logging see each
 * attempt once. Attempt {@code k} goes to the URL the policy
 * {@linkplain HttpHedgePolicy#route routes} it to (the request's own, or the k-th base
 * URL), and a hedge ({@code k >= 1}) carries the policy's
 * {@linkplain HttpHedgePolicy#hedgeHeader() hedge header} with the value {@code k}; the
 * first attempt carries none. A request's body is written once per attempt, so an
 * eligible request must have a body inserter that can be written more than once (as
 * {@code bodyValue} is).
 *
 * <p>
 * Which response: the first that the policy's status rule makes a
 * {@linkplain HttpStatusRule.Verdict#WIN WIN}; an
 * {@linkplain HttpStatusRule.Verdict#ABORT ABORT} response (by default a 4xx other than
 * 408 and 429) is the final answer at once; a {@linkplain HttpStatusRule.Verdict#LOSE
 * LOSE} response (5xx, 408, 429) or an I/O error lets the other attempts go on. When
 * every attempt loses, the caller gets the first attempt's response or error, as if the
 * request had been sent once. When the template's deadline passes first, the exchange
 * fails with {@link RaceTimeoutException}.
 *
 * <p>
 * Cancellation: once the exchange is decided, the attempts still waiting for their
 * response are cancelled, which closes their connections, and every response received but
 * not handed to the caller has its body released (cancelled: a connection whose body has
 * not fully arrived is closed, one whose body has is reused). Cancelling the caller's
 * subscription does the same for every attempt.
 *
 * <p>
 * Immutable and thread-safe; one filter serves any number of clients and requests.
 */
public final class HedgingExchangeFilterFunction implements ExchangeFilterFunction {

	private final ReactorRace race;

	private final HttpHedgePolicy policy;

	private final RaceRules<ClientResponse> rules;

	/**
	 * Create a filter that races eligible requests with the template, by the policy.
	 * @param template the template whose settings time the attempts
	 * @param policy which requests are hedged, which responses win, lose or abort, the
	 * hedge header and the routing of attempts
	 */
	public HedgingExchangeFilterFunction(RaceTemplate template, HttpHedgePolicy policy) {
		Objects.requireNonNull(template, "template must not be null");
		this.race = ReactorRace.of(template);
		this.policy = Objects.requireNonNull(policy, "policy must not be null");
		this.rules = rules(template.settings());
	}

	/**
	 * Return the policy this filter follows.
	 * @return the policy
	 */
	public HttpHedgePolicy policy() {
		return this.policy;
	}

	/**
	 * Send the request: as a hedged race when it is eligible, once otherwise.
	 * @param request the request
	 * @param next the rest of the filter chain
	 * @return the response: the winning one, an aborting one, or the first attempt's
	 */
	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (!this.policy.eligible(new ClientRequestHttpRequest(request))) {
			return next.exchange(request);
		}
		return Mono.defer(() -> {
			ReactiveHedgedExchange exchange = new ReactiveHedgedExchange(request, next, this.policy);
			return this.race
				.first(HedgingExchangeFilterFunction::attemptNumbers,
						(Integer number, AttemptContext attempt) -> exchange.attempt(attempt), this.rules)
				.onErrorResume(exchange::answer)
				.doOnNext(exchange::deliver)
				.doFinally((signal) -> exchange.finish());
		});
	}

	/**
	 * The template's own success and abort rules, and a response whose status aborts ends
	 * the race.
	 */
	private static RaceRules<ClientResponse> rules(RaceSettings settings) {
		Predicate<@Nullable Object> success = settings.successPredicate();
		Predicate<Throwable> abort = settings.abortPredicate();
		return RaceRules.<ClientResponse>successWhen(success::test)
			.abortWhen((failure) -> (failure instanceof RejectedResponse rejected) ? rejected.aborts()
					: abort.test(failure));
	}

	private static Iterator<Integer> attemptNumbers() {
		return Stream.iterate(0, (number) -> number + 1).iterator();
	}

	@Override
	public String toString() {
		return "HedgingExchangeFilterFunction[" + this.race.template() + ", " + this.policy + "]";
	}

}
