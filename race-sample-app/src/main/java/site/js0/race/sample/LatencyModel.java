package site.js0.race.sample;

import java.time.Duration;
import java.util.random.RandomGenerator;

import org.springframework.http.HttpStatus;

/**
 * How one simulated mirror answers: after a base latency plus a uniformly drawn jitter,
 * except that a fraction of calls stall for much longer and a fraction fail with a 503.
 * Bound from {@code sample.mirrors.<name>.*}.
 */
public class LatencyModel {

	/**
	 * Shortest time before the mirror answers a call that neither stalls nor fails.
	 */
	private Duration latency = Duration.ofMillis(20);

	/**
	 * Extra time, drawn uniformly between zero and this, added to every answer.
	 */
	private Duration jitter = Duration.ZERO;

	/**
	 * Fraction of calls, between 0 and 1, that stall instead of answering at the usual
	 * latency.
	 */
	private double stallProbability;

	/**
	 * How long a stalled call waits before answering.
	 */
	private Duration stall = Duration.ofSeconds(1);

	/**
	 * Fraction of calls, between 0 and 1, answered with 503 Service Unavailable.
	 */
	private double errorProbability;

	/**
	 * Draw how the next call will be answered.
	 * @param random the source of randomness
	 * @return the delay and status of the answer
	 */
	public Answer draw(RandomGenerator random) {
		Answer.Kind kind = Answer.Kind.NORMAL;
		if (random.nextDouble() < this.stallProbability) {
			kind = Answer.Kind.STALL;
		}
		else if (random.nextDouble() < this.errorProbability) {
			kind = Answer.Kind.ERROR;
		}
		return answer(kind, random);
	}

	/**
	 * Build the answer of the given kind, with this model's delays.
	 * @param kind the kind of answer
	 * @param random the source of randomness for the jitter
	 * @return the answer
	 */
	public Answer answer(Answer.Kind kind, RandomGenerator random) {
		long jitterNanos = this.jitter.toNanos();
		long extraNanos = (jitterNanos > 0) ? random.nextLong(jitterNanos) : 0;
		Duration base = (kind == Answer.Kind.STALL) ? this.stall : this.latency;
		return new Answer(kind, base.plusNanos(extraNanos));
	}

	public Duration getLatency() {
		return this.latency;
	}

	public void setLatency(Duration latency) {
		this.latency = latency;
	}

	public Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(Duration jitter) {
		this.jitter = jitter;
	}

	public double getStallProbability() {
		return this.stallProbability;
	}

	public void setStallProbability(double stallProbability) {
		this.stallProbability = stallProbability;
	}

	public Duration getStall() {
		return this.stall;
	}

	public void setStall(Duration stall) {
		this.stall = stall;
	}

	public double getErrorProbability() {
		return this.errorProbability;
	}

	public void setErrorProbability(double errorProbability) {
		this.errorProbability = errorProbability;
	}

	/**
	 * One drawn answer: what kind it is and how long the mirror waits before sending it.
	 *
	 * @param kind the kind of answer
	 * @param delay the time to wait before answering
	 */
	public record Answer(Kind kind, Duration delay) {

		/**
		 * Return the HTTP status the mirror answers with.
		 * @return 503 for an error, 200 otherwise
		 */
		public HttpStatus status() {
			return (this.kind == Kind.ERROR) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
		}

		/**
		 * The kinds of answer a mirror gives.
		 */
		public enum Kind {

			/** An answer after the usual latency. */
			NORMAL,

			/** An answer after a stall. */
			STALL,

			/** A 503 after the usual latency. */
			ERROR

		}

	}

}
