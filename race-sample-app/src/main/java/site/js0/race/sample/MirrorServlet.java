package site.js0.race.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The simulated mirrors: {@code /mirrors/{name}} answers 200 or 503 after the delay that
 * the mirror's {@link LatencyModel} draws, with its name in the {@value #MIRROR_HEADER}
 * header (a hedged call's caller does not know which attempt won). Any method is
 * accepted, so that the client's choice of which methods to hedge can be seen. A call can
 * force answers: {@code ?stall=a,b&fail=c} makes mirrors {@code a} and {@code b} stall
 * and {@code c} answer 503, {@code ?answer=normal|stall|error} forces the answer of the
 * mirror called.
 *
 * <p>
 * The delay is real waiting on the server, so the client measures what it would measure
 * against a slow server; but no request thread sleeps through it: the request goes
 * asynchronous and a scheduler thread answers when the delay is over. That keeps a load
 * of stalled calls from tying up Tomcat's request threads.
 *
 * <p>
 * A plain servlet rather than a controller returning a {@code DeferredResult}, because
 * the mirror must see a hedging loser go away, and over HTTP/1.1 a server only learns
 * that the client closed the connection when it next uses it: while the call waits,
 * nothing is read or written, and a response written in one piece to a closed connection
 * still "succeeds" (the client's end answers it with a reset). So the answer is written
 * in two flushes, the status line and headers first, then the body: if the client has
 * closed the connection, the first write draws the reset and the second fails, and the
 * call is counted as aborted.
 */
public class MirrorServlet extends HttpServlet {

	/** The response header that names the mirror that answered. */
	public static final String MIRROR_HEADER = "Mirror";

	private static final long serialVersionUID = 1L;

	private static final Log logger = LogFactory.getLog(MirrorServlet.class);

	private final transient MirrorProperties properties;

	private final transient MirrorStatistics statistics;

	// Two threads only write small answers to loopback connections; they never wait for
	// long.
	private final transient ScheduledExecutorService answerScheduler = Executors.newScheduledThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "mirror-answers");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Create the servlet.
	 * @param properties the mirrors and their latency models
	 * @param statistics where to count what each mirror sees
	 */
	public MirrorServlet(MirrorProperties properties, MirrorStatistics statistics) {
		this.properties = properties;
		this.statistics = statistics;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String name = (request.getPathInfo() != null) ? request.getPathInfo().replaceFirst("^/", "") : "";
		LatencyModel model = this.properties.getMirrors().get(name);
		if (model == null) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND, "No mirror '" + name + "'");
			return;
		}
		LatencyModel.Answer answer;
		try {
			answer = draw(model, forcedAnswer(request, name));
		}
		catch (IllegalArgumentException ex) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST, "answer must be normal, stall or error");
			return;
		}
		MirrorStatistics.Counts counts = this.statistics.of(name);
		counts.received.increment();

		AsyncContext async = request.startAsync();
		// Only a guard against a lost answer: the scheduler answers long before.
		async.setTimeout(answer.delay().plus(Duration.ofSeconds(30)).toMillis());
		PendingCall call = new PendingCall(async, response, name, answer, counts);
		async.addListener(call);
		this.answerScheduler.schedule(call::answer, answer.delay().toNanos(), TimeUnit.NANOSECONDS);
	}

	// One URL for every mirror of a hedged call (the client routes attempt k to mirror
	// k, with the same query), so the call names the mirrors that must stall or fail,
	// and each mirror looks for its own name; "answer" forces the answer of whichever
	// mirror is called.
	private static @Nullable String forcedAnswer(HttpServletRequest request, String mirror) {
		String answer = request.getParameter("answer");
		if (answer != null) {
			return answer;
		}
		if (names(request, "stall").contains(mirror)) {
			return "stall";
		}
		if (names(request, "fail").contains(mirror)) {
			return "error";
		}
		return null;
	}

	private static List<String> names(HttpServletRequest request, String parameter) {
		String[] values = request.getParameterValues(parameter);
		if (values == null) {
			return List.of();
		}
		return Arrays.stream(values).flatMap((value) -> Arrays.stream(value.split(","))).map(String::trim).toList();
	}

	private static LatencyModel.Answer draw(LatencyModel model, @Nullable String forced) {
		if (forced == null || forced.isEmpty()) {
			return model.draw(ThreadLocalRandom.current());
		}
		return model.answer(LatencyModel.Answer.Kind.valueOf(forced.toUpperCase(Locale.ROOT)),
				ThreadLocalRandom.current());
	}

	@Override
	public void destroy() {
		this.answerScheduler.shutdownNow();
	}

	/**
	 * One call waiting for its answer. The answer (on a scheduler thread) and the
	 * container's error and timeout callbacks (on a request thread) are serialised on
	 * this object: a failed write makes the container call {@link #onError}, and
	 * completing the call there while the answer is still being written would recycle the
	 * response under the writer's feet.
	 */
	private static final class PendingCall implements AsyncListener {

		private final AsyncContext async;

		private final HttpServletResponse response;

		private final String mirror;

		private final LatencyModel.Answer answer;

		private final MirrorStatistics.Counts counts;

		private boolean settled;

		PendingCall(AsyncContext async, HttpServletResponse response, String mirror, LatencyModel.Answer answer,
				MirrorStatistics.Counts counts) {
			this.async = async;
			this.response = response;
			this.mirror = mirror;
			this.answer = answer;
			this.counts = counts;
		}

		synchronized void answer() {
			if (this.settled) {
				return;
			}
			this.settled = true;
			byte[] body = ("{\"mirror\":\"" + this.mirror + "\",\"answer\":\""
					+ this.answer.kind().name().toLowerCase(Locale.ROOT) + "\",\"delayMs\":"
					+ this.answer.delay().toMillis() + "}")
				.getBytes(StandardCharsets.UTF_8);
			try {
				this.response.setStatus(this.answer.status().value());
				this.response.setContentType("application/json");
				this.response.setHeader(MIRROR_HEADER, this.mirror);
				this.response.setContentLength(body.length);
				ServletOutputStream out = this.response.getOutputStream();
				out.flush();
				out.write(body);
				out.flush();
				this.counts.answered.increment();
				if (this.answer.status().isError()) {
					this.counts.errors.increment();
				}
			}
			catch (IOException ex) {
				// The client closed the connection while the call waited: a cancelled
				// hedging loser.
				this.counts.aborted.increment();
			}
			catch (RuntimeException ex) {
				logger.warn("Mirror " + this.mirror + " could not answer", ex);
			}
			finally {
				complete();
			}
		}

		@Override
		public synchronized void onError(AsyncEvent event) {
			if (!this.settled) {
				this.settled = true;
				this.counts.aborted.increment();
			}
			// Completing keeps the container from dispatching the failed call to the
			// error page, which would only fail again on the closed connection.
			complete();
		}

		@Override
		public synchronized void onTimeout(AsyncEvent event) {
			this.settled = true;
			complete();
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		private void complete() {
			try {
				this.async.complete();
			}
			catch (IllegalStateException ex) {
				// Already completed: the answer and the container's error handling both
				// get here.
			}
		}

	}

}
