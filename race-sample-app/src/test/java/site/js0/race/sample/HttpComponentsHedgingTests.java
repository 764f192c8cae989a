package site.js0.race.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app with Apache HttpClient 5 sending every attempt of the hedged client instead of
 * the JDK's. A blocked HttpClient 5 read ignores the interrupt that cancels a loser, so
 * this shows that the library aborts the loser's request through the client's own API:
 * the stalled mirror finds the connection closed when its answer is due and counts the
 * call as aborted, where a connection left open would take the answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.http.clients.imperative.factory=http-components", "race.step=300ms", "race.deadline=10s",
				"sample.mirrors.a.stall=1s", "sample.mirrors.c.error-probability=0" })
class HttpComponentsHedgingTests {

	// A stalled answer is due 1 s after the call; far more than that on a slow machine.
	private static final Duration ABORT_SEEN_WITHIN = Duration.ofSeconds(8);

	@Autowired
	private ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder;

	@Autowired
	private HedgedRestMirrorClient hedgedClient;

	@Autowired
	private MirrorDirectory directory;

	@Autowired
	private MirrorStatistics statistics;

	@Test
	void attemptsAreSentWithApacheHttpClient5() {
		assertThat(this.requestFactoryBuilder).isInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class);
	}

	@Test
	void aStalledMirrorsCallIsWonByTheNextMirrorAndItsConnectionIsAborted() {
		MirrorStatistics.Snapshot before = this.statistics.of("a").snapshot();

		long start = System.nanoTime();
		MirrorReply reply = this.hedgedClient.exchange(HttpMethod.GET, List.of("a", "b", "c"),
				this.directory.forced(List.of("a"), List.of()));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(reply.mirror()).isEqualTo("b");
		assertThat(reply.status()).isEqualTo(200);
		// A step (300 ms) and b's latency, not a's 1 s stall.
		assertThat(took).isLessThan(Duration.ofMillis(900));
		await().atMost(ABORT_SEEN_WITHIN)
			.untilAsserted(
					() -> assertThat(this.statistics.of("a").snapshot().aborted()).isEqualTo(before.aborted() + 1));
		assertThat(this.statistics.of("a").snapshot().answered()).isEqualTo(before.answered());
	}

}
