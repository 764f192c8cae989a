package site.js0.race.spring.http.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import site.js0.race.spring.http.HedgeHeader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests of {@link HedgeSheddingFilter} on the servlet API's own request objects: what is
 * shed, and that the count comes back after errors and asynchronous requests (real HTTP
 * on Tomcat is tested in the starter).
 */
class HedgeSheddingFilterTests {

	private final InFlightGate gate = new InFlightGate(1, Duration.ofMillis(2500));

	private final HedgeSheddingFilter filter = new HedgeSheddingFilter(this.gate);

	private final AtomicInteger chainCalls = new AtomicInteger();

	private final FilterChain countingChain = (request, response) -> this.chainCalls.incrementAndGet();

	@Test
	void hedgeAtTheLimitIsAnswered503WithRetryAfterWithoutCallingTheApplication() throws Exception {
		this.gate.admit(null);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(hedge(), response, this.countingChain);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("3");
		assertThat(this.chainCalls).hasValue(0);
		assertThat(this.gate.shedCount()).isEqualTo(1);
	}

	@Test
	void primaryAtTheLimitIsServed() throws Exception {
		this.gate.admit(null);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest("GET", "/"), response, this.countingChain);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(this.chainCalls).hasValue(1);
		assertThat(this.gate.inFlight()).isEqualTo(1);
	}

	@Test
	void hedgeBelowTheLimitIsServedAndCountedWhileInTheApplication() throws Exception {
		AtomicInteger seen = new AtomicInteger(-1);
		this.filter.doFilter(hedge(), new MockHttpServletResponse(),
				(request, response) -> seen.set(this.gate.inFlight()));
		assertThat(seen).hasValue(1);
		assertThat(this.gate.inFlight()).isZero();
	}

	@Test
	void countComesBackWhenTheApplicationThrows() {
		assertThatIOException().isThrownBy(() -> this.filter.doFilter(new MockHttpServletRequest("GET", "/"),
				new MockHttpServletResponse(), (request, response) -> {
					throw new IOException("broken");
				}));
		assertThat(this.gate.inFlight()).isZero();
	}

	@Test
	void asynchronousRequestStaysCountedUntilItCompletes() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setAsyncSupported(true);
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> req.startAsync());
		assertThat(this.gate.inFlight()).isEqualTo(1);
		MockAsyncContext async = (MockAsyncContext) request.getAsyncContext();
		async.complete();
		assertThat(this.gate.inFlight()).isZero();
	}

	@Test
	void customHeaderMarksHedges() throws Exception {
		HedgeSheddingFilter custom = new HedgeSheddingFilter(new InFlightGate(1, Duration.ZERO, "X-Hedge"));
		custom.getGate().admit(null);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Hedge", "1");
		MockHttpServletResponse response = new MockHttpServletResponse();
		custom.doFilter(request, response, this.countingChain);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("0");
	}

	private static MockHttpServletRequest hedge() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader(HedgeHeader.DEFAULT_NAME, HedgeHeader.value(1));
		return request;
	}

}
