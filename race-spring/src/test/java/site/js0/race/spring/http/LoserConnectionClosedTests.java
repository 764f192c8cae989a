package site.js0.race.spring.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.util.StreamUtils;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A losing attempt's connection is closed on the server's side within 100 ms of the
 * decision, for every client Spring Boot can pick, whether the attempts run on platform
 * or virtual threads: the server never answers the primary, answers the hedge at once,
 * and records when the primary's connection is closed.
 */
class LoserConnectionClosedTests {

	private static final Duration BOUND = Duration.ofMillis(100);

	static Stream<Arguments> clients() {
		return Stream.of(
				Arguments.of("JDK HttpClient",
						(Supplier<ClientHttpRequestFactory>) () -> new JdkClientHttpRequestFactory(
								HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build())),
				Arguments.of("Apache HttpClient 5",
						(Supplier<ClientHttpRequestFactory>) HttpComponentsClientHttpRequestFactory::new),
				Arguments.of("Reactor Netty",
						(Supplier<ClientHttpRequestFactory>) ReactorClientHttpRequestFactory::new),
				Arguments.of("Jetty", (Supplier<ClientHttpRequestFactory>) JettyClientHttpRequestFactory::new));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("clients")
	void theLosersConnectionIsClosedOnPlatformThreads(String client, Supplier<ClientHttpRequestFactory> factory)
			throws Exception {
		ExecutorService executor = Executors.newCachedThreadPool();
		try {
			assertLoserClosedWithinBound(factory.get(), executor);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("clients")
	@EnabledForJreRange(min = JRE.JAVA_21)
	void theLosersConnectionIsClosedOnVirtualThreads(String client, Supplier<ClientHttpRequestFactory> factory)
			throws Exception {
		ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
			.invoke(null);
		try {
			assertLoserClosedWithinBound(factory.get(), executor);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private void assertLoserClosedWithinBound(ClientHttpRequestFactory client, ExecutorService executor)
			throws Exception {
		RaceTemplate template = new RaceTemplate(RaceSettings.builder()
			.step(Duration.ofMillis(50))
			.maxAttempts(2)
			.noHedgeBudget()
			.executor(executor)
			.build());
		HedgingClientHttpRequestFactory factory = new HedgingClientHttpRequestFactory(client, template,
				HttpHedgePolicy.defaults());
		try (SilentPrimaryServer server = new SilentPrimaryServer()) {
			long decided;
			try (ClientHttpResponse response = factory.createRequest(server.uri(), HttpMethod.GET).execute()) {
				decided = System.nanoTime();
				assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("hedge");
			}
			long closed = server.primaryClosed.get(5, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(closed - decided)).isLessThan(BOUND);
		}
		finally {
			if (client instanceof AutoCloseable closeable) {
				closeable.close();
			}
			else if (client instanceof DisposableBean disposable) {
				// Jetty's factory: stops the HttpClient it created.
				disposable.destroy();
			}
		}
	}

	/**
	 * Never answers a primary (a request without the hedge header); answers a hedge at
	 * once; records when the primary's connection is closed by the client.
	 */
	static final class SilentPrimaryServer implements AutoCloseable {

		final CompletableFuture<Long> primaryClosed = new CompletableFuture<>();

		private final ServerSocket socket;

		private final ExecutorService connections = Executors.newCachedThreadPool();

		SilentPrimaryServer() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.connections.execute(this::accept);
		}

		URI uri() {
			return URI.create("http://127.0.0.1:" + this.socket.getLocalPort() + "/items");
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try {
					Socket connection = this.socket.accept();
					this.connections.execute(() -> serve(connection));
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(Socket connection) {
			try (connection;
					InputStream in = connection.getInputStream();
					OutputStream out = connection.getOutputStream()) {
				while (true) {
					String head = readHead(in);
					if (head == null) {
						return;
					}
					if (head.toLowerCase(Locale.ROOT)
						.contains("\r\n" + HedgeHeader.DEFAULT_NAME.toLowerCase(Locale.ROOT) + ": 1")) {
						out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhedge"
							.getBytes(StandardCharsets.US_ASCII));
						out.flush();
					}
					else {
						awaitClose(in);
						return;
					}
				}
			}
			catch (IOException ex) {
				// The hedge's connection closed by the client: nothing to record.
			}
		}

		private void awaitClose(InputStream in) {
			try {
				while (in.read() != -1) {
					// A primary sends nothing more; keep waiting for the close.
				}
			}
			catch (IOException ex) {
				// A reset counts as a close.
			}
			this.primaryClosed.complete(System.nanoTime());
		}

		private static String readHead(InputStream in) throws IOException {
			StringBuilder head = new StringBuilder();
			int b;
			while ((b = in.read()) != -1) {
				head.append((char) b);
				if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
					return head.toString();
				}
			}
			return null;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			this.connections.shutdownNow();
		}

	}

}
