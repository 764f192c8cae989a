package site.js0.race.spring.http;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequest;
import org.springframework.util.ReflectionUtils;

/**
 * Aborts an attempt's in-flight request through the HTTP client's own API, for the
 * clients whose blocking Spring requests do not give up when their thread is interrupted
 * on a platform thread: Apache HttpClient 5 (a blocked socket read ignores the interrupt)
 * and Jetty (the interrupt ends the wait for the response, not the exchange). The JDK
 * client's and Reactor Netty's Spring requests already abort their exchange on interrupt.
 * Spring does not expose the client's request, so it is read from the Spring request's
 * field; if that ever fails, the attempt is left to the interrupt alone.
 */
final class AttemptAbort {

	private static final Log logger = LogFactory.getLog(AttemptAbort.class);

	private static final ClassValue<@Nullable Field> CLIENT_REQUEST = new ClassValue<>() {

		@Override
		protected @Nullable Field computeValue(Class<?> type) {
			String name = switch (type.getName()) {
				case "org.springframework.http.client.HttpComponentsClientHttpRequest" -> "httpRequest";
				case "org.springframework.http.client.JettyClientHttpRequest" -> "request";
				default -> null;
			};
			if (name == null) {
				return null;
			}
			try {
				Field field = type.getDeclaredField(name);
				ReflectionUtils.makeAccessible(field);
				return field;
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.debug("Cannot reach the client request of " + type.getName()
						+ "; its attempts are cancelled by interrupt only", ex);
				return null;
			}
		}

	};

	private AttemptAbort() {
	}

	/**
	 * Return how to abort the given request's exchange, or {@code null} if interrupting
	 * its thread is all that can be done.
	 */
	static @Nullable Runnable of(ClientHttpRequest request) {
		Field field = CLIENT_REQUEST.get(request.getClass());
		if (field == null) {
			return null;
		}
		Object clientRequest = ReflectionUtils.getField(field, request);
		if (clientRequest == null) {
			return null;
		}
		// HC5: HttpUriRequestBase.cancel(); Jetty: Request.abort(Throwable).
		Method cancel = ReflectionUtils.findMethod(clientRequest.getClass(), "cancel");
		if (cancel != null) {
			return () -> ReflectionUtils.invokeMethod(cancel, clientRequest);
		}
		Method abort = ReflectionUtils.findMethod(clientRequest.getClass(), "abort", Throwable.class);
		if (abort != null) {
			return () -> ReflectionUtils.invokeMethod(abort, clientRequest,
					new CancellationException("Hedged attempt lost the race"));
		}
		return null;
	}

}
