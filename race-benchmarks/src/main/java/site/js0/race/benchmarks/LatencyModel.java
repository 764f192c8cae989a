package site.js0.race.benchmarks;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The heavy-tailed latency of the simulated backend: a log-normal body, and with a small
 * probability a stall drawn uniformly between two multiples of the median, standing in
 * for a garbage collection, a compaction or a queue behind a slow request. The
 * Tail-at-Scale paper's point is that such rare stalls, not the body, make the tail.
 *
 * @param median the median of the log-normal body
 * @param sigma the standard deviation of the body's logarithm
 * @param stallProbability the probability that a request stalls
 * @param stallMinMultiple the shortest stall, as a multiple of the median
 * @param stallMaxMultiple the longest stall, as a multiple of the median
 */
public record LatencyModel(Duration median, double sigma, double stallProbability, double stallMinMultiple,
		double stallMaxMultiple) {

	/**
	 * The model of the published results: median 10 ms, σ 0.5, 1.5 % stalls of 50–100×
	 * the median (0.5–1 s).
	 */
	public static final LatencyModel DEFAULT = new LatencyModel(Duration.ofMillis(10), 0.5, 0.015, 50, 100);

	/**
	 * Draw one latency.
	 * @param random the source of randomness
	 * @return the latency in nanoseconds
	 */
	public long sampleNanos(RandomGenerator random) {
		double medianNanos = this.median.toNanos();
		if (random.nextDouble() < this.stallProbability) {
			double multiple = this.stallMinMultiple
					+ random.nextDouble() * (this.stallMaxMultiple - this.stallMinMultiple);
			return (long) (medianNanos * multiple);
		}
		return (long) (medianNanos * Math.exp(this.sigma * random.nextGaussian()));
	}

	/**
	 * Return the probability that a latency is at most the given one.
	 * @param nanos the latency
	 * @return the cumulative probability
	 */
	public double cdf(double nanos) {
		if (nanos <= 0) {
			return 0;
		}
		double medianNanos = this.median.toNanos();
		double body = standardNormalCdf(Math.log(nanos / medianNanos) / this.sigma);
		double low = medianNanos * this.stallMinMultiple;
		double high = medianNanos * this.stallMaxMultiple;
		double stall = (nanos <= low) ? 0 : (nanos >= high) ? 1 : (nanos - low) / (high - low);
		return (1 - this.stallProbability) * body + this.stallProbability * stall;
	}

	/**
	 * Return the latency at the given quantile of the model, found by bisection of
	 * {@link #cdf}.
	 * @param quantile between 0 and 1 exclusive, such as 0.95
	 * @return the latency
	 */
	public Duration quantile(double quantile) {
		double low = 0;
		double high = this.median.toNanos() * this.stallMaxMultiple * 10;
		for (int i = 0; i < 200; i++) {
			double middle = (low + high) / 2;
			if (cdf(middle) < quantile) {
				low = middle;
			}
			else {
				high = middle;
			}
		}
		return Duration.ofNanos((long) high);
	}

	@Override
	public String toString() {
		return String.format("log-normal body (median %d ms, σ %.2f) + %.1f %% stalls uniform in %.0f–%.0f× the median",
				this.median.toMillis(), this.sigma, this.stallProbability * 100, this.stallMinMultiple,
				this.stallMaxMultiple);
	}

	/**
	 * Φ, by the Abramowitz–Stegun approximation 7.1.26 of erf (error below 1.5e-7, plenty
	 * for choosing a hedging step).
	 */
	static double standardNormalCdf(double z) {
		double x = Math.abs(z) / Math.sqrt(2);
		double t = 1 / (1 + 0.3275911 * x);
		double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
				* t * Math.exp(-x * x);
		return (z >= 0) ? (1 + erf) / 2 : (1 - erf) / 2;
	}

}
