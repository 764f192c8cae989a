package site.js0.race.spring.http.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import site.js0.race.spring.http.server.InFlightGate.Permit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link InFlightGate}: who is admitted, who is shed, and that the count comes
 * back.
 */
class InFlightGateTests {

	@Test
	void primaryIsAdmittedAboveTheLimit() {
		InFlightGate gate = new InFlightGate(1, Duration.ofSeconds(1));
		assertThat(gate.admit(null)).isNotNull();
		assertThat(gate.admit(null)).isNotNull();
		assertThat(gate.inFlight()).isEqualTo(2);
		assertThat(gate.shedCount()).isZero();
	}

	@Test
	void hedgeBelowTheLimitIsAdmittedAndCounted() {
		InFlightGate gate = new InFlightGate(2, Duration.ofSeconds(1));
		gate.admit(null);
		assertThat(gate.admit("1")).isNotNull();
		assertThat(gate.inFlight()).isEqualTo(2);
	}

	@Test
	void hedgeAtTheLimitIsShedAndNotCounted() {
		InFlightGate gate = new InFlightGate(2, Duration.ofSeconds(1));
		gate.admit(null);
		gate.admit(null);
		assertThat(gate.admit("2")).isNull();
		assertThat(gate.inFlight()).isEqualTo(2);
		assertThat(gate.shedCount()).isEqualTo(1);
	}

	@Test
	void valueThatIsNoAttemptIndexCountsAsAPrimary() {
		InFlightGate gate = new InFlightGate(1, Duration.ofSeconds(1));
		gate.admit(null);
		assertThat(gate.admit("0")).isNotNull();
		assertThat(gate.admit("yes")).isNotNull();
		assertThat(gate.admit("")).isNotNull();
		assertThat(gate.shedCount()).isZero();
	}

	@Test
	void permitReleasedTwiceLeavesTheCountOnce() {
		InFlightGate gate = new InFlightGate(5, Duration.ofSeconds(1));
		gate.admit(null);
		Permit permit = gate.admit(null);
		permit.release();
		permit.release();
		assertThat(gate.inFlight()).isEqualTo(1);
	}

	@Test
	void releasedPermitMakesRoomForAHedge() {
		InFlightGate gate = new InFlightGate(1, Duration.ofSeconds(1));
		Permit primary = gate.admit(null);
		assertThat(gate.admit("1")).isNull();
		primary.release();
		assertThat(gate.admit("1")).isNotNull();
	}

	@Test
	void retryAfterIsInWholeSecondsRoundedUp() {
		assertThat(new InFlightGate(1, Duration.ofMillis(1500)).retryAfterSeconds()).isEqualTo("2");
		assertThat(new InFlightGate(1, Duration.ofSeconds(3)).retryAfterSeconds()).isEqualTo("3");
		assertThat(new InFlightGate(1, Duration.ofNanos(1)).retryAfterSeconds()).isEqualTo("1");
		assertThat(new InFlightGate(1, Duration.ZERO).retryAfterSeconds()).isEqualTo("0");
	}

	@Test
	void outOfRangeValuesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InFlightGate(0, Duration.ofSeconds(1)))
			.withMessageContaining("maxInFlight must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> new InFlightGate(1, Duration.ofMillis(-1)))
			.withMessageContaining("retryAfter");
		assertThatIllegalArgumentException().isThrownBy(() -> new InFlightGate(1, Duration.ofSeconds(1), " "))
			.withMessageContaining("headerName");
	}

	@Test
	void concurrentHedgesNeverTakeTheCountPastTheLimit() throws Exception {
		InFlightGate gate = new InFlightGate(5, Duration.ofSeconds(1));
		int threads = 8;
		int perThread = 1000;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> admitted = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				admitted.add(executor.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					int count = 0;
					for (int i = 0; i < perThread; i++) {
						if (gate.admit("1") != null) {
							count++;
						}
					}
					return count;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> future : admitted) {
				total += future.get(10, TimeUnit.SECONDS);
			}
			// Nothing is released, so exactly the limit is admitted, whatever the
			// interleaving.
			assertThat(total).isEqualTo(5);
			assertThat(gate.inFlight()).isEqualTo(5);
			assertThat(gate.shedCount()).isEqualTo((long) threads * perThread - 5);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
