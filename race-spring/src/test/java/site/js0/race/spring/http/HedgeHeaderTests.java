package site.js0.race.spring.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link HedgeHeader}: the value a hedge carries, what a server takes for a
 * hedge, and which names the header may have.
 */
class HedgeHeaderTests {

	@Test
	void valueIsTheAttemptIndex() {
		assertThat(HedgeHeader.value(1)).isEqualTo("1");
		assertThat(HedgeHeader.value(12)).isEqualTo("12");
	}

	@Test
	void primaryHasNoValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> HedgeHeader.value(0)).withMessageContaining("0");
	}

	@Test
	void decimalNumbersFromOneMarkAHedge() {
		assertThat(HedgeHeader.marksHedge("1")).isTrue();
		assertThat(HedgeHeader.marksHedge(" 2 ")).isTrue();
		assertThat(HedgeHeader.marksHedge("123456789")).isTrue();
	}

	@Test
	void anythingElseIsServedAsAPrimary() {
		assertThat(HedgeHeader.marksHedge(null)).isFalse();
		assertThat(HedgeHeader.marksHedge("")).isFalse();
		assertThat(HedgeHeader.marksHedge("0")).isFalse();
		assertThat(HedgeHeader.marksHedge("-1")).isFalse();
		assertThat(HedgeHeader.marksHedge("yes")).isFalse();
		assertThat(HedgeHeader.marksHedge("1.5")).isFalse();
		// Digits of other scripts, and numbers too long for an int.
		assertThat(HedgeHeader.marksHedge("\u0663")).isFalse();
		assertThat(HedgeHeader.marksHedge("1234567890")).isFalse();
	}

	@Test
	void headerNamesAreTokens() {
		assertThat(HedgeHeader.isValidName(HedgeHeader.DEFAULT_NAME)).isTrue();
		assertThat(HedgeHeader.isValidName("x-hedge_attempt.v2")).isTrue();
		assertThat(HedgeHeader.isValidName(null)).isFalse();
		assertThat(HedgeHeader.isValidName("")).isFalse();
		assertThat(HedgeHeader.isValidName("Hedge Attempt")).isFalse();
		assertThat(HedgeHeader.isValidName("Hedge:Attempt")).isFalse();
		assertThat(HedgeHeader.isValidName("Hédge")).isFalse();
	}

}
