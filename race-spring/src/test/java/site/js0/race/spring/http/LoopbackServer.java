package site.js0.race.spring.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An HTTP/1.1 server on a loopback {@link ServerSocket}, one thread per connection, that
 * records every request and, for a request it stalls, the instant the client closed the
 * connection. Each response closes its connection, so that every attempt has one.
 */
final class LoopbackServer implements AutoCloseable {

	private final ServerSocket socket;

	private final Function<Received, Reply> handler;

	final List<Received> received = new CopyOnWriteArrayList<>();

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	LoopbackServer(Function<Received, Reply> handler) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.handler = handler;
		Thread acceptor = new Thread(this::accept, "loopback-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.socket.getLocalPort() + path);
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket connection = this.socket.accept();
				this.connections.add(connection);
				Thread worker = new Thread(() -> serve(connection), "loopback-connection");
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			InputStream in = connection.getInputStream();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1);
			String requestLine = reader.readLine();
			if (requestLine == null) {
				return;
			}
			Map<String, String> headers = new HashMap<>();
			for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
			String[] parts = requestLine.split(" ");
			Received request = new Received(parts[0], parts[1], headers, new CompletableFuture<>());
			this.received.add(request);
			Reply reply = this.handler.apply(request);
			if (reply.stall()) {
				// Wait for the client to give the connection up: read() ends with -1 or a
				// reset when it closes.
				try {
					while (in.read() != -1) {
						// A request body, ignored.
					}
				}
				catch (IOException ex) {
					// Reset by the client: closed as well.
				}
				request.closedAt().complete(System.nanoTime());
				return;
			}
			if (reply.trigger() != null) {
				try {
					reply.trigger().get(reply.triggerWait().toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (Exception ex) {
					// The trigger did not come within its wait: answer anyway.
				}
			}
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			OutputStream out = connection.getOutputStream();
			out.write(("HTTP/1.1 " + reply.status() + " X\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			// Let the client read the response before the close.
			connection.shutdownOutput();
			while (in.read() != -1) {
				// Until the client closes its side.
			}
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		for (Socket connection : this.connections) {
			connection.close();
		}
	}

	/**
	 * A request as received, and when the client closed its connection if it was stalled.
	 */
	record Received(String method, String path, Map<String, String> headers, CompletableFuture<Long> closedAt) {

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		/** The attempt index from the hedge header: 0 for a primary. */
		int attempt() {
			String value = header(HedgeHeader.DEFAULT_NAME);
			return (value != null) ? Integer.parseInt(value) : 0;
		}

	}

	/**
	 * How the server answers a request: a status and body, possibly only once a trigger
	 * completes (or its wait passes), or never (stalled until the client closes).
	 */
	record Reply(int status, String body, boolean stall, CompletableFuture<?> trigger, Duration triggerWait) {

		static Reply of(int status, String body) {
			return new Reply(status, body, false, null, Duration.ZERO);
		}

		static Reply stalled() {
			return new Reply(0, "", true, null, Duration.ZERO);
		}

		static Reply after(CompletableFuture<?> trigger, Duration wait, int status, String body) {
			return new Reply(status, body, false, trigger, wait);
		}

	}

}
