package site.js0.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lane that launches due hedges: every piece of work runs once, on at most
 * {@link LaunchLane#RUNNERS} threads while they progress, with one more runner per stall
 * when they do not, and nothing is lost when the executor or the scheduler refuses. Real
 * threads; time is only asserted as a generous bound.
 */
class LaunchLaneTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final ScheduledThreadPoolExecutor scheduler = RaceExecutors.newScheduler(1, "lane-test-");

	@AfterEach
	void shutDown() {
		this.executor.shutdownNow();
		this.scheduler.shutdownNow();
	}

	@Test
	void everySubmittedWorkRunsExactlyOnceWhenSubmittedFromSeveralThreads() throws Exception {
		LaunchLane lane = new LaunchLane(this.executor, this.scheduler, Ticker.system());
		int submitters = 4;
		int each = 20_000;
		AtomicInteger[] runs = new AtomicInteger[submitters * each];
		for (int i = 0; i < runs.length; i++) {
			runs[i] = new AtomicInteger();
		}
		CountDownLatch done = new CountDownLatch(runs.length);
		List<Thread> threads = new ArrayList<>();
		for (int s = 0; s < submitters; s++) {
			int first = s * each;
			threads.add(new Thread(() -> {
				for (int i = first; i < first + each; i++) {
					AtomicInteger run = runs[i];
					lane.submit(() -> {
						run.incrementAndGet();
						done.countDown();
					});
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(runs).allSatisfy((run) -> assertThat(run).hasValue(1));
	}

	@Test
	void progressingRunnersNeverExceedTheCap() throws Exception {
		LaunchLane lane = new LaunchLane(this.executor, this.scheduler, Ticker.system());
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(50_000);
		for (int i = 0; i < 50_000; i++) {
			lane.submit(() -> {
				most.accumulateAndGet(running.incrementAndGet(), Math::max);
				running.decrementAndGet();
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(most.get()).isBetween(1, LaunchLane.RUNNERS);
	}

	@Test
	void workQueuedBehindStuckRunnersRunsOnceTheyStall() throws Exception {
		LaunchLane lane = new LaunchLane(this.executor, this.scheduler, Ticker.system());
		CountDownLatch release = new CountDownLatch(1);
		try {
			stickEveryRunner(lane, release);
			CountDownLatch ran = new CountDownLatch(1);
			// Nothing more is submitted after this: the lane's own watch must find the
			// stall.
			lane.submit(ran::countDown);
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
			// It ran while every runner started without a stall was still stuck.
			assertThat(release.getCount()).isOne();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void runnersLeaveWhenTheQueueIsEmpty() throws Exception {
		LaunchLane lane = new LaunchLane(this.executor, this.scheduler, Ticker.system());
		CountDownLatch done = new CountDownLatch(1_000);
		for (int i = 0; i < 1_000; i++) {
			lane.submit(done::countDown);
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (lane.runners() > 0 && System.nanoTime() < until) {
			Thread.onSpinWait();
		}
		assertThat(lane.runners()).isZero();
	}

	@Test
	void executorThatRefusesARunnerLeavesTheWorkToTheSubmitter() {
		LaunchLane lane = new LaunchLane((work) -> {
			throw new RejectedExecutionException("no threads");
		}, this.scheduler, Ticker.system());
		Thread submitter = Thread.currentThread();
		List<Thread> ranOn = new ArrayList<>();
		lane.submit(() -> ranOn.add(Thread.currentThread()));
		assertThat(ranOn).containsExactly(submitter);
		assertThat(lane.runners()).isZero();
	}

	@Test
	void schedulerThatThrowsAddsARunnerAtOnceInsteadOfWatching() throws Exception {
		ScheduledExecutorService broken = Executors.unconfigurableScheduledExecutorService(this.scheduler);
		this.scheduler.shutdown();
		LaunchLane lane = new LaunchLane(this.executor, broken, Ticker.system());
		CountDownLatch release = new CountDownLatch(1);
		try {
			stickEveryRunner(lane, release);
			CountDownLatch ran = new CountDownLatch(1);
			lane.submit(ran::countDown);
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			release.countDown();
		}
	}

	/**
	 * Occupy every runner the lane starts without a stall with work that waits for the
	 * release, and return once all of them are inside it.
	 */
	private static void stickEveryRunner(LaunchLane lane, CountDownLatch release) throws InterruptedException {
		CountDownLatch stuck = new CountDownLatch(LaunchLane.RUNNERS);
		for (int i = 0; i < LaunchLane.RUNNERS; i++) {
			lane.submit(() -> {
				stuck.countDown();
				awaitQuietly(release);
			});
		}
		assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
