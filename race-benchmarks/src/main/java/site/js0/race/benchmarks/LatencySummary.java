package site.js0.race.benchmarks;

import org.HdrHistogram.AbstractHistogram;

/**
 * The percentiles that every table of the benchmarks reports, in microseconds.
 *
 * @param count the number of recorded values
 * @param p50Micros the median
 * @param p99Micros the 99th percentile
 * @param p999Micros the 99.9th percentile
 * @param maxMicros the maximum
 */
public record LatencySummary(long count, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {

	/**
	 * Summarise a histogram of nanoseconds.
	 * @param nanos the histogram
	 * @return the summary in microseconds
	 */
	public static LatencySummary ofNanos(AbstractHistogram nanos) {
		return new LatencySummary(nanos.getTotalCount(), nanos.getValueAtPercentile(50) / 1e3,
				nanos.getValueAtPercentile(99) / 1e3, nanos.getValueAtPercentile(99.9) / 1e3,
				nanos.getMaxValue() / 1e3);
	}

	/**
	 * Return whether the percentiles are in order, as they must be for any histogram.
	 * @return {@code true} if p50 ≤ p99 ≤ p99.9 ≤ max
	 */
	public boolean isOrdered() {
		return this.p50Micros <= this.p99Micros && this.p99Micros <= this.p999Micros
				&& this.p999Micros <= this.maxMicros;
	}

	/**
	 * Return the percentiles in the order of the table columns and chart categories.
	 * @return p50, p99, p99.9 and max
	 */
	double[] asArray() {
		return new double[] { this.p50Micros, this.p99Micros, this.p999Micros, this.maxMicros };
	}

}
