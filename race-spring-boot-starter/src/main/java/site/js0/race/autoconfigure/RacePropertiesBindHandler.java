package site.js0.race.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import site.js0.race.autoconfigure.InvalidRacePropertyException.Problem;

/**
 * Checks {@link RaceProperties} as they are bound, so that one failure lists every bad
 * {@code race.*} value: a value that cannot be converted is noted and binding goes on
 * (that property keeps its default), and once binding is done the values are checked by
 * {@link RaceSettingsResolver}. Any problem stops binding with an
 * {@link InvalidRacePropertyException} listing them all.
 *
 * <p>
 * Added to every {@code @ConfigurationProperties} binding by a
 * {@link org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor},
 * it only acts on the binding of {@link RaceProperties} and passes every other one
 * through.
 */
final class RacePropertiesBindHandler extends AbstractBindHandler {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("race");

	private final List<Problem> unconvertible = new ArrayList<>();

	private boolean bindingRaceProperties;

	RacePropertiesBindHandler(BindHandler parent) {
		super(parent);
	}

	@Override
	public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
		if (context.getDepth() == 0) {
			this.bindingRaceProperties = PREFIX.equals(name) && RaceProperties.class.equals(target.getType().resolve());
		}
		return super.onStart(name, target, context);
	}

	@Override
	public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			Exception error) throws Exception {
		if (this.bindingRaceProperties && PREFIX.isAncestorOf(name)) {
			this.unconvertible.add(RaceSettingsResolver.unconvertible(name, context.getConfigurationProperty(), error));
			// Bind the rest, so that the report lists every bad value; this one keeps its
			// default.
			return null;
		}
		return super.onFailure(name, target, context, error);
	}

	@Override
	public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			@Nullable Object result) throws Exception {
		super.onFinish(name, target, context, result);
		if (!this.bindingRaceProperties || context.getDepth() != 0) {
			return;
		}
		List<Problem> problems = new ArrayList<>(this.unconvertible);
		problems.addAll(RacePropertyNames.unknown(context.getSources()));
		Object bound = (result != null) ? result : (target.getValue() != null) ? target.getValue().get() : null;
		if (bound instanceof RaceProperties properties) {
			// A value that could not be converted holds its default: comparing it with
			// the others would report problems that are not there.
			problems.addAll(RaceSettingsResolver.problems(properties, this.unconvertible.isEmpty()));
		}
		if (!problems.isEmpty()) {
			throw new InvalidRacePropertyException(problems);
		}
	}

}
