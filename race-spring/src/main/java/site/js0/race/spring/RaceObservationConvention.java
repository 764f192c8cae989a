package site.js0.race.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of the observations of {@link Hedged @Hedged} calls:
 * define a bean of this type to change their name or key values.
 *
 * @see DefaultRaceObservationConvention
 * @see RaceObservationDocumentation
 */
public interface RaceObservationConvention extends ObservationConvention<RaceObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RaceObservationContext;
	}

}
