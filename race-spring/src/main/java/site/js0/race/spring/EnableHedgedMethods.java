package site.js0.race.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Switch on {@link Hedged @Hedged} methods in a Spring application without Spring Boot
 * (the starter switches them on by itself; with the starter, this annotation replaces the
 * auto-configured post-processor, so that its attributes apply). Put it on a
 * {@code @Configuration} class.
 *
 * <p>
 * Advice order: the post-processor that adds the hedging advice is registered after the
 * other configuration classes (a deferred import, as an auto-configuration is), and puts
 * its advice in front of the advice a bean already has. With the default
 * {@link #order()}, hedging is therefore outside Spring's {@code @Retryable},
 * {@code @ConcurrencyLimit} and {@code @Transactional}: each attempt is its own retried,
 * concurrency-limited, transactional call. A lower order runs the post-processor earlier,
 * which lets Spring's resilience post-processors put their advice outside this one.
 *
 * @see Hedged
 * @see HedgedAnnotationBeanPostProcessor
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(HedgedMethodsImportSelector.class)
public @interface EnableHedgedMethods {

	/**
	 * Whether to proxy the target class (CGLIB) instead of its interfaces (JDK proxies).
	 * @return {@code true} to proxy the target class
	 */
	boolean proxyTargetClass() default false;

	/**
	 * The order of the post-processor that applies the hedging advice: among
	 * post-processors that add advice in front, the last to run is the outermost.
	 * @return the order
	 */
	int order() default Ordered.LOWEST_PRECEDENCE;

}
