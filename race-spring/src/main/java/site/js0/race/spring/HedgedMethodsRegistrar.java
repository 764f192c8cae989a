package site.js0.race.spring;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link HedgedAnnotationBeanPostProcessor} as an infrastructure bean,
 * configured from {@link EnableHedgedMethods}. A definition already registered under its
 * name (the Spring Boot starter's default one) is replaced, so that the application's
 * attributes apply.
 */
final class HedgedMethodsRegistrar implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		RootBeanDefinition definition = new RootBeanDefinition(HedgedAnnotationBeanPostProcessor.class);
		definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		Map<String, @Nullable Object> attributes = importingClassMetadata
			.getAnnotationAttributes(EnableHedgedMethods.class.getName());
		if (attributes != null) {
			if (Boolean.TRUE.equals(attributes.get("proxyTargetClass"))) {
				definition.getPropertyValues().add("proxyTargetClass", true);
			}
			if (attributes.get("order") instanceof Integer order) {
				definition.getPropertyValues().add("order", order);
			}
		}
		if (registry.containsBeanDefinition(HedgedAnnotationBeanPostProcessor.BEAN_NAME)) {
			registry.removeBeanDefinition(HedgedAnnotationBeanPostProcessor.BEAN_NAME);
		}
		registry.registerBeanDefinition(HedgedAnnotationBeanPostProcessor.BEAN_NAME, definition);
	}

}
