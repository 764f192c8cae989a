package site.js0.race.spring.http;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import site.js0.race.spring.http.HttpStatusRule.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HttpStatusRuleTests {

	private final HttpStatusRule rule = HttpStatusRule.defaults();

	@Test
	void successesAndRedirectsWinByDefault() {
		assertThat(this.rule.verdict(HttpStatus.OK)).isEqualTo(Verdict.WIN);
		assertThat(this.rule.verdict(HttpStatus.NO_CONTENT)).isEqualTo(Verdict.WIN);
		assertThat(this.rule.verdict(HttpStatus.NOT_MODIFIED)).isEqualTo(Verdict.WIN);
		assertThat(this.rule.verdict(HttpStatus.FOUND)).isEqualTo(Verdict.WIN);
	}

	@Test
	void serverErrorsTimeoutsAndThrottlingLoseByDefault() {
		assertThat(this.rule.verdict(HttpStatus.INTERNAL_SERVER_ERROR)).isEqualTo(Verdict.LOSE);
		assertThat(this.rule.verdict(HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo(Verdict.LOSE);
		assertThat(this.rule.verdict(HttpStatusCode.valueOf(599))).isEqualTo(Verdict.LOSE);
		assertThat(this.rule.verdict(HttpStatus.REQUEST_TIMEOUT)).isEqualTo(Verdict.LOSE);
		assertThat(this.rule.verdict(HttpStatus.TOO_MANY_REQUESTS)).isEqualTo(Verdict.LOSE);
	}

	@Test
	void otherClientErrorsAbortByDefaultSoThatA404IsNotSentToTheNextMirror() {
		assertThat(this.rule.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.ABORT);
		assertThat(this.rule.verdict(HttpStatus.BAD_REQUEST)).isEqualTo(Verdict.ABORT);
		assertThat(this.rule.verdict(HttpStatus.UNAUTHORIZED)).isEqualTo(Verdict.ABORT);
		assertThat(this.rule.verdict(HttpStatusCode.valueOf(499))).isEqualTo(Verdict.ABORT);
	}

	@Test
	void unknownCodesLose() {
		assertThat(this.rule.verdict(HttpStatusCode.valueOf(100))).isEqualTo(Verdict.LOSE);
		assertThat(this.rule.verdict(HttpStatusCode.valueOf(600))).isEqualTo(Verdict.LOSE);
		assertThat(this.rule.verdict(HttpStatusCode.valueOf(999))).isEqualTo(Verdict.LOSE);
	}

	@Test
	void overridesTakePrecedenceOverTheRanges() {
		HttpStatusRule custom = this.rule.lose(HttpStatus.NOT_FOUND)
			.abort(HttpStatus.SERVICE_UNAVAILABLE)
			.win(HttpStatus.GONE);
		assertThat(custom.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.LOSE);
		assertThat(custom.verdict(HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo(Verdict.ABORT);
		assertThat(custom.verdict(HttpStatus.GONE)).isEqualTo(Verdict.WIN);
		assertThat(custom.verdict(HttpStatus.BAD_GATEWAY)).isEqualTo(Verdict.LOSE);
		assertThat(custom.verdict(HttpStatus.BAD_REQUEST)).isEqualTo(Verdict.ABORT);
	}

	@Test
	void aLaterOverrideOfTheSameCodeReplacesTheEarlierOne() {
		HttpStatusRule custom = this.rule.lose(HttpStatus.NOT_FOUND).win(HttpStatus.NOT_FOUND);
		assertThat(custom.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.WIN);
	}

	@Test
	void overridingLeavesTheOriginalRuleUnchanged() {
		this.rule.lose(HttpStatus.NOT_FOUND);
		assertThat(this.rule.verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.ABORT);
		assertThat(HttpStatusRule.defaults().verdict(HttpStatus.NOT_FOUND)).isEqualTo(Verdict.ABORT);
	}

	@Test
	void rulesWithTheSameOverridesAreEqual() {
		assertThat(this.rule.lose(HttpStatus.NOT_FOUND).abort(HttpStatus.BAD_GATEWAY))
			.isEqualTo(this.rule.abort(HttpStatus.BAD_GATEWAY).lose(HttpStatus.NOT_FOUND))
			.hasSameHashCodeAs(this.rule.abort(HttpStatus.BAD_GATEWAY).lose(HttpStatus.NOT_FOUND));
		assertThat(this.rule.lose(HttpStatus.NOT_FOUND)).isNotEqualTo(this.rule);
	}

	@Test
	void aNullCodeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.rule.lose(HttpStatus.OK, null));
	}

}
