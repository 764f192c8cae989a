package site.js0.race.benchmarks;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seconds-long run of the shedding measurement on virtual time: at a saturated server
 * the shedding server sheds hedges and serves fewer of them, and at an unsaturated one it
 * sheds none and changes nothing.
 */
class SheddingAtSaturationTests {

	private static final LatencyModel MODEL = LatencyModel.DEFAULT;

	private static final double CAPACITY = SheddingAtSaturation.WORKERS * 1e9
			/ SheddingAtSaturation.meanServiceTime(MODEL).toNanos();

	private static final Duration RUN = Duration.ofSeconds(10);

	@Test
	void saturatedServerShedsHedgesAndServesFewerOfThem() {
		List<SheddingAtSaturation.Scenario> scenarios = SheddingAtSaturation.scenarios(MODEL);
		SheddingAtSaturation.Result served = run(scenarios.get(1), SheddingAtSaturation.SATURATED);
		SheddingAtSaturation.Result shed = run(scenarios.get(2), SheddingAtSaturation.SATURATED);
		assertThat(served.counts().hedgesShed()).isZero();
		assertThat(shed.counts().hedgesShed()).isPositive();
		assertThat(shed.counts().hedgesServed()).isLessThan(served.counts().hedgesServed());
		assertThat(shed.latency().p99Micros()).isLessThan(served.latency().p99Micros());
		assertThat(shed.counts().primaries()).isEqualTo(served.counts().primaries()).isEqualTo(shed.requests());
	}

	@Test
	void unsaturatedServerShedsNothingAndChangesNothing() {
		List<SheddingAtSaturation.Scenario> scenarios = SheddingAtSaturation.scenarios(MODEL);
		SheddingAtSaturation.Result served = run(scenarios.get(1), 0.3);
		SheddingAtSaturation.Result shed = run(scenarios.get(2), 0.3);
		assertThat(shed.counts().hedgesShed()).isZero();
		assertThat(shed.latency()).isEqualTo(served.latency());
		assertThat(shed.latency().isOrdered()).isTrue();
	}

	private static SheddingAtSaturation.Result run(SheddingAtSaturation.Scenario scenario, double load) {
		return SheddingAtSaturation.run(MODEL, scenario, load, CAPACITY, RUN, Duration.ofSeconds(2));
	}

}
