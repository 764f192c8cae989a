package site.js0.race.spring;

import java.util.concurrent.Callable;

import site.js0.race.AttemptDecorator;

/**
 * Two decorators, the first outside the second.
 */
final class CompositeAttemptDecorator implements AttemptDecorator {

	private final AttemptDecorator outer;

	private final AttemptDecorator inner;

	CompositeAttemptDecorator(AttemptDecorator outer, AttemptDecorator inner) {
		this.outer = outer;
		this.inner = inner;
	}

	@Override
	public Captured capture() {
		Captured outer = this.outer.capture();
		Captured inner = this.inner.capture();
		return new Captured() {

			@Override
			public <T> T call(Callable<T> work) throws Exception {
				return outer.call(() -> inner.call(work));
			}

		};
	}

}
