package site.js0.race.spring.http;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.MockClientHttpRequest;

import site.js0.race.spring.http.HttpStatusRule.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpHedgePolicyTests {

	private final HttpHedgePolicy defaults = HttpHedgePolicy.defaults();

	@Test
	void onlySafeMethodsAreEligibleByDefault() {
		assertThat(this.defaults.eligible(request(HttpMethod.GET))).isTrue();
		assertThat(this.defaults.eligible(request(HttpMethod.HEAD))).isTrue();
		assertThat(this.defaults.eligible(request(HttpMethod.OPTIONS))).isTrue();
		assertThat(this.defaults.eligible(request(HttpMethod.POST))).isFalse();
		assertThat(this.defaults.eligible(request(HttpMethod.PUT))).isFalse();
		assertThat(this.defaults.eligible(request(HttpMethod.DELETE))).isFalse();
		assertThat(this.defaults.eligible(request(HttpMethod.PATCH))).isFalse();
	}

	@Test
	void aPostIsNotEligibleByDefaultEvenWithAnIdempotencyKey() {
		assertThat(this.defaults.eligible(postWithKey("k-1"))).isFalse();
	}

	@Test
	void idempotentPostAcceptsAPostCarryingANonBlankIdempotencyKey() {
		HttpHedgePolicy policy = this.defaults
			.hedgeWhen(HttpHedgePolicy.SAFE_METHODS.or(HttpHedgePolicy.idempotentPost()));
		assertThat(policy.eligible(postWithKey("k-1"))).isTrue();
		assertThat(policy.eligible(postWithKey(" "))).isFalse();
		assertThat(policy.eligible(request(HttpMethod.POST))).isFalse();
		assertThat(policy.eligible(request(HttpMethod.GET))).isTrue();
		MockClientHttpRequest put = request(HttpMethod.PUT);
		put.getHeaders().set(HttpHedgePolicy.IDEMPOTENCY_KEY, "k-1");
		assertThat(policy.eligible(put)).isFalse();
	}

	@Test
	void methodsBuildsAPredicateOfTheGivenMethods() {
		HttpHedgePolicy policy = this.defaults.hedgeWhen(HttpHedgePolicy.methods(HttpMethod.PUT, HttpMethod.GET));
		assertThat(policy.eligible(request(HttpMethod.PUT))).isTrue();
		assertThat(policy.eligible(request(HttpMethod.GET))).isTrue();
		assertThat(policy.eligible(request(HttpMethod.HEAD))).isFalse();
	}

	@Test
	void hedgeWhenReplacesTheEligibilityRatherThanAddingToIt() {
		HttpHedgePolicy policy = this.defaults.hedgeWhen((request) -> HttpMethod.DELETE.equals(request.getMethod()));
		assertThat(policy.eligible(request(HttpMethod.DELETE))).isTrue();
		assertThat(policy.eligible(request(HttpMethod.GET))).isFalse();
	}

	@Test
	void aThrowingPredicateMakesTheRequestIneligibleInsteadOfFailingIt() {
		HttpHedgePolicy policy = this.defaults.hedgeWhen((request) -> {
			throw new IllegalStateException("predicate bug");
		});
		assertThat(policy.eligible(request(HttpMethod.GET))).isFalse();
	}

	@Test
	void aPredicateThrowingAnErrorOtherThanALinkageErrorIsNotSwallowed() {
		HttpHedgePolicy policy = this.defaults.hedgeWhen((request) -> {
			throw new StackOverflowError();
		});
		assertThatThrownBy(() -> policy.eligible(request(HttpMethod.GET))).isInstanceOf(StackOverflowError.class);
	}

	@Test
	void verdictFollowsTheStatusRule() {
		assertThat(this.defaults.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.ABORT);
		HttpHedgePolicy policy = this.defaults.statuses(HttpStatusRule.defaults().lose(HttpStatus.NOT_FOUND));
		assertThat(policy.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.LOSE);
		assertThat(policy.statuses()).isEqualTo(HttpStatusRule.defaults().lose(HttpStatus.NOT_FOUND));
	}

	@Test
	void theHedgeHeaderIsTheDefaultNameUnlessConfigured() {
		assertThat(this.defaults.hedgeHeader()).isEqualTo(HedgeHeader.DEFAULT_NAME);
		assertThat(this.defaults.hedgeHeader("X-Hedge").hedgeHeader()).isEqualTo("X-Hedge");
	}

	@Test
	void aHedgeHeaderThatIsNoHttpTokenIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.hedgeHeader(""));
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.hedgeHeader("Hedge Attempt"))
			.withMessageContaining("'Hedge Attempt'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.hedgeHeader("Hedge:Attempt"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.hedgeHeader("Hedge\r\nX: y"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.hedgeHeader("Héj"));
	}

	@Test
	void withoutBaseUrlsEveryAttemptGoesToTheRequestsOwnUrl() {
		URI uri = URI.create("http://a.example:8080/items/1?x=1");
		assertThat(this.defaults.route(uri, 0)).isSameAs(uri);
		assertThat(this.defaults.route(uri, 3)).isSameAs(uri);
	}

	@Test
	void attemptKGoesToTheKthBaseUrlWrappingRound() {
		HttpHedgePolicy policy = this.defaults
			.baseUrls(List.of(URI.create("http://m1:8001"), URI.create("https://m2"), URI.create("http://m3:8003")));
		URI uri = URI.create("http://m1:8001/items/1?x=%20y#top");
		assertThat(policy.route(uri, 0)).isEqualTo(URI.create("http://m1:8001/items/1?x=%20y#top"));
		assertThat(policy.route(uri, 1)).isEqualTo(URI.create("https://m2/items/1?x=%20y#top"));
		assertThat(policy.route(uri, 2)).isEqualTo(URI.create("http://m3:8003/items/1?x=%20y#top"));
		assertThat(policy.route(uri, 3)).isEqualTo(URI.create("http://m1:8001/items/1?x=%20y#top"));
	}

	@Test
	void theBasePathOfTheMatchingBaseUrlIsReplacedByTheChosenOne() {
		HttpHedgePolicy policy = this.defaults
			.baseUrls(List.of(URI.create("http://m1/api/v1/"), URI.create("http://m2:9000/mirror")));
		URI uri = URI.create("http://m1/api/v1/items/a%2Fb");
		assertThat(policy.route(uri, 1)).isEqualTo(URI.create("http://m2:9000/mirror/items/a%2Fb"));
		assertThat(policy.route(URI.create("http://m2:9000/mirror/items"), 0))
			.isEqualTo(URI.create("http://m1/api/v1/items"));
		assertThat(policy.route(URI.create("http://m1/api/v1"), 1)).isEqualTo(URI.create("http://m2:9000/mirror"));
	}

	@Test
	void aBasePathMatchesOnlyAtASegmentBoundary() {
		HttpHedgePolicy policy = this.defaults
			.baseUrls(List.of(URI.create("http://m1/api"), URI.create("http://m2/mirror")));
		assertThat(policy.route(URI.create("http://m1/apiary/x"), 1))
			.isEqualTo(URI.create("http://m2/mirror/apiary/x"));
	}

	@Test
	void aRequestUnderNoBaseUrlHasItsWholePathRebased() {
		HttpHedgePolicy policy = this.defaults.baseUrls(List.of(URI.create("http://m1/a"), URI.create("http://m2/b")));
		assertThat(policy.route(URI.create("http://mirrors.internal/items?q=1"), 0))
			.isEqualTo(URI.create("http://m1/a/items?q=1"));
		assertThat(policy.route(URI.create("http://mirrors.internal/items?q=1"), 1))
			.isEqualTo(URI.create("http://m2/b/items?q=1"));
	}

	@Test
	void aDefaultPortMatchesAnExplicitOne() {
		HttpHedgePolicy policy = this.defaults
			.baseUrls(List.of(URI.create("http://m1:80/api"), URI.create("http://m2/mirror")));
		assertThat(policy.route(URI.create("http://m1/api/x"), 1)).isEqualTo(URI.create("http://m2/mirror/x"));
	}

	@Test
	void aRelativeRequestUriIsLeftUnchanged() {
		HttpHedgePolicy policy = this.defaults.baseUrls(List.of(URI.create("http://m1")));
		URI relative = URI.create("/items");
		assertThat(policy.route(relative, 1)).isSameAs(relative);
	}

	@Test
	void aNegativeAttemptIndexIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.route(URI.create("http://a/"), -1));
	}

	@Test
	void baseUrlsMustBeAbsoluteHttpUrlsWithoutQueryOrFragment() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.baseUrls(List.of(URI.create("/relative"))))
			.withMessageContaining("'/relative'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.baseUrls(List.of(URI.create("ftp://m1/"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.defaults.baseUrls(List.of(URI.create("mailto:a@b"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.defaults.baseUrls(List.of(URI.create("http://m1/?q=1"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.defaults.baseUrls(List.of(URI.create("http://m1/#f"))));
	}

	@Test
	void policiesAreImmutable() {
		HttpHedgePolicy changed = this.defaults.hedgeHeader("X-Hedge")
			.baseUrls(List.of(URI.create("http://m1")))
			.hedgeWhen((request) -> true)
			.statuses(HttpStatusRule.defaults().lose(HttpStatus.NOT_FOUND));
		assertThat(changed).isNotSameAs(this.defaults);
		assertThat(this.defaults.hedgeHeader()).isEqualTo(HedgeHeader.DEFAULT_NAME);
		assertThat(this.defaults.baseUrls()).isEmpty();
		assertThat(this.defaults.eligible(request(HttpMethod.POST))).isFalse();
		assertThat(this.defaults.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.ABORT);
	}

	private static MockClientHttpRequest request(HttpMethod method) {
		return new MockClientHttpRequest(method, URI.create("http://localhost/items"));
	}

	private static HttpRequest postWithKey(String key) {
		MockClientHttpRequest request = request(HttpMethod.POST);
		request.getHeaders().set(HttpHedgePolicy.IDEMPOTENCY_KEY, key);
		return request;
	}

}
