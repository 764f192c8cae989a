package site.js0.race.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.spring.http.HedgingClientHttpRequestFactory;
import site.js0.race.spring.http.HttpHedgePolicy;

/**
 * The cost of the hedging layer on a real HTTP call: a {@code GET} through a plain
 * {@link RestClient} against the same call through one whose request factory is a
 * {@link HedgingClientHttpRequestFactory}, both over the same JDK {@link HttpClient}
 * (HTTP/1.1, kept-alive connections) to a loopback {@link HttpServer} that answers at
 * once. The step (100 ms) never fires, so each hedged call is one attempt: what is
 * measured is the buffering of the request, the race, the hand-off of the attempt to the
 * race executor and back. A third method sends a request the policy does not hedge
 * through the hedging factory (sent once, no race).
 * <p>
 * Every method returns the body so that JMH consumes it; the smoke test calls them
 * directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HedgedRestClientOverhead {

	static final String BODY = "ok";

	private HttpServer server;

	private ExecutorService serverThreads;

	private ExecutorService raceThreads;

	private HttpClient httpClient;

	private RestClient plain;

	private RestClient hedged;

	private RestClient notHedged;

	/** How long {@link #start()} warms the clients up; the smoke test sets zero. */
	Duration warmUp = Duration.ofSeconds(10);

	/**
	 * Start the server, build the clients once, as an application does, and warm every
	 * client up alike for {@link #warmUp}: calls through all three, so that the short
	 * warm-up iterations of the documented command, a few thousand calls at a millisecond
	 * each, do not leave the JIT and the HTTP client's threads still settling while the
	 * first iterations are measured.
	 * @throws IOException if the server cannot start
	 */
	@Setup
	public void start() throws IOException {
		// Without TCP_NODELAY the server's headers and body go out in two segments, and
		// Nagle's algorithm holds the body until the client's delayed ACK: 40 ms a call,
		// which would measure the kernel's timers rather than hedging. Read once, when
		// the
		// server classes are first used in this JVM (a JMH fork).
		System.setProperty("sun.net.httpserver.nodelay", "true");
		this.serverThreads = Executors.newFixedThreadPool(2);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", HedgedRestClientOverhead::answer);
		this.server.setExecutor(this.serverThreads);
		this.server.start();
		String baseUrl = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		ClientHttpRequestFactory jdk = new JdkClientHttpRequestFactory(this.httpClient);
		this.raceThreads = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "race-attempt");
			thread.setDaemon(true);
			return thread;
		});
		RaceTemplate template = new RaceTemplate(RaceSettings.builder()
			.step(Duration.ofMillis(100))
			.maxAttempts(3)
			.fixedStep()
			.noHedgeBudget()
			.executor(this.raceThreads)
			.build());
		this.plain = RestClient.builder().requestFactory(jdk).baseUrl(baseUrl).build();
		this.hedged = RestClient.builder()
			.requestFactory(new HedgingClientHttpRequestFactory(jdk, template, HttpHedgePolicy.defaults()))
			.baseUrl(baseUrl)
			.build();
		this.notHedged = RestClient.builder()
			.requestFactory(new HedgingClientHttpRequestFactory(jdk, template,
					HttpHedgePolicy.defaults().hedgeWhen((request) -> false)))
			.baseUrl(baseUrl)
			.build();
		long end = System.nanoTime() + this.warmUp.toNanos();
		while (System.nanoTime() - end < 0) {
			plainGet();
			hedgedGet();
			notEligibleGet();
		}
	}

	private static void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
		}
	}

	/**
	 * Stop the server and the threads.
	 */
	@TearDown
	public void stop() {
		this.server.stop(0);
		this.serverThreads.shutdownNow();
		this.raceThreads.shutdownNow();
	}

	/**
	 * The floor: a plain {@code RestClient} call.
	 * @return the body
	 */
	@Benchmark
	public @Nullable String plainGet() {
		return this.plain.get().uri("/file").retrieve().body(String.class);
	}

	/**
	 * The same call through the hedging factory: one race of one attempt.
	 * @return the body
	 */
	@Benchmark
	public @Nullable String hedgedGet() {
		return this.hedged.get().uri("/file").retrieve().body(String.class);
	}

	/**
	 * The same call through the hedging factory whose policy hedges nothing: buffered and
	 * sent once on the caller's thread.
	 * @return the body
	 */
	@Benchmark
	public @Nullable String notEligibleGet() {
		return this.notHedged.get().uri("/file").retrieve().body(String.class);
	}

}
