package site.js0.race.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./mvnw verify} runs of the benchmarks: every benchmark method once and each
 * simulation on a tiny size, in seconds, to prove that they work and that their results
 * are sane. The numbers come only from the commands in {@code docs/BENCHMARKS.md}.
 */
class BenchmarksSmokeTests {

	@Test
	void everyOverheadBenchmarkReturnsTheExpectedResult() throws Exception {
		Overhead overhead = new Overhead();
		overhead.createTemplates();
		assertThat(List.of(overhead.immediateDirect(), overhead.immediateRace(), overhead.immediateRaceBudget(),
				overhead.immediateRaceAdaptive(), overhead.immediateRaceAdaptiveBudget(),
				overhead.immediateHandRolled(), overhead.immediateReactor(), overhead.thirdWinsDirect(),
				overhead.thirdWinsRace(), overhead.thirdWinsHandRolled()))
			.containsOnly(SimulatedTasks.VALUE);
		assertThat(List.of(overhead.streamDirect(), overhead.streamRace(), overhead.streamHandRolled(),
				overhead.streamReactor()))
			.containsOnly(10);
	}

	@Test
	void everyHedgedRestClientBenchmarkReturnsTheBody() throws Exception {
		HedgedRestClientOverhead overhead = new HedgedRestClientOverhead();
		overhead.warmUp = Duration.ZERO;
		overhead.start();
		try {
			assertThat(List.of(overhead.plainGet(), overhead.hedgedGet(), overhead.notEligibleGet()))
				.containsOnly(HedgedRestClientOverhead.BODY);
		}
		finally {
			overhead.stop();
		}
	}

	@Test
	void handRolledHedgeLaunchesTheHedgeAfterTheStep() {
		long start = System.nanoTime();
		String value = HandRolledHedge
			.hedge((attempt) -> (attempt == 0) ? new java.util.concurrent.CompletableFuture<String>()
					: SimulatedTasks.succeeded(), Duration.ofMillis(20).toNanos(), 2)
			.join();
		assertThat(value).isEqualTo(SimulatedTasks.VALUE);
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
	}

	@Test
	void launchLatenessRecordsEveryHedgeOfEveryContender(@TempDir Path output) throws Exception {
		// Tiny loads: behaviour only, never speed. Sustained: 0.6 s per contender (3 s
		// for the five), in two interleaved slices of 600 races.
		LaunchLateness.Config config = new LaunchLateness.Config(EnumSet.allOf(LaunchLateness.Mode.class),
				new int[] { 100, 300 }, 300, new int[] { 200 }, Duration.ofMillis(200), 1, new int[] { 2_000 },
				Duration.ofMillis(600), Duration.ofMillis(300), false);
		List<LaunchLateness.Contender> contenders = LaunchLateness.contenders();
		Map<LaunchLateness.Mode, Map<String, Map<String, LaunchLateness.Result>>> results;
		try {
			results = LaunchLateness.run(config, contenders, null);
		}
		finally {
			contenders.forEach(LaunchLateness.Contender::close);
		}
		List<String> names = contenders.stream().map(LaunchLateness.Contender::name).toList();
		Map<String, Long> expectedHedges = Map.of("burst 100", 300L * 2, "burst 300", 300L * 2, "spread 200", 200L * 2,
				"sustained 2k/s", 1_200L * 2);
		Map<String, Long> recorded = new java.util.HashMap<>();
		results.forEach((mode, byLoad) -> byLoad.forEach((load, byContender) -> {
			assertThat(byContender.keySet()).containsExactlyElementsOf(names);
			byContender.values().forEach((result) -> {
				assertThat(result.lateness().isOrdered()).isTrue();
				recorded.merge(mode.label() + " " + load, result.lateness().count(), (a, b) -> (a.equals(b)) ? a : -1);
			});
		}));
		assertThat(recorded).isEqualTo(expectedHedges);
		assertThat(LaunchLateness.report(results, output)).hasSize(3)
			.allSatisfy((chart) -> assertThat(Files.size(chart)).isPositive());
	}

	@Test
	void pendingRacesCostHeapButNoThreads() throws Exception {
		PendingRaceMemory.Result result = PendingRaceMemory.measure(10_000, false);
		assertThat(result.bytesPerRace()).isPositive();
		assertThat(result.threadsStarted()).isZero();
	}

	@Test
	void latencyModelQuantilesMatchItsDefinition() {
		LatencyModel model = LatencyModel.DEFAULT;
		assertThat(model.quantile(0.5).toNanos()).isBetween(9_900_000L, 10_100_000L);
		assertThat(model.quantile(0.999)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
	}

	@Test
	void tailAtScaleRunsEveryPolicyAndDrawsTheChart(@TempDir Path output) throws Exception {
		LatencyModel fast = new LatencyModel(Duration.ofMillis(1), 0.5, 0.015, 5, 10);
		List<TailAtScale.HedgingPolicy> policies = TailAtScale.policies(fast);
		assertThat(policies).allSatisfy((policy) -> assertThat(policy.settings().hedgeBudget().isPresent())
			.isEqualTo(policy.name().contains("budget")));
		List<TailAtScale.PolicyResult> results = TailAtScale.run(fast, policies, 500, 50, 0, Duration.ZERO);
		assertThat(results).hasSize(policies.size()).allSatisfy((result) -> {
			assertThat(result.latency().count()).isEqualTo(500);
			assertThat(result.latency().isOrdered()).isTrue();
			assertThat(result.warmupLatency().count()).isZero();
			assertThat(result.extraLoad()).isBetween(0.0, 1.0);
		});
		assertThat(results.get(0).extraLoad()).isZero();
		Path chart = output.resolve("chart.png");
		Charts.percentilesBySeries(chart, "smoke", Map.of("no hedging", results.get(0).latency()));
		assertThat(Files.size(chart)).isPositive();
	}

	@Test
	void tailAtScaleOutageCountsTheExtraLoadOverTime(@TempDir Path output) throws Exception {
		LatencyModel fast = new LatencyModel(Duration.ofMillis(1), 0.5, 0.015, 5, 10);
		List<TailAtScale.HedgingPolicy> policies = TailAtScale.outagePolicies(fast);
		List<TailAtScale.OutageResult> results = TailAtScale.runOutage(fast, policies, 2_000, Duration.ofMillis(200),
				Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(20), 10);
		assertThat(results).hasSize(policies.size()).allSatisfy((result) -> {
			assertThat(result.requests()).isEqualTo(1_000);
			assertThat(result.timeline().requests(0, result.timeline().buckets())).isEqualTo(1_000);
			assertThat(result.outageRequests()).isBetween(350L, 450L);
			assertThat(result.outageLatency().isOrdered()).isTrue();
		});
		// Over the whole run: a window's count can take a call whose request started, on
		// a
		// busy machine, in the bucket before.
		assertThat(results.get(0).extraLoad()).isZero();
		assertThat(results.get(0).budgetBound()).isNaN();
		// A fixed step at the healthy p95 hedges nearly every request of a 10x outage.
		assertThat(results.get(1).outageExtraLoad()).isGreaterThan(0.5);
		assertThat(results.get(2).budgetBound()).isGreaterThan(0.1);
		Path chart = output.resolve("outage.png");
		Charts.timeSeries(chart, "smoke", "extra load", new double[] { 0, 1 },
				Map.of("fixed", new double[] { 0.05, 0.9 }), false, 0.2, 0.4);
		assertThat(Files.size(chart)).isPositive();
	}

}
