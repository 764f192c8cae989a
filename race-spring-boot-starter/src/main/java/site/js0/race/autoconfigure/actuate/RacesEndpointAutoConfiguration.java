package site.js0.race.autoconfigure.actuate;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import site.js0.race.autoconfigure.RaceAutoConfiguration;
import site.js0.race.autoconfigure.RaceProperties;
import site.js0.race.autoconfigure.RaceTemplates;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link RacesEndpoint} and the {@link RecentRacesEndpoint},
 * when actuator is on the class path, each when it is available (enabled and exposed, for
 * example with {@code management.endpoints.web.exposure.include=races,recentraces}): the
 * listeners behind them are only added to the templates then.
 */
@AutoConfiguration(after = RaceAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(RaceTemplates.class)
public final class RacesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(RacesEndpoint.class)
	RaceStatistics raceStatistics() {
		return new RaceStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(RacesEndpoint.class)
	RacesEndpoint racesEndpoint(RaceTemplates raceTemplates, RaceStatistics raceStatistics) {
		return new RacesEndpoint(raceTemplates, raceStatistics);
	}

	/**
	 * The recent races and their endpoint, when that endpoint is available too.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(RecentRacesEndpoint.class)
	static class RecentRacesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RecentRaces recentRaces(RaceProperties properties) {
			return new RecentRaces(properties.getRecentRaces().getSize());
		}

		@Bean
		@ConditionalOnMissingBean
		RecentRacesEndpoint recentRacesEndpoint(RecentRaces recentRaces) {
			return new RecentRacesEndpoint(recentRaces);
		}

	}

}
