package site.js0.race.autoconfigure.http;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.autoconfigure.RaceTemplates;
import site.js0.race.reactor.ReactorRace;
import site.js0.race.spring.http.HedgingExchangeFilterFunction;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of {@link RaceWebClients}, with which one bean makes a
 * {@code WebClient} hedge its requests. It only makes the factory of those filters: no
 * client hedges until the application asks for it.
 */
@AutoConfiguration(after = RaceAutoConfiguration.class)
@ConditionalOnClass({ WebClient.class, Mono.class, ReactorRace.class, HedgingExchangeFilterFunction.class })
@ConditionalOnBean(RaceTemplates.class)
public final class RaceWebClientsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RaceWebClients raceWebClients(RaceTemplates templates, RaceProperties properties) {
		return new RaceWebClients(templates, properties);
	}

}
