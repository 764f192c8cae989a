package site.js0.race.spring.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * What a hedging HTTP client (a {@code RestClient}, a {@code WebClient}) may hedge and
 * how: which requests are eligible, which response statuses win, lose or abort, the
 * header that marks a hedge, and where each attempt is sent. The policy is
 * client-neutral: it only looks at a Spring {@link HttpRequest} (method, URI, headers)
 * and a status code.
 * <p>
 * The {@link #defaults() defaults}: only the safe methods {@code GET}, {@code HEAD} and
 * {@code OPTIONS} are hedged (sending a request twice must be harmless), statuses are
 * judged by {@link HttpStatusRule#defaults()}, hedges carry the header
 * {@value HedgeHeader#DEFAULT_NAME}, and every attempt goes to the request's own URL.
 * Anything else is a per-request decision of a predicate, for example
 * {@code HttpHedgePolicy.defaults().hedgeWhen(HttpHedgePolicy.SAFE_METHODS.or(HttpHedgePolicy.idempotentPost()))}
 * also hedges a {@code POST} that carries an {@code Idempotency-Key} header.
 * <p>
 * Instances are immutable and thread-safe; every {@code with}-style method returns a new
 * policy.
 */
public final class HttpHedgePolicy {

	/**
	 * The header by which a client makes a non-idempotent request safe to repeat:
	 * {@value}.
	 */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/**
	 * Eligibility of the safe methods only: {@code GET}, {@code HEAD} and
	 * {@code OPTIONS}.
	 */
	public static final Predicate<HttpRequest> SAFE_METHODS = methods(HttpMethod.GET, HttpMethod.HEAD,
			HttpMethod.OPTIONS);

	private static final Log logger = LogFactory.getLog(HttpHedgePolicy.class);

	private static final HttpHedgePolicy DEFAULTS = new HttpHedgePolicy(SAFE_METHODS, HttpStatusRule.defaults(),
			HedgeHeader.DEFAULT_NAME, Collections.emptyList());

	private final Predicate<HttpRequest> eligibility;

	private final HttpStatusRule statuses;

	private final String hedgeHeader;

	private final List<URI> baseUrls;

	private HttpHedgePolicy(Predicate<HttpRequest> eligibility, HttpStatusRule statuses, String hedgeHeader,
			List<URI> baseUrls) {
		this.eligibility = eligibility;
		this.statuses = statuses;
		this.hedgeHeader = hedgeHeader;
		this.baseUrls = baseUrls;
	}

	/**
	 * Return the default policy: safe methods only, the default statuses, the
	 * {@value HedgeHeader#DEFAULT_NAME} header, every attempt to the request's own URL.
	 * @return the default policy
	 */
	public static HttpHedgePolicy defaults() {
		return DEFAULTS;
	}

	/**
	 * Return an eligibility predicate that accepts requests with one of the given
	 * methods.
	 * @param methods the methods, at least one
	 * @return the predicate
	 */
	public static Predicate<HttpRequest> methods(HttpMethod... methods) {
		Assert.notEmpty(methods, "At least one method must be given");
		Set<HttpMethod> accepted = Set.of(methods);
		return (request) -> accepted.contains(request.getMethod());
	}

	/**
	 * Return an eligibility predicate that accepts a {@code POST} carrying a non-blank
	 * {@value #IDEMPOTENCY_KEY} header: the server promises to execute such a request at
	 * most once per key, so that sending it twice is harmless. Combine it with another
	 * predicate, e.g. {@code SAFE_METHODS.or(idempotentPost())}.
	 * @return the predicate
	 */
	public static Predicate<HttpRequest> idempotentPost() {
		return (request) -> HttpMethod.POST.equals(request.getMethod())
				&& StringUtils.hasText(request.getHeaders().getFirst(IDEMPOTENCY_KEY));
	}

	/**
	 * Return a copy of this policy whose eligibility is the given predicate (replacing
	 * the current one, the safe methods by default). The predicate runs on the caller's
	 * thread for every request, before any attempt; see {@link #eligible(HttpRequest)}
	 * for what happens when it throws.
	 * @param eligible whether a request may be hedged
	 * @return the new policy
	 */
	public HttpHedgePolicy hedgeWhen(Predicate<HttpRequest> eligible) {
		Assert.notNull(eligible, "'eligible' must not be null");
		return new HttpHedgePolicy(eligible, this.statuses, this.hedgeHeader, this.baseUrls);
	}

	/**
	 * Return a copy of this policy that judges response statuses by the given rule.
	 * @param rule the rule
	 * @return the new policy
	 */
	public HttpHedgePolicy statuses(HttpStatusRule rule) {
		Assert.notNull(rule, "'rule' must not be null");
		return new HttpHedgePolicy(this.eligibility, rule, this.hedgeHeader, this.baseUrls);
	}

	/**
	 * Return a copy of this policy whose hedges carry the given header (its value the
	 * attempt's index, see {@link HedgeHeader#value(int)}).
	 * @param name the header's name, a legal HTTP token (RFC 9110 {@code tchar}s)
	 * @return the new policy
	 * @throws IllegalArgumentException if the name is empty or not a legal token
	 */
	public HttpHedgePolicy hedgeHeader(String name) {
		Assert.notNull(name, "'name' must not be null");
		if (!HedgeHeader.isValidName(name)) {
			throw new IllegalArgumentException(
					"A hedge header's name must be a non-empty HTTP token (letters, digits and !#$%&'*+-.^_`|~), but was '"
							+ name + "'");
		}
		return new HttpHedgePolicy(this.eligibility, this.statuses, name, this.baseUrls);
	}

	/**
	 * Return a copy of this policy that routes attempt {@code k} to
	 * {@code baseUrls[k % n]} (see {@link #route(URI, int)}); an empty list sends every
	 * attempt to the request's own URL.
	 * @param baseUrls absolute {@code http} or {@code https} URLs with a host and without
	 * query or fragment
	 * @return the new policy
	 * @throws IllegalArgumentException if a URL is not such a base URL
	 */
	public HttpHedgePolicy baseUrls(List<URI> baseUrls) {
		Assert.notNull(baseUrls, "'baseUrls' must not be null");
		List<URI> copy = new ArrayList<>(baseUrls.size());
		for (URI baseUrl : baseUrls) {
			copy.add(checkBaseUrl(baseUrl));
		}
		return new HttpHedgePolicy(this.eligibility, this.statuses, this.hedgeHeader,
				Collections.unmodifiableList(copy));
	}

	/**
	 * Return whether a request may be hedged. The eligibility predicate is guarded: if it
	 * throws, the request is not hedged but sent once, as without this policy, and the
	 * exception is logged (at debug level) rather than thrown to the caller.
	 * @param request the request, before any attempt
	 * @return whether the request may be sent more than once
	 */
	public boolean eligible(HttpRequest request) {
		try {
			return this.eligibility.test(request);
		}
		catch (Exception | LinkageError ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Hedge eligibility predicate threw for " + request.getMethod() + " " + request.getURI()
						+ "; the request is sent once", ex);
			}
			return false;
		}
	}

	/**
	 * Return the verdict of this policy's {@link HttpStatusRule} on a response status.
	 * @param status the status
	 * @return whether the response wins, loses or aborts the race
	 */
	public HttpStatusRule.Verdict verdict(HttpStatusCode status) {
		return this.statuses.verdict(status);
	}

	/**
	 * Return this policy's status rule.
	 * @return the status rule
	 */
	public HttpStatusRule statuses() {
		return this.statuses;
	}

	/**
	 * Return the name of the header that marks a hedge.
	 * @return the header name
	 */
	public String hedgeHeader() {
		return this.hedgeHeader;
	}

	/**
	 * Return the base URLs attempts are routed across.
	 * @return the base URLs, unmodifiable, empty if every attempt goes to the request's
	 * own URL
	 */
	public List<URI> baseUrls() {
		return this.baseUrls;
	}

	/**
	 * Return the URI attempt {@code attemptIndex} is sent to. Without base URLs, the
	 * request's URI itself. With base URLs, the URI is rebased on
	 * {@code baseUrls[attemptIndex % n]}: if the request's URI lies under one of the base
	 * URLs (same scheme, host and port, and its path starts with that base's path at a
	 * segment boundary), that base is replaced; otherwise the request's whole path is
	 * taken as relative to the chosen base. Scheme, user info, host and port come from
	 * the chosen base; the remaining path, the query and the fragment are kept as they
	 * are (still encoded). A URI that is not absolute and hierarchical is returned
	 * unchanged.
	 * @param requestUri the request's URI
	 * @param attemptIndex the attempt's index, {@code 0} for the primary
	 * @return the attempt's URI
	 * @throws IllegalArgumentException if the index is negative
	 */
	public URI route(URI requestUri, int attemptIndex) {
		Assert.notNull(requestUri, "'requestUri' must not be null");
		if (attemptIndex < 0) {
			throw new IllegalArgumentException("An attempt's index is at least 0, but was " + attemptIndex);
		}
		if (this.baseUrls.isEmpty() || !requestUri.isAbsolute() || requestUri.isOpaque()
				|| requestUri.getRawAuthority() == null) {
			return requestUri;
		}
		URI target = this.baseUrls.get(attemptIndex % this.baseUrls.size());
		String path = (requestUri.getRawPath() != null) ? requestUri.getRawPath() : "";
		String remainder = path;
		for (URI base : this.baseUrls) {
			String rest = remainderUnder(base, requestUri, path);
			if (rest != null) {
				remainder = rest;
				break;
			}
		}
		StringBuilder uri = new StringBuilder();
		uri.append(target.getScheme()).append("://").append(target.getRawAuthority());
		uri.append(trimTrailingSlash(rawPath(target)));
		if (!remainder.isEmpty() && !remainder.startsWith("/")) {
			uri.append('/');
		}
		uri.append(remainder);
		if (requestUri.getRawQuery() != null) {
			uri.append('?').append(requestUri.getRawQuery());
		}
		if (requestUri.getRawFragment() != null) {
			uri.append('#').append(requestUri.getRawFragment());
		}
		try {
			return new URI(uri.toString());
		}
		catch (URISyntaxException ex) {
			// Unreachable for components taken from two valid URIs; kept to fail loudly.
			throw new IllegalStateException("Could not rebase " + requestUri + " on " + target, ex);
		}
	}

	private static @Nullable String remainderUnder(URI base, URI requestUri, String path) {
		if (!base.getScheme().equalsIgnoreCase(requestUri.getScheme())
				|| !base.getHost().equalsIgnoreCase(String.valueOf(requestUri.getHost()))
				|| port(base) != port(requestUri)) {
			return null;
		}
		String basePath = trimTrailingSlash(rawPath(base));
		if (basePath.isEmpty()) {
			return path;
		}
		if (path.equals(basePath)) {
			return "";
		}
		if (path.startsWith(basePath + "/")) {
			return path.substring(basePath.length());
		}
		return null;
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return ("https".equalsIgnoreCase(uri.getScheme())) ? 443 : 80;
	}

	private static String rawPath(URI uri) {
		return (uri.getRawPath() != null) ? uri.getRawPath() : "";
	}

	private static String trimTrailingSlash(String path) {
		String trimmed = path;
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	private static URI checkBaseUrl(@Nullable URI baseUrl) {
		if (baseUrl == null) {
			throw new IllegalArgumentException("A base URL must not be null");
		}
		String scheme = baseUrl.getScheme();
		if (!baseUrl.isAbsolute() || baseUrl.isOpaque() || baseUrl.getHost() == null
				|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
			throw new IllegalArgumentException(
					"A base URL must be an absolute http or https URL with a host, but was '" + baseUrl + "'");
		}
		if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
			throw new IllegalArgumentException(
					"A base URL must have neither query nor fragment, but was '" + baseUrl + "'");
		}
		return baseUrl;
	}

	@Override
	public String toString() {
		return "HttpHedgePolicy[statuses=" + this.statuses + ", hedgeHeader=" + this.hedgeHeader + ", baseUrls="
				+ this.baseUrls + "]";
	}

}
