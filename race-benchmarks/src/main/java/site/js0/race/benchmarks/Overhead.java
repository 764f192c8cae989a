package site.js0.race.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import site.js0.race.AttemptContext;
import site.js0.race.AttemptOutcome;
import site.js0.race.RaceSettings;
import site.js0.race.RaceSettings.AdaptiveStep;
import site.js0.race.RaceSettings.HedgeBudget;
import site.js0.race.RaceStream;
import site.js0.race.RaceTemplate;

/**
 * The cost of hedging itself, side by side in one JMH run: the direct call (the floor), a
 * race of {@link RaceTemplate}, a {@link HandRolledHedge hand-rolled CompletableFuture
 * hedge} and Project Reactor, on the same simulated calls ({@link SimulatedTasks}:
 * futures completed in advance, so nothing sleeps and no timer fires inside the measured
 * path).
 *
 * <p>
 * Three scenarios, one prefix each:
 * <ul>
 * <li>{@code immediate*}: (a) the first attempt succeeds at once, the common case that
 * every call through a hedge pays; the library four times: a fixed step without a hedge
 * budget (the engine before the budget existed), the defaults (a fixed step under the
 * default budget), the adaptive step without a budget, and the adaptive step under the
 * default budget;</li>
 * <li>{@code thirdWins*}: (b) attempts 0 and 1 fail fast, failure-advance launches the
 * next at once, and attempt 2 wins. Reactor's {@code firstWithValue} has no
 * failure-advance (it would wait two full steps), so it is not in this scenario;</li>
 * <li>{@code stream*}: (c) ten arguments launched together (step zero), every outcome
 * consumed in completion order.</li>
 * </ul>
 * Every method returns what it computed so that JMH consumes it; none needs a
 * {@code Blackhole}, which also lets the smoke test call them directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Overhead {

	/**
	 * The step of scenarios (a) and (b): long enough never to fire while an operation
	 * runs.
	 */
	static final Duration STEP = Duration.ofMillis(10);

	static final int MAX_ATTEMPTS = 3;

	static final List<Integer> THREE_ATTEMPTS = List.of(0, 1, 2);

	static final List<Integer> TEN_ARGUMENTS = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

	private RaceTemplate hedgeTemplate;

	private RaceTemplate budgetTemplate;

	private RaceTemplate adaptiveTemplate;

	private RaceTemplate adaptiveBudgetTemplate;

	private RaceTemplate streamTemplate;

	/**
	 * Build the templates once, as an application does: a template is shared per kind of
	 * call. The budget is explicit on every template, since race-core turns it on by
	 * default: scenario (b) must run without one, or its failure-advance launches (two
	 * extra attempts per race) would soon empty it.
	 */
	@Setup
	public void createTemplates() {
		this.hedgeTemplate = new RaceTemplate(
				RaceSettings.builder().step(STEP).maxAttempts(MAX_ATTEMPTS).fixedStep().noHedgeBudget().build());
		this.budgetTemplate = new RaceTemplate(RaceSettings.builder()
			.step(STEP)
			.maxAttempts(MAX_ATTEMPTS)
			.fixedStep()
			.hedgeBudget(HedgeBudget.defaults())
			.build());
		this.adaptiveTemplate = new RaceTemplate(RaceSettings.builder()
			.step(STEP)
			.maxAttempts(MAX_ATTEMPTS)
			.adaptiveStep(AdaptiveStep.defaults())
			.noHedgeBudget()
			.build());
		this.adaptiveBudgetTemplate = new RaceTemplate(RaceSettings.builder()
			.step(STEP)
			.maxAttempts(MAX_ATTEMPTS)
			.adaptiveStep(AdaptiveStep.defaults())
			.hedgeBudget(HedgeBudget.defaults())
			.build());
		this.streamTemplate = new RaceTemplate(
				RaceSettings.builder().step(Duration.ZERO).maxAttempts(TEN_ARGUMENTS.size()).build());
	}

	// ---- (a) the first attempt succeeds at once

	/**
	 * The floor: the call itself, no hedging.
	 * @return the result
	 */
	@Benchmark
	public String immediateDirect() {
		return SimulatedTasks.succeeded().join();
	}

	/**
	 * The library, with a fixed step and no hedge budget.
	 * @return the result
	 */
	@Benchmark
	public String immediateRace() {
		return this.hedgeTemplate.hedgeAsync(SimulatedTasks::succeeded).join();
	}

	/**
	 * The library with its defaults: a fixed step under the default hedge budget, which
	 * counts every primary.
	 * @return the result
	 */
	@Benchmark
	public String immediateRaceBudget() {
		return this.budgetTemplate.hedgeAsync(SimulatedTasks::succeeded).join();
	}

	/**
	 * The library with the adaptive step and no budget: every primary's latency is
	 * recorded.
	 * @return the result
	 */
	@Benchmark
	public String immediateRaceAdaptive() {
		return this.adaptiveTemplate.hedgeAsync(SimulatedTasks::succeeded).join();
	}

	/**
	 * The library with the adaptive step under the default budget.
	 * @return the result
	 */
	@Benchmark
	public String immediateRaceAdaptiveBudget() {
		return this.adaptiveBudgetTemplate.hedgeAsync(SimulatedTasks::succeeded).join();
	}

	/**
	 * The hand-rolled CompletableFuture hedge.
	 * @return the result
	 */
	@Benchmark
	public String immediateHandRolled() {
		return HandRolledHedge.hedge((attempt) -> SimulatedTasks.succeeded(), STEP.toNanos(), MAX_ATTEMPTS).join();
	}

	/**
	 * Reactor: {@code Mono.firstWithValue(call, call.delaySubscription(step), ...)},
	 * assembled per call as it is where the call depends on the request.
	 * @return the result
	 */
	@Benchmark
	public String immediateReactor() {
		Mono<String> call = Mono.fromFuture(SimulatedTasks::succeeded);
		return Mono.firstWithValue(call, call.delaySubscription(STEP), call.delaySubscription(STEP.multipliedBy(2)))
			.toFuture()
			.join();
	}

	// ---- (b) two fast failures, the third attempt wins

	/**
	 * The floor: the three calls in sequence, stopping at the first success.
	 * @return the result
	 */
	@Benchmark
	public String thirdWinsDirect() {
		for (int attempt = 0;; attempt++) {
			CompletableFuture<String> call = SimulatedTasks.thirdSucceeds(attempt);
			if (!call.isCompletedExceptionally()) {
				return call.join();
			}
		}
	}

	/**
	 * The library.
	 * @return the result
	 */
	@Benchmark
	public String thirdWinsRace() {
		return this.hedgeTemplate
			.firstAsync(THREE_ATTEMPTS,
					(Integer attempt, AttemptContext context) -> SimulatedTasks.thirdSucceeds(attempt))
			.join();
	}

	/**
	 * The hand-rolled CompletableFuture hedge.
	 * @return the result
	 */
	@Benchmark
	public String thirdWinsHandRolled() {
		return HandRolledHedge.hedge(SimulatedTasks::thirdSucceeds, STEP.toNanos(), MAX_ATTEMPTS).join();
	}

	// ---- (c) ten arguments streamed

	/**
	 * The floor: the ten calls in sequence.
	 * @return the number of results
	 */
	@Benchmark
	public int streamDirect() {
		int results = 0;
		for (int argument = 0; argument < TEN_ARGUMENTS.size(); argument++) {
			if (SimulatedTasks.succeeded().join() != null) {
				results++;
			}
		}
		return results;
	}

	/**
	 * The library: {@code streamAsync}, every outcome read from its blocking iterator.
	 * @return the number of outcomes
	 */
	@Benchmark
	public int streamRace() {
		int outcomes = 0;
		try (RaceStream<Integer, String> stream = this.streamTemplate.streamAsync(TEN_ARGUMENTS,
				(Integer argument, AttemptContext context) -> SimulatedTasks.succeeded())) {
			for (AttemptOutcome<Integer, String> outcome : stream) {
				if (outcome.index() >= 0) {
					outcomes++;
				}
			}
		}
		return outcomes;
	}

	/**
	 * Hand-rolled: launch every call, queue the results as they complete, take them in
	 * that order.
	 * @return the number of results
	 * @throws InterruptedException never: every call has completed
	 */
	@Benchmark
	public int streamHandRolled() throws InterruptedException {
		LinkedBlockingQueue<String> completed = new LinkedBlockingQueue<>();
		for (int argument = 0; argument < TEN_ARGUMENTS.size(); argument++) {
			SimulatedTasks.succeeded()
				.whenComplete((value, failure) -> completed.add((failure != null) ? "failed" : value));
		}
		int results = 0;
		for (int i = 0; i < TEN_ARGUMENTS.size(); i++) {
			if (completed.take() != null) {
				results++;
			}
		}
		return results;
	}

	/**
	 * Reactor: {@code Flux.fromIterable(arguments).flatMap(call)} collected in completion
	 * order.
	 * @return the number of results
	 */
	@Benchmark
	public int streamReactor() {
		// collectList() always emits a list (empty at worst), so block() never returns
		// null here.
		List<String> results = Flux.fromIterable(TEN_ARGUMENTS)
			.flatMap((Integer argument) -> Mono.fromFuture(SimulatedTasks::succeeded))
			.collectList()
			.block();
		return Objects.requireNonNull(results).size();
	}

}
