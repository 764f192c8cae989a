package site.js0.race.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
		assertThat(List.of(overhead.immediateDirect(), overhead.immediateRace(), overhead.immediateHandRolled(),
				overhead.immediateReactor(), overhead.thirdWinsDirect(), overhead.thirdWinsRace(),
				overhead.thirdWinsHandRolled()))
			.containsOnly(SimulatedTasks.VALUE);
		assertThat(List.of(overhead.streamDirect(), overhead.streamRace(), overhead.streamHandRolled(),
				overhead.streamReactor()))
			.containsOnly(10);
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
	void launchLatenessRecordsEveryHedge() throws Exception {
		LatencySummary lateness = LaunchLateness.measure(100, 100, null).lateness();
		assertThat(lateness.count()).isEqualTo(100 * (LaunchLateness.MAX_ATTEMPTS - 1));
		assertThat(lateness.isOrdered()).isTrue();
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
		List<TailAtScale.PolicyResult> results = TailAtScale.run(fast, TailAtScale.policies(fast), 500, 50, 0);
		assertThat(results).hasSize(4).allSatisfy((result) -> {
			assertThat(result.latency().count()).isEqualTo(500);
			assertThat(result.latency().isOrdered()).isTrue();
		});
		assertThat(results.get(0).extraLoad()).isZero();
		Path chart = output.resolve("chart.png");
		Charts.percentilesBySeries(chart, "smoke", Map.of("no hedging", results.get(0).latency()));
		assertThat(Files.size(chart)).isPositive();
	}

}
