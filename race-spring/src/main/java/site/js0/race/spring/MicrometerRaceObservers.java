package site.js0.race.spring;

import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

import site.js0.race.AttemptContext;
import site.js0.race.RaceAbortedException;
import site.js0.race.RaceTimeoutException;
import site.js0.race.spring.RaceObservationDocumentation.Events;

/**
 * Starts an observation per {@code @Hedged} call on the application's
 * {@link ObservationRegistry}, with the {@link RaceObservationConvention} bean if there
 * is one. Loaded only when Micrometer's observation API is present.
 */
final class MicrometerRaceObservers {

	private static final DefaultRaceObservationConvention DEFAULT_CONVENTION = new DefaultRaceObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable RaceObservationConvention convention;

	private MicrometerRaceObservers(ObservationRegistry registry, @Nullable RaceObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	/**
	 * Return the observers of the given bean factory's registry, or {@code null} when it
	 * has no (unique) {@link ObservationRegistry} bean.
	 * @param beanFactory the bean factory
	 * @return the observers, or {@code null}
	 */
	static @Nullable MicrometerRaceObservers of(BeanFactory beanFactory) {
		ObservationRegistry registry = beanFactory.getBeanProvider(ObservationRegistry.class).getIfUnique();
		if (registry == null || registry.isNoop()) {
			return null;
		}
		return new MicrometerRaceObservers(registry,
				beanFactory.getBeanProvider(RaceObservationConvention.class).getIfUnique());
	}

	RaceObserver start(String raceName, Method method, Class<?> targetClass) {
		RaceObservationContext context = new RaceObservationContext(raceName, method, targetClass);
		Observation observation = RaceObservationDocumentation.HEDGED_CALL
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		return new ObservationRaceObserver(observation, context);
	}

	private static final class ObservationRaceObserver implements RaceObserver {

		private final Observation observation;

		private final RaceObservationContext context;

		/** Whether the observation has stopped: a loser that ends later adds no event. */
		private boolean stopped;

		ObservationRaceObserver(Observation observation, RaceObservationContext context) {
			this.observation = observation;
			this.context = context;
		}

		@Override
		public <T> T inScope(Supplier<T> action) {
			try (Observation.Scope scope = this.observation.openScope()) {
				return action.get();
			}
		}

		@Override
		public synchronized void attemptStarted(AttemptContext attempt) {
			if (!this.stopped) {
				this.context.attemptStarted();
				this.observation.event(Events.ATTEMPT_STARTED.format(attempt.index()));
			}
		}

		@Override
		public synchronized void attemptEnded(AttemptContext attempt, @Nullable Throwable failure) {
			if (this.stopped) {
				return;
			}
			String how;
			if (failure == null) {
				how = "succeeded";
			}
			else if (attempt.isCancelled() || failure instanceof CancellationException
					|| failure instanceof InterruptedException) {
				how = "cancelled";
			}
			else {
				how = "failed: " + failure.getClass().getName();
			}
			this.observation.event(Events.ATTEMPT_ENDED.format(attempt.index(), how));
		}

		@Override
		public synchronized void stop(@Nullable Throwable raceFailure, @Nullable Throwable thrown) {
			if (this.stopped) {
				return;
			}
			this.stopped = true;
			this.context.setOutcome(outcome(raceFailure));
			if (thrown != null) {
				this.observation.error(thrown);
			}
			this.observation.stop();
		}

		private static String outcome(@Nullable Throwable raceFailure) {
			if (raceFailure == null) {
				return RaceObservationContext.SUCCESS;
			}
			if (raceFailure instanceof RaceTimeoutException) {
				return RaceObservationContext.TIMEOUT;
			}
			if (raceFailure instanceof RaceAbortedException) {
				return RaceObservationContext.ABORTED;
			}
			if (raceFailure instanceof CancellationException || raceFailure instanceof InterruptedException) {
				return RaceObservationContext.CANCELLED;
			}
			return RaceObservationContext.FAILURE;
		}

	}

}
