package site.js0.race.sample;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as configured in {@code application.yml}, default latency models
 * included, over real HTTP: the comparison, the DNS race, the meters and the actuator
 * exposure.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	private SampleHttp http;

	@BeforeEach
	void createClient() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void hedgingCutsTheTailOfTheDefaultModels() {
		// 2000 requests: mirror a stalls on 2 % of calls, so about 40 stall and the
		// unhedged p99 (the 20th slowest) is one of them with near certainty. A behaviour
		// with a wide margin, not a benchmark: unhedged, the p99 is a ~1 s stall; hedged,
		// a step plus mirror b's latency, about 160 ms on a quiet machine. Other
		// processes hogging both cores can stretch the hedged tail for a few seconds, so
		// the load is run again before concluding that hedging did not help.
		List<String> tries = new ArrayList<>();
		for (int attempt = 0; attempt < 3; attempt++) {
			JsonNode comparison = this.http.getJson("/api/compare?requests=2000&concurrency=32");
			JsonNode unhedged = comparison.get("unhedged");
			JsonNode hedged = comparison.get("hedged");
			assertThat(unhedged.get("extraLoad").asDouble()).isZero();
			assertThat(hedged.get("extraLoad").asDouble()).isPositive().isLessThan(0.5);
			assertThat(hedged.get("errors").asLong()).isZero();
			double unhedgedP99 = unhedged.get("latencyMs").get("p99").asDouble();
			double hedgedP99 = hedged.get("latencyMs").get("p99").asDouble();
			if (hedgedP99 < unhedgedP99 / 2) {
				return;
			}
			tries.add("hedged p99 " + hedgedP99 + " ms, unhedged p99 " + unhedgedP99 + " ms");
		}
		throw new AssertionError("Hedging did not halve p99 in any of three runs: " + tries);
	}

	@Test
	void hedgedDnsLookupAdvancesPastAnUnresolvableName() {
		JsonNode run = this.http.getJson("/api/dns?names=nonexistent.invalid,localhost");

		JsonNode timeline = run.get("timeline");
		assertThat(timeline.get("race").asString()).isEqualTo("dns");
		assertThat(timeline.get("outcome").asString()).isEqualTo("SUCCESS");
		assertThat(timeline.get("winnerIndex").asInt()).isEqualTo(1);
		assertThat(timeline.get("attempts").get(0).get("status").asString()).isIn("FAILED", "LOST", "RUNNING");
		assertThat(run.get("result").asString()).startsWith("localhost/");
	}

	@Test
	void hedgedMethodAsksTheNextMirrorWhenTheFirstFails() {
		JsonNode reply = this.http.getJson("/api/hedged?order=c,a&fail=c");

		assertThat(reply.get("mirror").asString()).isEqualTo("a");
		assertThat(reply.get("status").asInt()).isEqualTo(200);
	}

	@Test
	void raceDurationIsMetered() {
		this.http.getJson("/api/race");

		JsonNode duration = this.http.getJson("/actuator/metrics/race.duration");
		assertThat(HedgingEndToEndTests.count(duration)).isPositive();
	}

	@Test
	void racesEndpointListsTheInstances() {
		JsonNode races = this.http.getJson("/actuator/races").get("races");

		assertThat(races.propertyNames()).containsExactly("default", "mirrors", "dns");
		assertThat(races.get("default").get("settings").get("step").asString()).isEqualTo("100ms");
		assertThat(races.get("dns").get("settings").get("step").asString()).isEqualTo("200ms");
	}

	@Test
	void onlyTheChosenActuatorEndpointsAreExposed() {
		List<String> reachable = new ArrayList<>();
		for (String endpoint : List.of("health", "info", "metrics", "races")) {
			if (this.http.get("/actuator/" + endpoint).getStatusCode().is2xxSuccessful()) {
				reachable.add(endpoint);
			}
		}
		assertThat(reachable).containsExactly("health", "info", "metrics", "races");
		for (String endpoint : List.of("env", "beans", "configprops", "loggers", "threaddump", "heapdump")) {
			assertThat(this.http.get("/actuator/" + endpoint).getStatusCode()).as(endpoint)
				.isEqualTo(HttpStatus.NOT_FOUND);
		}
	}

	@Test
	void thePageAndItsChartLibraryAreServed() {
		ResponseEntity<String> page = this.http.get("/");
		assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(page.getBody()).contains("/webjars/chart.js/dist/chart.umd.min.js");

		ResponseEntity<String> chartJs = this.http.get("/webjars/chart.js/dist/chart.umd.min.js");
		assertThat(chartJs.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(chartJs.getBody()).contains("Chart.js");
	}

	@Test
	void mirrorsAnswerAsForced() {
		assertThat(this.http.get("/mirrors/c?answer=error").getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.http.get("/mirrors/b").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.http.get("/mirrors/z").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(this.http.get("/api/race?order=a,z").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

}
