package site.js0.race.spring;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import site.js0.race.RaceSettings;
import site.js0.race.RaceTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a context with {@link Hedged @Hedged} beans can be processed ahead of time,
 * as {@code spring-boot:process-aot} does for a native image: the post-processor's bean
 * definition is written as code, the proxy class is generated at build time, and the
 * annotated methods are registered for reflection.
 */
class HedgedAheadOfTimeTests {

	@Test
	void contextWithHedgedBeansIsProcessedAheadOfTime() {
		GenericApplicationContext context = new GenericApplicationContext();
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(AotConfiguration.class);
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(AotConfiguration.class)), files);
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		generation.writeGeneratedContent();
		assertThat(initializer).isNotNull();
		assertThat(files.getGeneratedFiles(Kind.SOURCE).values())
			.anyMatch((source) -> source.toString().contains(HedgedAnnotationBeanPostProcessor.BEAN_NAME));
		assertThat(files.getGeneratedFiles(Kind.CLASS).keySet())
			.anyMatch((name) -> name.contains(AotService.class.getSimpleName() + "$$SpringCGLIB$$"));
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AotService.class, "fetch"))
			.accepts(generation.getRuntimeHints());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableHedgedMethods
	public static class AotConfiguration {

		@Bean
		public RaceTemplate raceTemplate() {
			return new RaceTemplate(RaceSettings.builder().step(Duration.ofMillis(100)).build());
		}

		@Bean
		public AotService aotService() {
			return new AotService();
		}

	}

	public static class AotService {

		@Hedged
		public String fetch() {
			return "fetched";
		}

	}

}
