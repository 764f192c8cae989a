package site.js0.race.spring;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link Hedged @Hedged} methods returning a {@code CompletionStage}, a
 * {@code Mono} or a {@code Flux}.
 */
class HedgedAsyncMethodsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AsyncConfiguration.class);

	@Test
	void stageThatFailsLaterIsAFailedAttemptAndStartsTheNextOne() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			// The step is 10 s: only the first attempt's asynchronous failure can start
			// the second before the test's timeout.
			assertThat(service.failLaterThenSucceed().get(5, TimeUnit.SECONDS)).isEqualTo("attempt 1");
		});
	}

	@Test
	void everyStageFailingFailsTheFutureWithTheFirstAttemptsException() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			CompletableFuture<String> result = service.alwaysFailLater();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(IOException.class)
				.withMessage("attempt 0 failed")
				.satisfies((ex) -> assertThat(ex.getSuppressed()).extracting(Throwable::getMessage)
					.containsExactly("attempt 1 failed"));
		});
	}

	@Test
	void hedgeWinsWhenTheFirstStageNeverCompletesAndTheLoserIsCancelled() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			assertThat(service.firstNeverCompletes().get(5, TimeUnit.SECONDS)).isEqualTo("attempt 1");
			Probe probe = context.getBean(Probe.class);
			// The caller gets its result first; the loser is cancelled right after.
			await().atMost(Duration.ofSeconds(5)).until(probe.stages.get(0)::isCancelled);
		});
	}

	@Test
	void cancellingTheCallersFutureCancelsTheAttempts() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			CompletableFuture<String> result = service.neverCompletes();
			Probe probe = context.getBean(Probe.class);
			assertThat(probe.stages).hasSize(1);
			result.cancel(true);
			await().atMost(Duration.ofSeconds(5)).until(probe.stages.get(0)::isCancelled);
		});
	}

	@Test
	void attemptAccessorIsSetDuringTheSynchronousPartOfAnAsynchronousCall() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			assertThat(service.readsAttempt().toCompletableFuture().get(5, TimeUnit.SECONDS))
				.isEqualTo("attempt 0 of race default");
		});
	}

	@Test
	void otherFutureTypesAreRejected() {
		this.runner.run((context) -> assertThatIllegalStateException()
			.isThrownBy(() -> context.getBean(AsyncService.class).plainFuture())
			.withMessageContaining("only plain values, CompletionStage"));
	}

	@Test
	void monoStartsNoAttemptUntilSubscribed() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			Mono<String> mono = service.monoFirstNeverCompletes();
			assertThat(context.getBean(Probe.class).calls).hasValue(0);
			assertThat(mono.block(Duration.ofSeconds(5))).isEqualTo("attempt 1");
		});
	}

	@Test
	void monoHedgeWinsWhenTheFirstNeverCompletes() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			assertThat(service.monoFirstNeverCompletes().block(Duration.ofSeconds(5))).isEqualTo("attempt 1");
			assertThat(context.getBean(Probe.class).calls).hasValue(2);
		});
	}

	@Test
	void monoFailingEverywhereSignalsTheFirstAttemptsException() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> service.monoAlwaysFails().block(Duration.ofSeconds(5)))
				.withMessage("attempt 0 failed");
		});
	}

	@Test
	void fluxIsHedgedAsAWholeAndEmitsTheWinnersElements() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			assertThat(service.fluxFirstStallsAfterOneElement().collectList().block(Duration.ofSeconds(5)))
				.containsExactly("1a", "1b", "1c");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods
	static class AsyncConfiguration {

		@Bean
		RaceTemplate raceTemplate() {
			return new RaceTemplate(RaceSettings.builder().step(Duration.ofMillis(20)).maxAttempts(2).build());
		}

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		AsyncService asyncService(Probe probe) {
			return new AsyncService(probe);
		}

	}

	static class Probe {

		final AtomicInteger calls = new AtomicInteger();

		final List<CompletableFuture<String>> stages = new CopyOnWriteArrayList<>();

	}

	static class AsyncService {

		private final Probe probe;

		AsyncService(Probe probe) {
			this.probe = probe;
		}

		@Hedged(step = 10_000)
		CompletableFuture<String> failLaterThenSucceed() {
			int index = HedgedAttempt.current().index();
			if (index == 0) {
				return CompletableFuture.supplyAsync(() -> {
					throw new IllegalStateException("attempt 0 failed later");
				});
			}
			return CompletableFuture.completedFuture("attempt " + index);
		}

		@Hedged(step = 10_000)
		CompletableFuture<String> alwaysFailLater() {
			int index = HedgedAttempt.current().index();
			return CompletableFuture.supplyAsync(() -> {
				throw new CompletionException(new IOException("attempt " + index + " failed"));
			});
		}

		@Hedged
		CompletableFuture<String> firstNeverCompletes() {
			int index = HedgedAttempt.current().index();
			CompletableFuture<String> stage = (index == 0) ? new CompletableFuture<>()
					: CompletableFuture.completedFuture("attempt " + index);
			this.probe.stages.add(stage);
			return stage;
		}

		@Hedged(step = 10_000)
		CompletableFuture<String> neverCompletes() {
			CompletableFuture<String> stage = new CompletableFuture<>();
			this.probe.stages.add(stage);
			return stage;
		}

		@Hedged
		CompletionStage<String> readsAttempt() {
			return CompletableFuture.completedFuture(
					"attempt " + HedgedAttempt.current().index() + " of race " + HedgedAttempt.current().raceName());
		}

		@Hedged
		Future<String> plainFuture() {
			return CompletableFuture.completedFuture("unused");
		}

		@Hedged
		Mono<String> monoFirstNeverCompletes() {
			int index = this.probe.calls.getAndIncrement();
			return (index == 0) ? Mono.never() : Mono.just("attempt " + index);
		}

		@Hedged(step = 10_000)
		Mono<String> monoAlwaysFails() {
			int index = HedgedAttempt.current().index();
			return Mono.error(() -> new IllegalStateException("attempt " + index + " failed"));
		}

		@Hedged
		Flux<String> fluxFirstStallsAfterOneElement() {
			int index = HedgedAttempt.current().index();
			if (index == 0) {
				return Flux.concat(Flux.just("0a"), Flux.never());
			}
			return Flux.just(index + "a", index + "b", index + "c");
		}

	}

}
