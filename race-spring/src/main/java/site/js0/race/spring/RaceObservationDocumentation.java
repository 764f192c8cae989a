package site.js0.race.spring;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations that race makes: one per {@link Hedged @Hedged} call, from the call
 * until the race is decided, with an event for every attempt that starts and every
 * attempt that ends. The attempts run with this observation as the current one, so spans
 * and logs of each attempt belong to the call's trace.
 */
public enum RaceObservationDocumentation implements ObservationDocumentation {

	/**
	 * A {@code @Hedged} call: its race, from the call until a success, the last failure,
	 * an abort, the deadline or the caller's cancellation.
	 */
	HEDGED_CALL {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultRaceObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

		@Override
		public Observation.Event[] getEvents() {
			return Events.values();
		}

	};

	/**
	 * Low cardinality key names.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The name of the race's template: {@code default} or the {@code race.instances}
		 * name.
		 */
		RACE_NAME {
			@Override
			public String asString() {
				return "race.name";
			}
		},

		/**
		 * How the race ended: {@code success}, {@code failure}, {@code aborted},
		 * {@code timeout} or {@code cancelled}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "race.outcome";
			}
		},

		/**
		 * The simple name of the exception the caller got, or {@code none}.
		 */
		EXCEPTION {
			@Override
			public String asString() {
				return "exception";
			}
		},

		/**
		 * The class of the bean whose method was called.
		 */
		CODE_NAMESPACE {
			@Override
			public String asString() {
				return "code.namespace";
			}
		},

		/**
		 * The name of the method.
		 */
		CODE_FUNCTION {
			@Override
			public String asString() {
				return "code.function";
			}
		}

	}

	/**
	 * High cardinality key names.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * How many attempts the race started: 1 when it was not hedged.
		 */
		ATTEMPTS {
			@Override
			public String asString() {
				return "race.attempts";
			}
		}

	}

	/**
	 * Events of the observation, one per attempt start and end. Their contextual names
	 * give the attempt's index and, for an end, how it ended.
	 */
	public enum Events implements Observation.Event {

		/**
		 * An attempt started: the call itself (index 0) or a hedge.
		 */
		ATTEMPT_STARTED {
			@Override
			public String getName() {
				return "race.attempt.started";
			}

			@Override
			public String getContextualName() {
				return "attempt %d started";
			}
		},

		/**
		 * An attempt ended: {@code succeeded}, {@code failed} (with the exception's name)
		 * or {@code cancelled} (it lost, or the race ended).
		 */
		ATTEMPT_ENDED {
			@Override
			public String getName() {
				return "race.attempt.ended";
			}

			@Override
			public String getContextualName() {
				return "attempt %d %s";
			}
		}

	}

}
