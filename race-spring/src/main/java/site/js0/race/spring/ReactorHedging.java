package site.js0.race.spring;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hedging of methods returning Reactor's {@code Mono} or {@code Flux}; loaded only when
 * Reactor is present. A race starts on each subscription; a {@code Flux} is hedged as a
 * whole, each attempt collecting it into a list.
 */
final class ReactorHedging {

	private ReactorHedging() {
	}

	static boolean supports(Class<?> returnType) {
		return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
	}

	/**
	 * Return how an attempt's returned publisher becomes its stage: subscribing to it.
	 * @param returnType the method's return type, as {@link #supports} accepts
	 * @return the conversion
	 */
	static Function<Object, CompletionStage<?>> attemptStage(Class<?> returnType) {
		if (Mono.class.isAssignableFrom(returnType)) {
			return (result) -> ((Mono<?>) result).toFuture();
		}
		return (result) -> ((Flux<?>) result).collectList().toFuture();
	}

	/**
	 * Return the publisher the caller gets: one that starts a race when subscribed to,
	 * and cancels it when cancelled.
	 * @param returnType the method's return type, as {@link #supports} accepts
	 * @param race starts a race
	 * @return the publisher
	 */
	@SuppressWarnings("unchecked")
	static Object publisher(Class<?> returnType, Supplier<CompletableFuture<Object>> race) {
		Mono<Object> first = Mono.fromFuture(race, false);
		if (Mono.class.isAssignableFrom(returnType)) {
			return first;
		}
		return first.flatMapIterable((elements) -> (List<Object>) elements);
	}

}
