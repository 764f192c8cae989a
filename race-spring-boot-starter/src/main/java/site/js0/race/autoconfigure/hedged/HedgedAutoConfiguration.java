package site.js0.race.autoconfigure.hedged;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.spring.HedgedAnnotationBeanPostProcessor;
import site.js0.race.spring.RaceTemplateResolver;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of {@link site.js0.race.spring.Hedged @Hedged} methods: the
 * post-processor that proxies them (unless {@code race.hedged.enabled=false}, or the
 * application registered it with {@code @EnableHedgedMethods}), and a
 * {@link RaceTemplateResolver} over {@link RaceTemplates}, so that {@code @Hedged("dns")}
 * races on {@code race.instances.dns}.
 *
 * <p>
 * Like Spring Boot's other proxies, the post-processor proxies classes rather than
 * interfaces unless {@code spring.aop.proxy-target-class=false}. Its order runs it after
 * the post-processors of {@code @EnableResilientMethods}, so {@code @Retryable} and
 * {@code @ConcurrencyLimit} run inside hedging: each attempt is retried and limited on
 * its own.
 */
@AutoConfiguration(after = RaceAutoConfiguration.class)
@ConditionalOnClass({ RaceTemplate.class, HedgedAnnotationBeanPostProcessor.class })
@ConditionalOnBooleanProperty(name = "race.hedged.enabled", matchIfMissing = true)
public final class HedgedAutoConfiguration {

	// Static: a post-processor is created before the other beans, and must not make
	// this class be created early.
	@Bean(name = HedgedAnnotationBeanPostProcessor.BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = HedgedAnnotationBeanPostProcessor.BEAN_NAME)
	static HedgedAnnotationBeanPostProcessor hedgedAnnotationBeanPostProcessor(Environment environment) {
		HedgedAnnotationBeanPostProcessor processor = new HedgedAnnotationBeanPostProcessor();
		processor.setProxyTargetClass(environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true));
		return processor;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RaceTemplates.class)
	RaceTemplateResolver raceTemplateResolver(RaceTemplates templates, ObjectProvider<RaceTemplate> defaultTemplate) {
		return (name) -> name.isEmpty() ? defaultTemplate.getIfUnique(templates::getDefault) : templates.get(name);
	}

}
