package site.js0.race.spring;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import site.js0.race.spring.RaceObservationDocumentation.HighCardinalityKeyNames;
import site.js0.race.spring.RaceObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default {@link RaceObservationConvention}: observations named {@value #NAME},
 * contextual name {@code race <name>}, with the key values that
 * {@link RaceObservationDocumentation#HEDGED_CALL} lists. Thread-safe.
 */
public class DefaultRaceObservationConvention implements RaceObservationConvention {

	/** The name of the observations. */
	public static final String NAME = "race";

	private static final KeyValue EXCEPTION_NONE = KeyValue.of(LowCardinalityKeyNames.EXCEPTION, "none");

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(RaceObservationContext context) {
		return "race " + context.getRaceName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RaceObservationContext context) {
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.RACE_NAME, context.getRaceName()),
				KeyValue.of(LowCardinalityKeyNames.OUTCOME, context.getOutcome()), exception(context),
				KeyValue.of(LowCardinalityKeyNames.CODE_NAMESPACE, context.getTargetClass().getName()),
				KeyValue.of(LowCardinalityKeyNames.CODE_FUNCTION, context.getMethod().getName()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(RaceObservationContext context) {
		return KeyValues
			.of(KeyValue.of(HighCardinalityKeyNames.ATTEMPTS, Integer.toString(context.getAttemptsStarted())));
	}

	private static KeyValue exception(RaceObservationContext context) {
		@Nullable Throwable error = context.getError();
		if (error == null) {
			return EXCEPTION_NONE;
		}
		String simpleName = error.getClass().getSimpleName();
		return KeyValue.of(LowCardinalityKeyNames.EXCEPTION,
				simpleName.isEmpty() ? error.getClass().getName() : simpleName);
	}

}
