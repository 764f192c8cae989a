package site.js0.race.spring;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportAware;
import org.springframework.context.annotation.Role;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link HedgedAnnotationBeanPostProcessor} as an infrastructure bean,
 * configured from {@link EnableHedgedMethods}.
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
class HedgedMethodsConfiguration implements ImportAware {

	private @Nullable Map<String, @Nullable Object> enableHedgedMethods;

	@Override
	public void setImportMetadata(AnnotationMetadata importMetadata) {
		this.enableHedgedMethods = importMetadata.getAnnotationAttributes(EnableHedgedMethods.class.getName());
	}

	@Bean(name = HedgedAnnotationBeanPostProcessor.BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	HedgedAnnotationBeanPostProcessor hedgedAnnotationBeanPostProcessor() {
		HedgedAnnotationBeanPostProcessor processor = new HedgedAnnotationBeanPostProcessor();
		Map<String, @Nullable Object> attributes = this.enableHedgedMethods;
		if (attributes != null) {
			if (Boolean.TRUE.equals(attributes.get("proxyTargetClass"))) {
				processor.setProxyTargetClass(true);
			}
			if (attributes.get("order") instanceof Integer order) {
				processor.setOrder(order);
			}
		}
		return processor;
	}

}
