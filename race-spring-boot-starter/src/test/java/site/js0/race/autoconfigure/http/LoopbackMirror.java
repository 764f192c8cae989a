package site.js0.race.autoconfigure.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback server whose primary requests (no hedge header) stall until released, and
 * whose hedges answer at once with the attempt number they carry, so that a hedged
 * client's answer shows which attempt won.
 */
final class LoopbackMirror implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final CountDownLatch release = new CountDownLatch(1);

	private final String hedgeHeader;

	private final List<String> received = new CopyOnWriteArrayList<>();

	LoopbackMirror(String hedgeHeader) throws IOException {
		this.hedgeHeader = hedgeHeader;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The requests received, as "METHOD path attempt" ("-" for the primary). */
	List<String> received() {
		return this.received;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			String attempt = exchange.getRequestHeaders().getFirst(this.hedgeHeader);
			this.received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
					+ ((attempt != null) ? attempt : "-"));
			String body = (attempt != null) ? "hedge " + attempt : "primary";
			if (attempt == null && !this.release.await(10, TimeUnit.SECONDS)) {
				body = "primary, never released";
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/plain");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
