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
 * Advice order: the post-processor puts its advice in front of the advice a bean already
 * has, so among post-processors that do the same, the last to run is the outermost. Its
 * default {@link #order()}, {@code LOWEST_PRECEDENCE}, runs it after Spring's
 * {@code @Retryable} and {@code @ConcurrencyLimit} post-processors (whose default is
 * {@code LOWEST_PRECEDENCE - 1}) and after the auto-proxy creator of
 * {@code @Transactional}: hedging is outside them, and each attempt is its own retried,
 * concurrency-limited, transactional call. A higher precedence (a lower order) runs it
 * earlier, which puts Spring's resilience advice outside hedging instead. Against
 * {@code @Async}, whose post-processor has the same order, the one registered last is
 * outermost.
 *
 * @see Hedged
 * @see HedgedAnnotationBeanPostProcessor
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(HedgedMethodsRegistrar.class)
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
