package site.js0.race.spring;

import org.springframework.context.annotation.DeferredImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Imports {@link HedgedMethodsRegistrar} after the other configuration classes, so that
 * the post-processor is registered, and with an equal order runs, after Spring's
 * resilience post-processors: hedging advice ends up outermost.
 */
final class HedgedMethodsImportSelector implements DeferredImportSelector {

	@Override
	public String[] selectImports(AnnotationMetadata importingClassMetadata) {
		return new String[] { HedgedMethodsRegistrar.class.getName() };
	}

}
