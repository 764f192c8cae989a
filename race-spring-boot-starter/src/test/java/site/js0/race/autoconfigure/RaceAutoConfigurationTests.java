package site.js0.race.autoconfigure;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import site.js0.race.RaceListener;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RaceAutoConfiguration}: beans, property binding, precedence of the
 * user's beans, and shutdown.
 */
@ExtendWith(OutputCaptureExtension.class)
class RaceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class));

	@Test
	void defaultTemplateHasRaceCoreDefaults() {
		this.runner.run((context) -> {
			RaceSettings settings = context.getBean(RaceTemplate.class).settings();
			assertThat(settings.name()).isEqualTo("default");
			assertThat(settings.step()).isEqualTo(RaceSettings.DEFAULT_STEP);
			assertThat(settings.maxAttempts()).isEqualTo(RaceSettings.DEFAULT_MAX_ATTEMPTS);
			assertThat(settings.deadline()).isEmpty();
			assertThat(settings.failureAdvances()).isTrue();
			assertThat(settings.fallback()).isFalse();
			assertThat(settings.cancelLosers()).isTrue();
		});
	}

	@Test
	void unsetPropertiesLeaveEveryRaceSettingAtRaceCoresDefault() {
		this.runner.run((context) -> {
			RaceSettings settings = context.getBean(RaceTemplate.class).settings();
			RaceSettings defaults = RaceSettings.defaults();
			assertThat(settings.schedule()).isEqualTo(defaults.schedule());
			assertThat(settings.adaptiveStep()).isEqualTo(defaults.adaptiveStep());
			assertThat(settings.hedgeBudget()).isEqualTo(defaults.hedgeBudget());
			assertThat(settings.shadow()).isEqualTo(defaults.shadow());
		});
	}

	@Test
	void instanceInheritsAdaptiveAndBudgetSettingsAndOverridesSome() {
		this.runner
			.withPropertyValues("race.adaptive.enabled=true", "race.adaptive.percentile=90", "race.budget.ratio=0.2",
					"race.instances.dns.adaptive.min-samples=20", "race.instances.dns.budget.enabled=false",
					"race.instances.dns.schedule=relative", "race.instances.dns.shadow=true")
			.run((context) -> {
				RaceSettings dns = context.getBean(RaceTemplates.class).get("dns").settings();
				assertThat(dns.adaptiveStep()).hasValueSatisfying((adaptive) -> {
					assertThat(adaptive.percentile()).isEqualTo(90);
					assertThat(adaptive.minSamples()).isEqualTo(20);
					assertThat(adaptive.window()).isEqualTo(RaceSettings.AdaptiveStep.defaults().window());
				});
				assertThat(dns.hedgeBudget()).isEmpty();
				assertThat(dns.schedule()).isEqualTo(RaceSettings.Schedule.RELATIVE);
				assertThat(dns.shadow()).isTrue();
				RaceSettings defaults = context.getBean(RaceTemplate.class).settings();
				assertThat(defaults.hedgeBudget()).hasValueSatisfying((budget) -> {
					assertThat(budget.ratio()).isEqualTo(0.2);
					assertThat(budget.minPerSecond()).isEqualTo(RaceSettings.HedgeBudget.defaults().minPerSecond());
				});
				assertThat(defaults.shadow()).isFalse();
			});
	}

	@Test
	void deadlineAtOrBelowTheStepWarnsThatTheRaceCanNeverHedge(CapturedOutput output) {
		this.runner.withPropertyValues("race.instances.dns.deadline=200ms", "race.instances.dns.step=300ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output)
					.contains("Race 'dns' can never hedge: its deadline, race.instances.dns.deadline=200ms,"
							+ " passes before its first hedge is due at race.instances.dns.step=300ms");
			});
	}

	@Test
	void defaultTemplateIsTheRegistrysDefault() {
		this.runner.run((context) -> assertThat(context.getBean(RaceTemplate.class))
			.isSameAs(context.getBean(RaceTemplates.class).getDefault()));
	}

	@Test
	void topLevelPropertiesBindToTheDefaultTemplate() {
		this.runner
			.withPropertyValues("race.step=200ms", "race.max-attempts=5", "race.deadline=3s",
					"race.failure-advances=false", "race.fallback=true", "race.cancel-losers=false")
			.run((context) -> {
				RaceSettings settings = context.getBean(RaceTemplate.class).settings();
				assertThat(settings.step()).isEqualTo(Duration.ofMillis(200));
				assertThat(settings.maxAttempts()).isEqualTo(5);
				assertThat(settings.deadline()).contains(Duration.ofSeconds(3));
				assertThat(settings.failureAdvances()).isFalse();
				assertThat(settings.fallback()).isTrue();
				assertThat(settings.cancelLosers()).isFalse();
			});
	}

	@Test
	void sharedPropertiesBind() {
		this.runner
			.withPropertyValues("race.scheduler.pool-size=2", "race.scheduler.thread-name-prefix=sched-",
					"race.executor.thread-name-prefix=exec-", "race.executor.max-pool-size=7",
					"race.executor.keep-alive=5s", "race.metrics.enabled=false", "race.metrics.percentiles=0.5,0.99",
					"race.metrics.histogram=true", "race.shutdown.await-termination=2s")
			.run((context) -> {
				RaceProperties properties = context.getBean(RaceProperties.class);
				assertThat(properties.getScheduler().getPoolSize()).isEqualTo(2);
				assertThat(properties.getScheduler().getThreadNamePrefix()).isEqualTo("sched-");
				assertThat(properties.getExecutor().getThreadNamePrefix()).isEqualTo("exec-");
				assertThat(properties.getExecutor().getMaxPoolSize()).isEqualTo(7);
				assertThat(properties.getExecutor().getKeepAlive()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getMetrics().isEnabled()).isFalse();
				assertThat(properties.getMetrics().getPercentiles()).containsExactly(0.5, 0.99);
				assertThat(properties.getMetrics().isHistogram()).isTrue();
				assertThat(properties.getShutdown().getAwaitTermination()).isEqualTo(Duration.ofSeconds(2));
				assertThat(context.getBean(RaceAutoConfiguration.SCHEDULER_BEAN_NAME, RaceScheduler.class)
					.getCorePoolSize()).isEqualTo(2);
				assertThat(context.getBean(RaceAutoConfiguration.EXECUTOR_BEAN_NAME, ThreadPoolTaskExecutor.class))
					.satisfies((executor) -> {
						assertThat(executor.getMaxPoolSize()).isEqualTo(7);
						assertThat(executor.getKeepAliveSeconds()).isEqualTo(5);
						assertThat(executor.getThreadNamePrefix()).isEqualTo("exec-");
					});
			});
	}

	@ParameterizedTest(name = "keep-alive {0}")
	@CsvSource({ "0s, 0", "1ns, 1", "250ms, 250000000", "1500ms, 1500000000", "60s, 60000000000" })
	void executorKeepAliveIsAppliedToThePoolExactly(String keepAlive, long expectedNanos) {
		this.runner.withPropertyValues("race.executor.keep-alive=" + keepAlive)
			.run((context) -> assertThat(executorPool(context).getKeepAliveTime(TimeUnit.NANOSECONDS))
				.isEqualTo(expectedNanos));
	}

	@Test
	void zeroKeepAliveEndsAnIdleExecutorThreadAsSoonAsItHasNoTask() {
		this.runner.withPropertyValues("race.executor.keep-alive=0s").run((context) -> {
			assertThat(context.getBean(RaceTemplate.class).submitHedge(() -> "done").get(10, TimeUnit.SECONDS))
				.isEqualTo("done");
			ThreadPoolExecutor pool = executorPool(context);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pool.getPoolSize()).isZero());
		});
	}

	@Test
	void positiveKeepAliveKeepsAnIdleExecutorThreadForTheNextAttempt() {
		this.runner.withPropertyValues("race.executor.keep-alive=60s").run((context) -> {
			assertThat(context.getBean(RaceTemplate.class).submitHedge(() -> "done").get(10, TimeUnit.SECONDS))
				.isEqualTo("done");
			assertThat(executorPool(context).getPoolSize()).isOne();
		});
	}

	private static ThreadPoolExecutor executorPool(org.springframework.context.ApplicationContext context) {
		return context.getBean(RaceAutoConfiguration.EXECUTOR_BEAN_NAME, ThreadPoolTaskExecutor.class)
			.getThreadPoolExecutor();
	}

	@Test
	void hugeStepIsAcceptedAndOnlyTheFirstAttemptRuns() {
		this.runner.withPropertyValues("race.step=3000000000s").run((context) -> {
			RaceTemplate template = context.getBean(RaceTemplate.class);
			assertThat(template.settings().step()).isEqualTo(Duration.ofSeconds(3_000_000_000L));
			assertThat(template.submitHedge(() -> "first").get(10, TimeUnit.SECONDS)).isEqualTo("first");
		});
	}

	@Test
	void largestAcceptedDurationsStartRunRacesAndClose(CapturedOutput output) {
		RaceScheduler[] scheduler = new RaceScheduler[1];
		this.runner
			.withPropertyValues("race.step=106751d", "race.deadline=106751d", "race.executor.keep-alive=106751d",
					"race.shutdown.await-termination=106751d")
			.run((context) -> {
				assertThat(context.getBean(RaceTemplate.class).submitHedge(() -> "ok").get(10, TimeUnit.SECONDS))
					.isEqualTo("ok");
				assertThat(executorPool(context).getKeepAliveTime(TimeUnit.DAYS)).isEqualTo(106751);
				scheduler[0] = context.getBean(RaceAutoConfiguration.SCHEDULER_BEAN_NAME, RaceScheduler.class);
			});
		assertThat(scheduler[0].isTerminated()).isTrue();
		assertThat(output).doesNotContain("destroy method failed");
	}

	@Test
	void instanceOverridesWhatItSetsAndInheritsTheRest() {
		this.runner
			.withPropertyValues("race.step=200ms", "race.max-attempts=4", "race.deadline=5s",
					"race.instances.dns.step=50ms", "race.instances.dns.cancel-losers=false")
			.run((context) -> {
				RaceSettings dns = context.getBean(RaceTemplates.class).get("dns").settings();
				assertThat(dns.name()).isEqualTo("dns");
				assertThat(dns.step()).isEqualTo(Duration.ofMillis(50));
				assertThat(dns.cancelLosers()).isFalse();
				assertThat(dns.maxAttempts()).isEqualTo(4);
				assertThat(dns.deadline()).contains(Duration.ofSeconds(5));
				assertThat(dns.failureAdvances()).isTrue();
				assertThat(dns.fallback()).isFalse();
			});
	}

	@Test
	void instanceBindsEveryOverride() {
		this.runner
			.withPropertyValues("race.instances.mirrors.step=1s", "race.instances.mirrors.max-attempts=6",
					"race.instances.mirrors.deadline=10s", "race.instances.mirrors.failure-advances=false",
					"race.instances.mirrors.fallback=true", "race.instances.mirrors.cancel-losers=false")
			.run((context) -> {
				RaceSettings mirrors = context.getBean(RaceTemplates.class).get("mirrors").settings();
				assertThat(mirrors.step()).isEqualTo(Duration.ofSeconds(1));
				assertThat(mirrors.maxAttempts()).isEqualTo(6);
				assertThat(mirrors.deadline()).contains(Duration.ofSeconds(10));
				assertThat(mirrors.failureAdvances()).isFalse();
				assertThat(mirrors.fallback()).isTrue();
				assertThat(mirrors.cancelLosers()).isFalse();
				RaceSettings defaults = context.getBean(RaceTemplate.class).settings();
				assertThat(defaults.step()).isEqualTo(RaceSettings.DEFAULT_STEP);
			});
	}

	@Test
	void registryListsTheDefaultThenInstancesInDeclarationOrder() {
		this.runner.withPropertyValues("race.instances.zeta.step=1s", "race.instances.alpha.step=2s").run((context) -> {
			RaceTemplates templates = context.getBean(RaceTemplates.class);
			assertThat(templates.names()).containsExactly("default", "zeta", "alpha");
			assertThat(templates.asMap()).containsOnlyKeys("default", "zeta", "alpha");
		});
	}

	@Test
	void registryRejectsUnknownNameListingKnownOnes() {
		this.runner.withPropertyValues("race.instances.dns.step=50ms").run((context) -> {
			RaceTemplates templates = context.getBean(RaceTemplates.class);
			assertThatExceptionOfType(NoSuchRaceTemplateException.class).isThrownBy(() -> templates.get("dnz"))
				.withMessageContaining("'dnz'")
				.withMessageContaining("default, dns")
				.satisfies((ex) -> assertThat(ex.getKnownNames()).containsExactly("default", "dns"));
		});
	}

	@Test
	void customizersApplyToEveryTemplateWithItsName() {
		this.runner.withPropertyValues("race.instances.dns.step=50ms")
			.withBean("maxAttempts", RaceTemplateCustomizer.class,
					() -> (name, settings) -> settings.maxAttempts(name.equals("dns") ? 7 : 2))
			.run((context) -> {
				RaceTemplates templates = context.getBean(RaceTemplates.class);
				assertThat(templates.get("dns").settings().maxAttempts()).isEqualTo(7);
				assertThat(templates.getDefault().settings().maxAttempts()).isEqualTo(2);
			});
	}

	@Test
	void listenerBeansAreAddedToEveryTemplate() {
		RaceListener listener = new RaceListener() {
		};
		this.runner.withPropertyValues("race.instances.dns.step=50ms")
			.withBean("myListener", RaceListener.class, () -> listener)
			.run((context) -> context.getBean(RaceTemplates.class)
				.asMap()
				.values()
				.forEach((template) -> assertThat(template.settings().listeners()).contains(listener)));
	}

	@Test
	void templatesUseTheAutoConfiguredSchedulerAndExecutor() {
		this.runner.run((context) -> {
			RaceSettings settings = context.getBean(RaceTemplate.class).settings();
			assertThat(settings.scheduler()).isSameAs(context.getBean(RaceAutoConfiguration.SCHEDULER_BEAN_NAME));
			assertThat(settings.executor()).isSameAs(context.getBean(RaceAutoConfiguration.EXECUTOR_BEAN_NAME));
		});
	}

	@Test
	void userRaceTemplateTakesPrecedence() {
		RaceTemplate mine = new RaceTemplate(RaceSettings.builder().name("mine").build());
		this.runner.withBean(RaceTemplate.class, () -> mine).run((context) -> {
			assertThat(context).getBean(RaceTemplate.class).isSameAs(mine);
			assertThat(context).hasSingleBean(RaceTemplates.class);
		});
	}

	@Test
	void userSchedulerTakesPrecedence() {
		this.runner.withUserConfiguration(UserSchedulerConfiguration.class).run((context) -> {
			ScheduledExecutorService scheduler = context.getBean("raceScheduler", ScheduledExecutorService.class);
			assertThat(scheduler).isNotInstanceOf(RaceScheduler.class);
			assertThat(context.getBean(RaceTemplate.class).settings().scheduler()).isSameAs(scheduler);
		});
	}

	@Test
	void userExecutorTakesPrecedence() {
		this.runner.withUserConfiguration(UserExecutorConfiguration.class).run((context) -> {
			Executor executor = context.getBean("raceExecutor", Executor.class);
			assertThat(context.getBean(RaceTemplate.class).settings().executor()).isSameAs(executor);
		});
	}

	@Test
	void unrelatedUserExecutorDoesNotReplaceOurs() {
		this.runner.withUserConfiguration(UnrelatedExecutorConfiguration.class).run((context) -> {
			assertThat(context.getBean("raceExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
			assertThat(context.getBean(RaceTemplate.class).settings().executor())
				.isSameAs(context.getBean("raceExecutor"));
		});
	}

	@Test
	void ourExecutorDoesNotSwitchOffBootsApplicationTaskExecutor() {
		this.runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(ExecutorByTypeConfiguration.class)
			.run((context) -> {
				assertThat(context).hasBean("applicationTaskExecutor").hasBean("raceExecutor");
				// Injection by type is not ambiguous: our beans are not default
				// candidates.
				assertThat(context.getBean("injectedExecutor", ExecutorHolder.class).executor())
					.isSameAs(context.getBean("applicationTaskExecutor"));
			});
	}

	@Test
	void executorIsBuiltFromBootsBuilderSoThatItsCustomizersApply() {
		this.runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withBean(org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer.class, () -> (executor) -> {
				executor.setThreadPriority(Thread.MIN_PRIORITY);
				// Written for the application's executor: must not reach ours.
				executor.setQueueCapacity(500);
				executor.setCorePoolSize(4);
			})
			.withPropertyValues("spring.task.execution.pool.queue-capacity=100",
					"spring.task.execution.pool.core-size=8", "race.executor.keep-alive=0s")
			.run((context) -> {
				org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor executor = context
					.getBean("raceExecutor", org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor.class);
				assertThat(executor.getThreadPriority()).as("Boot's customizer bean").isEqualTo(Thread.MIN_PRIORITY);
				assertThat(executor.getQueueCapacity()).as("race's own sizing wins").isZero();
				assertThat(executor.getCorePoolSize()).isZero();
				assertThat(executor.getKeepAliveSeconds()).isZero();
			});
	}

	@Test
	void blockingAttemptsRunOnExecutorThreadsWithTheConfiguredPrefix() {
		this.runner.withPropertyValues("race.executor.thread-name-prefix=blocking-").run((context) -> {
			String thread = context.getBean(RaceTemplate.class)
				.submitHedge(() -> Thread.currentThread().getName())
				.get(10, TimeUnit.SECONDS);
			assertThat(thread).startsWith("blocking-");
		});
	}

	@Test
	void schedulerThreadsAreDaemonsWithTheConfiguredPrefix() {
		this.runner.withPropertyValues("race.scheduler.thread-name-prefix=timer-").run((context) -> {
			ScheduledExecutorService scheduler = context.getBean("raceScheduler", ScheduledExecutorService.class);
			Thread thread = scheduler.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
			assertThat(thread.getName()).startsWith("timer-");
			assertThat(thread.isDaemon()).isTrue();
			assertThat(((RaceScheduler) scheduler).getRemoveOnCancelPolicy()).isTrue();
		});
	}

	@Test
	void platformThreadsAreUsedWhenVirtualThreadsAreNotEnabled() {
		this.runner
			.run((context) -> assertThat(context.getBean("raceExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsAreUsedWhenEnabled() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Method isVirtual = Thread.class.getMethod("isVirtual");
			Thread thread = context.getBean(RaceTemplate.class)
				.submitHedge(Thread::currentThread)
				.get(10, TimeUnit.SECONDS);
			assertThat(isVirtual.invoke(thread)).isEqualTo(true);
			assertThat(thread.getName()).startsWith("race-executor-");
		});
	}

	@Test
	void closingTheContextCancelsRacesInFlightAndEndsEveryThread() throws Exception {
		List<CompletableFuture<Object>> futures = new ArrayList<>();
		CountDownLatch running = new CountDownLatch(4);
		this.runner.withPropertyValues("race.step=20ms", "race.max-attempts=2", "race.shutdown.await-termination=10s")
			.run((context) -> {
				RaceTemplate template = context.getBean(RaceTemplate.class);
				for (int i = 0; i < 2; i++) {
					futures.add(template.submitHedge(() -> {
						running.countDown();
						Thread.sleep(60_000);
						return "too late";
					}));
				}
				// Both races have launched their hedge: work is in flight on the executor
				// and timers have been used.
				assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
			});
		long closedAt = System.nanoTime();
		for (CompletableFuture<Object> future : futures) {
			assertThat(future).isCompletedExceptionally();
			assertThatExceptionOfType(CancellationException.class).isThrownBy(future::join);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(5));
		// The pools have terminated; their last workers may still be ending.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(liveThreadsNamed("race-executor-", "race-scheduler-")).isEmpty());
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void closingTheContextCancelsRacesInFlightOnVirtualThreads() throws Exception {
		List<CompletableFuture<Object>> futures = new ArrayList<>();
		CountDownLatch running = new CountDownLatch(2);
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true", "race.step=20ms", "race.max-attempts=2")
			.run((context) -> {
				futures.add(context.getBean(RaceTemplate.class).submitHedge(() -> {
					running.countDown();
					Thread.sleep(60_000);
					return "too late";
				}));
				assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
			});
		long closedAt = System.nanoTime();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(futures.get(0)::join);
		assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(liveThreadsNamed("race-scheduler-")).isEmpty());
	}

	@Test
	void closingAChildContextLeavesTheParentsRacesRunning() {
		this.runner.withPropertyValues("race.step=10s").run((context) -> {
			CompletableFuture<Object> race = context.getBean(RaceTemplate.class).submitHedge(() -> {
				Thread.sleep(60_000);
				return "late";
			});
			try (AnnotationConfigApplicationContext child = new AnnotationConfigApplicationContext()) {
				child.setParent(context);
				child.refresh();
			}
			assertThat(race).isNotDone();
			race.cancel(true);
		});
	}

	@Test
	void racesRunAgainAfterTheContextIsRestarted() {
		this.runner.run((context) -> {
			context.stop();
			context.start();
			assertThat(context.getBean(RaceTemplate.class).submitHedge(() -> "ok").get(30, TimeUnit.SECONDS))
				.isEqualTo("ok");
		});
	}

	@Test
	void raceStartedAfterTheContextStoppedIsCancelled() {
		this.runner.run((context) -> {
			RaceTemplate template = context.getBean(RaceTemplate.class);
			context.stop();
			List<String> calls = new CopyOnWriteArrayList<>();
			CompletableFuture<String> future = template.submitHedge(() -> {
				calls.add("called");
				return "x";
			});
			assertThatExceptionOfType(CancellationException.class).isThrownBy(future::join);
			assertThat(calls).isEmpty();
		});
	}

	@Test
	void raceStartedDuringStartUpRuns() {
		this.runner.withUserConfiguration(StartUpRaceConfiguration.class)
			.run((context) -> assertThat(context.getBean("warmUp")).isEqualTo("warm"));
	}

	private static List<String> liveThreadsNamed(String... prefixes) {
		List<String> names = new ArrayList<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			for (String prefix : prefixes) {
				if (thread.isAlive() && thread.getName().startsWith(prefix)) {
					names.add(thread.getName());
				}
			}
		}
		return names;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSchedulerConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledExecutorService raceScheduler() {
			return Executors.newSingleThreadScheduledExecutor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserExecutorConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService raceExecutor() {
			return Executors.newCachedThreadPool();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnrelatedExecutorConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService myExecutor() {
			return Executors.newSingleThreadExecutor();
		}

	}

	record ExecutorHolder(Executor executor) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ExecutorByTypeConfiguration {

		@Bean
		ExecutorHolder injectedExecutor(Executor executor) {
			return new ExecutorHolder(executor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StartUpRaceConfiguration {

		@Bean
		String warmUp(RaceTemplate raceTemplate) {
			return raceTemplate.invokeHedge(() -> "warm");
		}

	}

}
