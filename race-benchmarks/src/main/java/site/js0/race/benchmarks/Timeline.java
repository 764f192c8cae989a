package site.js0.race.benchmarks;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts over time for the outage scenario, in fixed buckets from an origin: requests
 * started and backend calls made per bucket, and the step the template used, sampled by
 * the load generator. Requests and calls are counted by whichever thread sees them; the
 * step only by the generator.
 */
final class Timeline {

	private final long originNanos;

	private final long bucketNanos;

	private final AtomicLongArray requests;

	private final AtomicLongArray calls;

	private final long[] stepNanos;

	/**
	 * Create a timeline.
	 * @param originNanos the start, a {@link System#nanoTime()} value
	 * @param bucketNanos the length of a bucket
	 * @param buckets the number of buckets; later events count in the last one
	 */
	Timeline(long originNanos, long bucketNanos, int buckets) {
		this.originNanos = originNanos;
		this.bucketNanos = bucketNanos;
		this.requests = new AtomicLongArray(buckets);
		this.calls = new AtomicLongArray(buckets);
		this.stepNanos = new long[buckets];
	}

	int bucket(long nanos) {
		long bucket = Math.floorDiv(nanos - this.originNanos, this.bucketNanos);
		return (int) Math.min(Math.max(bucket, 0), this.requests.length() - 1);
	}

	void requestStarted(long nanos) {
		this.requests.incrementAndGet(bucket(nanos));
	}

	void called(long nanos) {
		this.calls.incrementAndGet(bucket(nanos));
	}

	void step(long nanos, long step) {
		this.stepNanos[bucket(nanos)] = step;
	}

	int buckets() {
		return this.requests.length();
	}

	double bucketSeconds() {
		return this.bucketNanos / 1e9;
	}

	long requests(int bucket) {
		return this.requests.get(bucket);
	}

	long calls(int bucket) {
		return this.calls.get(bucket);
	}

	long stepNanos(int bucket) {
		return this.stepNanos[bucket];
	}

	/**
	 * Return the requests started in a range of buckets.
	 * @param from the first bucket
	 * @param to the bucket after the last
	 * @return the sum
	 */
	long requests(int from, int to) {
		long sum = 0;
		for (int i = from; i < to; i++) {
			sum += this.requests.get(i);
		}
		return sum;
	}

	/**
	 * Return the backend calls made in a range of buckets.
	 * @param from the first bucket
	 * @param to the bucket after the last
	 * @return the sum
	 */
	long calls(int from, int to) {
		long sum = 0;
		for (int i = from; i < to; i++) {
			sum += this.calls.get(i);
		}
		return sum;
	}

	/**
	 * Return the extra load of a range of buckets: calls made in it minus requests
	 * started in it, over the requests.
	 * @param from the first bucket
	 * @param to the bucket after the last
	 * @return the extra load, a fraction
	 */
	double extraLoad(int from, int to) {
		long requests = requests(from, to);
		return (requests == 0) ? 0 : (double) (calls(from, to) - requests) / requests;
	}

}
