package site.js0.race.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of the sustained-load soak that {@code ./mvnw verify} runs: a few
 * seconds at a modest rate, judged by the same rules as the ten-minute run of
 * {@code docs/BENCHMARKS.md}. Behaviour only: every race ends and nothing a race held
 * grows with the races run.
 */
class SustainedSoakTests {

	@Test
	void everyRaceEndsAndNothingGrowsUnderSustainedLoad() throws Exception {
		SustainedSoak soak = new SustainedSoak();
		ByteArrayOutputStream rows = new ByteArrayOutputStream();
		SustainedSoak.Report report;
		try {
			report = soak.run(3_000, Duration.ofSeconds(12), Duration.ofSeconds(2),
					new PrintStream(rows, true, StandardCharsets.UTF_8));
		}
		finally {
			soak.close();
		}
		assertThat(report.started()).isGreaterThan(30_000);
		assertThat(report.ended()).isEqualTo(report.started());
		assertThat(report.samples()).hasSizeGreaterThanOrEqualTo(4);
		assertThat(report.growth()).as(rows.toString(StandardCharsets.UTF_8)).isEmpty();
		// A race that ended left no wake-up behind in the scheduler.
		assertThat(report.samples()).allSatisfy((sample) -> assertThat(sample.schedulerQueue()).isLessThanOrEqualTo(4));
	}

	@Test
	void growthIsReportedWhenTheSecondHalfRisesAboveTheFirst() {
		List<SustainedSoak.Sample> leaking = List.of(sample(0, 100), sample(1, 100), sample(2, 110), sample(3, 400),
				sample(4, 800));
		assertThat(SustainedSoak.growth(leaking)).singleElement().asString().startsWith("heap after GC grew");
	}

	@Test
	void noGrowthIsReportedForAFlatRun() {
		List<SustainedSoak.Sample> flat = List.of(sample(0, 300), sample(1, 100), sample(2, 104), sample(3, 98),
				sample(4, 102));
		assertThat(SustainedSoak.growth(flat)).isEmpty();
	}

	private static SustainedSoak.Sample sample(int seconds, long heapMiB) {
		return new SustainedSoak.Sample(seconds, seconds * 1000L, 50, seconds * 2000L, 1, heapMiB * 1048576, 20, 10);
	}

}
