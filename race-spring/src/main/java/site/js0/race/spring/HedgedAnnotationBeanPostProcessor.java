package site.js0.race.spring;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.util.StringValueResolver;

/**
 * Applies hedging to every bean method annotated with {@link Hedged @Hedged}, or declared
 * by a class annotated with it, through a proxy; registered by
 * {@link EnableHedgedMethods @EnableHedgedMethods} or by the Spring Boot starter.
 *
 * <p>
 * Its advice goes in front of the advice a bean already has, so among the post-processors
 * that do the same, the one that runs last is the outermost: with its default order
 * ({@code LOWEST_PRECEDENCE}) it runs after Spring's {@code @Retryable} and
 * {@code @ConcurrencyLimit} post-processors ({@code LOWEST_PRECEDENCE - 1}), so hedging
 * goes outside them; a bean proxied by an auto-proxy creator ({@code @Transactional})
 * already has its advice, so hedging goes outside it too. Placeholders in the
 * annotation's {@code ...String} attributes are resolved with the bean factory's embedded
 * value resolver.
 */
@SuppressWarnings("serial")
public class HedgedAnnotationBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
		implements EmbeddedValueResolverAware {

	/** The name under which the post-processor is registered. */
	public static final String BEAN_NAME = "site.js0.race.spring.internalHedgedAnnotationProcessor";

	private transient @Nullable StringValueResolver embeddedValueResolver;

	/**
	 * Create a post-processor whose advice goes in front of existing advice.
	 */
	public HedgedAnnotationBeanPostProcessor() {
		setBeforeExistingAdvisors(true);
		Pointcut onClass = new AnnotationMatchingPointcut(Hedged.class, true);
		Pointcut onMethod = new AnnotationMatchingPointcut(null, Hedged.class, true);
		this.advisor = new DefaultPointcutAdvisor(new ComposablePointcut(onClass).union(onMethod),
				new HedgedInterceptor(() -> this.beanFactory, () -> this.embeddedValueResolver));
	}

	@Override
	public void setEmbeddedValueResolver(StringValueResolver resolver) {
		this.embeddedValueResolver = resolver;
	}

}
