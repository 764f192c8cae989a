package site.js0.race.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.ConcurrencyThrottleSupport;
import org.springframework.core.env.Environment;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;

import site.js0.race.AttemptDecorator;
import site.js0.race.RaceListener;
import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceSettingsResolver.EffectiveSettings;
import site.js0.race.spring.ContextPropagatingAttemptDecorator;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for race: {@link RaceTemplates} built from {@link RaceProperties},
 * the default {@link RaceTemplate}, and the scheduler and executor they run on, which
 * stop with the context.
 *
 * <p>
 * The scheduler and executor are beans named {@value #SCHEDULER_BEAN_NAME} and
 * {@value #EXECUTOR_BEAN_NAME}; define a bean with that name to replace one. They are not
 * default candidates, so they neither switch off Spring Boot's own
 * {@code applicationTaskExecutor} or {@code taskScheduler} nor get picked by
 * {@code @Async} or {@code @Scheduled}. Every {@link RaceListener} bean is added to every
 * template, and every template runs its attempts, hedges started by the timer included,
 * in the context of the thread that started the race (a
 * {@link ContextPropagatingAttemptDecorator} with the application's {@code TaskDecorator}
 * bean, if any).
 *
 * <p>
 * {@link RaceProperties} are checked as they are bound, so a bad value stops start-up
 * with a failure analysis listing every bad value, whichever of these beans the
 * application uses.
 */
@AutoConfiguration(after = { TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class })
@ConditionalOnClass(RaceTemplate.class)
@EnableConfigurationProperties(RaceProperties.class)
public final class RaceAutoConfiguration {

	private static final Log logger = LogFactory.getLog(RaceAutoConfiguration.class);

	/** The name of the scheduler bean that times launches and deadlines. */
	public static final String SCHEDULER_BEAN_NAME = "raceScheduler";

	/** The name of the executor bean that runs blocking tasks and launches hedges. */
	public static final String EXECUTOR_BEAN_NAME = "raceExecutor";

	// Static, so that it can be picked up for the first binding without creating this
	// class early.
	@Bean
	static ConfigurationPropertiesBindHandlerAdvisor racePropertiesBindHandlerAdvisor() {
		return RacePropertiesBindHandler::new;
	}

	@Bean(name = SCHEDULER_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = SCHEDULER_BEAN_NAME)
	ScheduledExecutorService raceScheduler(RaceProperties properties) {
		RaceProperties.Scheduler scheduler = properties.getScheduler();
		return new RaceScheduler(scheduler.getPoolSize(), scheduler.getThreadNamePrefix(),
				properties.getShutdown().getAwaitTermination());
	}

	@Bean(name = EXECUTOR_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
	AsyncTaskExecutor raceExecutor(RaceProperties properties, Environment environment,
			ObjectProvider<ThreadPoolTaskExecutorBuilder> poolBuilder,
			ObjectProvider<SimpleAsyncTaskExecutorBuilder> simpleBuilder, ObjectProvider<TaskDecorator> taskDecorator) {
		RaceProperties.Executor executor = properties.getExecutor();
		// Spring Boot's own builders, so that its conventions apply as to its executors:
		// the TaskDecorator bean, spring.task.execution.propagate-context, the executor
		// customizer beans. Without them (no task execution auto-configuration), plain
		// builders and the TaskDecorator bean. The TaskDecorator decorates on the thread
		// that hands a task over: the caller for a first attempt, a launch thread for a
		// hedge started by the timer (the templates' attempt decorator restores the
		// caller's context for those too).
		TaskDecorator decorator = taskDecorator.getIfUnique();
		if (Threading.VIRTUAL.isActive(environment)) {
			// A virtual thread per task, no limit (a hedge must not wait for a slot); on
			// close, interrupt what is left and wait for it.
			SimpleAsyncTaskExecutor virtual = simpleBuilder
				.getIfAvailable(() -> decorated(new SimpleAsyncTaskExecutorBuilder(), decorator))
				.virtualThreads(true)
				.threadNamePrefix(executor.getThreadNamePrefix())
				.cancelRemainingTasksOnClose(true)
				.taskTerminationTimeout(properties.getShutdown().getAwaitTermination())
				.build();
			// After the build, which applies the customizer beans last: one written for
			// the application's executor must not limit the hedges' threads.
			virtual.setConcurrencyLimit(ConcurrencyThrottleSupport.UNBOUNDED_CONCURRENCY);
			return virtual;
		}
		// Race's own sizing over Boot's: no queue, since a hedge exists to run while the
		// call it hedges is stuck, so it must get a thread at once rather than wait
		// behind it; no core threads either, so every thread ends after the keep-alive
		// (at once for zero), and no core time-out, which would forbid a zero
		// keep-alive.
		RaceThreadPoolTaskExecutor pool = poolBuilder
			.getIfAvailable(() -> decorated(new ThreadPoolTaskExecutorBuilder(), decorator))
			.corePoolSize(0)
			.maxPoolSize(executor.getMaxPoolSize())
			.queueCapacity(0)
			.allowCoreThreadTimeOut(false)
			.threadNamePrefix(executor.getThreadNamePrefix())
			.awaitTermination(false)
			.awaitTerminationPeriod(properties.getShutdown().getAwaitTermination())
			.additionalCustomizers((threads) -> threads.setDaemon(true))
			.build(RaceThreadPoolTaskExecutor.class);
		// Again after the build, which applies the customizer beans last: one written for
		// the application's executor (a queue, core threads) would make hedges wait
		// behind the calls they hedge.
		pool.setCorePoolSize(0);
		pool.setMaxPoolSize(executor.getMaxPoolSize());
		pool.setQueueCapacity(0);
		pool.setAllowCoreThreadTimeOut(false);
		// Not through the builder, which truncates it to whole seconds.
		pool.setKeepAlive(executor.getKeepAlive());
		return pool;
	}

	private static SimpleAsyncTaskExecutorBuilder decorated(SimpleAsyncTaskExecutorBuilder builder,
			@Nullable TaskDecorator decorator) {
		return (decorator != null) ? builder.taskDecorator(decorator) : builder;
	}

	private static ThreadPoolTaskExecutorBuilder decorated(ThreadPoolTaskExecutorBuilder builder,
			@Nullable TaskDecorator decorator) {
		return (decorator != null) ? builder.taskDecorator(decorator) : builder;
	}

	@Bean
	RaceLifecycle raceLifecycle() {
		return new RaceLifecycle();
	}

	@Bean
	RaceTemplates raceTemplates(RaceProperties properties,
			@Qualifier(SCHEDULER_BEAN_NAME) ScheduledExecutorService scheduler,
			@Qualifier(EXECUTOR_BEAN_NAME) Executor executor, ObjectProvider<RaceListener> listeners,
			ObjectProvider<RaceTemplateCustomizer> customizers, RaceLifecycle lifecycle,
			ObjectProvider<TaskDecorator> taskDecorator) {
		RaceSettingsResolver.neverHedging(properties).forEach(logger::warn);
		List<RaceListener> allListeners = listeners.orderedStream().toList();
		List<RaceTemplateCustomizer> allCustomizers = customizers.orderedStream().toList();
		// Every attempt, hedges started by the timer included, runs in the context of the
		// thread that started the race: MDC, observation (trace), the TaskDecorator's.
		AttemptDecorator callerContext = new ContextPropagatingAttemptDecorator(taskDecorator.getIfUnique());
		Map<String, RaceTemplate> templates = new LinkedHashMap<>();
		RaceSettingsResolver.resolve(properties)
			.forEach((name, settings) -> templates.put(name,
					build(settings, scheduler, executor, allListeners, allCustomizers, lifecycle)
						.withAttemptDecorator(callerContext)));
		return new RaceTemplates(templates);
	}

	private static RaceTemplate build(EffectiveSettings effective, ScheduledExecutorService scheduler,
			Executor executor, List<RaceListener> listeners, List<RaceTemplateCustomizer> customizers,
			RaceLifecycle lifecycle) {
		RaceSettings.Builder builder = effective.applyTo(RaceSettings.builder())
			.scheduler(scheduler)
			.executor(executor)
			.listeners(listeners);
		for (RaceTemplateCustomizer customizer : customizers) {
			customizer.customize(effective.name(), builder);
		}
		// Added after the customizers, so that none can drop it, and last, so that a race
		// cancelled because the context is stopping has been seen starting by every other
		// listener before it is seen finishing.
		builder.listener(lifecycle.listener());
		return new RaceTemplate(builder.build());
	}

	@Bean
	@ConditionalOnMissingBean
	RaceTemplate raceTemplate(RaceTemplates raceTemplates) {
		return raceTemplates.getDefault();
	}

}
