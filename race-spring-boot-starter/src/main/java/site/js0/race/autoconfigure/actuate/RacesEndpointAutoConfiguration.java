package site.js0.race.autoconfigure.actuate;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceTemplates;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link RacesEndpoint}, when actuator is on the class path
 * and the endpoint is available (enabled and exposed, for example with
 * {@code management.endpoints.web.exposure.include=races}).
 */
@AutoConfiguration(after = RaceAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(RacesEndpoint.class)
@ConditionalOnBean(RaceTemplates.class)
public final class RacesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RaceStatistics raceStatistics() {
		return new RaceStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	RacesEndpoint racesEndpoint(RaceTemplates raceTemplates, RaceStatistics raceStatistics) {
		return new RacesEndpoint(raceTemplates, raceStatistics);
	}

}
