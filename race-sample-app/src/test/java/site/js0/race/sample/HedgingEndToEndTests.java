package site.js0.race.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end hedging over real HTTP on the app's own server, with mirror {@code a} made
 * to stall on every call, so that each hedged fetch has to be won by a later mirror. The
 * step is longer than in {@code application.yml}, so that a launch caused by a failure
 * cannot be mistaken for one caused by the step, even on a slow machine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "race.step=500ms", "race.deadline=10s",
		"sample.mirrors.a.stall-probability=1", "sample.mirrors.a.stall=3s", "sample.mirrors.c.error-probability=0" })
class HedgingEndToEndTests {

	private static final List<String> MIRRORS = List.of("a", "b", "c");

	// Long enough to absorb a slow CI machine, far shorter than what a failure would
	// take.
	private static final Duration PATIENCE = Duration.ofSeconds(15);

	@LocalServerPort
	private int port;

	@Autowired
	private HedgedRestMirrorClient hedgedClient;

	@Autowired
	private MirrorStatistics statistics;

	private SampleHttp http;

	@BeforeEach
	void createClient() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void hedgedGetIsWonByALaterMirrorWhenTheFirstStalls() {
		long start = System.nanoTime();
		MirrorReply reply = this.hedgedClient.get(MIRRORS);
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(reply.isSuccess()).isTrue();
		assertThat(reply.mirror()).isIn("b", "c");
		// Mirror a would have taken 3 s; the hedge answers a step (500 ms) plus b's
		// latency later.
		assertThat(took).isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void theLosersConnectionIsAbortedAndTheMirrorSeesIt() {
		long abortedBefore = this.statistics.of("a").snapshot().aborted();

		JsonNode run = this.http.getJson("/api/race");

		JsonNode timeline = run.get("timeline");
		assertThat(timeline.get("outcome").asString()).isEqualTo("SUCCESS");
		assertThat(timeline.get("winnerIndex").asInt()).isPositive();
		JsonNode first = timeline.get("attempts").get(0);
		assertThat(first.get("target").asString()).isEqualTo("a");
		assertThat(first.get("status").asString()).isEqualTo("LOST");
		assertThat(first.get("cancelled").asBoolean()).isTrue();
		// The mirror learns of the closed connection when its stalled answer is due (3 s
		// in).
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.statistics.of("a").snapshot().aborted()).isGreaterThan(abortedBefore));
	}

	@Test
	void aFailedMirrorLaunchesTheNextAtOnce() {
		JsonNode timeline = this.http.getJson("/api/race?order=c,b,a&fail=c").get("timeline");

		assertThat(timeline.get("outcome").asString()).isEqualTo("SUCCESS");
		JsonNode attempts = timeline.get("attempts");
		assertThat(attempts.get(0).get("status").asString()).isEqualTo("FAILED");
		assertThat(attempts.get(0).get("detail").asString()).contains("503");
		assertThat(attempts.get(1).get("target").asString()).isEqualTo("b");
		assertThat(attempts.get(1).get("status").asString()).isEqualTo("WON");
		// Launched as soon as c's 503 arrived (c answers within 40 ms), long before the
		// 500 ms step.
		assertThat(attempts.get(1).get("launchMs").asDouble()).isLessThan(300);
	}

	@Test
	void aNonIdempotentRequestIsNotHedged() {
		long bBefore = this.statistics.of("b").snapshot().received();
		long cBefore = this.statistics.of("c").snapshot().received();

		MirrorReply reply = this.hedgedClient.exchange(HttpMethod.POST, MIRRORS, MirrorDirectory.ForcedAnswers.NONE);

		// A POST waits out a's stall rather than risk doing its work twice.
		assertThat(reply.mirror()).isEqualTo("a");
		assertThat(this.statistics.of("b").snapshot().received()).isEqualTo(bBefore);
		assertThat(this.statistics.of("c").snapshot().received()).isEqualTo(cBefore);
	}

	@Test
	void cancelledLosersAreCountedAsLostInTheMeters() {
		this.hedgedClient.get(MIRRORS);

		await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
			JsonNode lost = this.http.getJson("/actuator/metrics/race.attempts?tag=result:lost");
			assertThat(count(lost)).isPositive();
		});
	}

	static double count(JsonNode metric) {
		for (JsonNode measurement : metric.get("measurements")) {
			if ("COUNT".equals(measurement.get("statistic").asString())) {
				return measurement.get("value").asDouble();
			}
		}
		throw new AssertionError("No COUNT in " + metric);
	}

}
