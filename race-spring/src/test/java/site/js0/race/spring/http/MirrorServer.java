package site.js0.race.spring.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server whose answer to each request a function decides; it records
 * every request it received. A request may be held until {@link #release()}.
 */
final class MirrorServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final CountDownLatch released = new CountDownLatch(1);

	MirrorServer(Function<Received, Answer> answers) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> handle(exchange, answers));
		this.server.start();
	}

	private void handle(HttpExchange exchange, Function<Received, Answer> answers) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI(),
					exchange.getRequestHeaders().getFirst(HedgeHeader.DEFAULT_NAME),
					exchange.getRequestHeaders().getFirst("X-Hedge"),
					new String(in.readAllBytes(), StandardCharsets.UTF_8));
			this.received.add(request);
			Answer answer = answers.apply(request);
			if (answer.hold()) {
				try {
					this.released.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), (body.length > 0) ? body.length : -1);
			exchange.getResponseBody().write(body);
		}
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

	List<Received> received() {
		return this.received;
	}

	void release() {
		this.released.countDown();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	record Received(String method, URI uri, String hedge, String customHedge, String body) {

		boolean isPrimary() {
			return this.hedge == null;
		}

	}

	record Answer(int status, String body, boolean hold) {

		static Answer of(int status, String body) {
			return new Answer(status, body, false);
		}

		static Answer held(int status, String body) {
			return new Answer(status, body, true);
		}

	}

}
