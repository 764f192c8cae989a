package site.js0.race.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import site.js0.race.RaceTemplate;
import site.js0.race.autoconfigure.RaceAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RecentRacesEndpoint}: the last races per name with their attempt
 * timelines, bounded.
 */
class RecentRacesEndpointTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RacesEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=recentraces", "race.step=20ms");

	@Test
	void raceAHedgeWonIsShownWithTheTimelineOfBothAttempts() {
		this.runner.run((context) -> {
			RaceTemplate template = context.getBean(RaceTemplate.class);
			CompletableFuture<String> original = new CompletableFuture<>();
			String winner = template.firstAsync(List.of("mirror-a", "mirror-b"),
					(mirror, attempt) -> "mirror-a".equals(mirror) ? original : CompletableFuture.completedFuture("b"))
				.get(30, TimeUnit.SECONDS);
			assertThat(winner).isEqualTo("b");
			RecentRacesEndpoint endpoint = context.getBean(RecentRacesEndpoint.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				DocumentContext json = json(endpoint.recentRaces("default"));
				assertThat(json.<String>read("$[0].outcome")).isEqualTo("SUCCESS");
				assertThat(json.<Integer>read("$[0].winnerIndex")).isEqualTo(1);
				assertThat(json.<List<String>>read("$[0].attempts[*].argument")).containsExactly("mirror-a",
						"mirror-b");
				assertThat(json.<List<String>>read("$[0].attempts[*].status")).containsExactly("LOST", "WON");
				assertThat(json.<Double>read("$[0].attempts[1].launchedAtMillis")).isGreaterThanOrEqualTo(20.0);
			});
		});
	}

	@Test
	void onlyTheLastRacesOfEachNameAreKept() {
		this.runner.withPropertyValues("race.recent-races.size=2").run((context) -> {
			RaceTemplate template = context.getBean(RaceTemplate.class);
			for (String value : List.of("first", "second", "third")) {
				template.firstAsync(List.of(value), (argument, attempt) -> CompletableFuture.completedFuture(argument))
					.get(30, TimeUnit.SECONDS);
			}
			RecentRacesEndpoint endpoint = context.getBean(RecentRacesEndpoint.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						json(endpoint.recentRaces()).<List<String>>read("$.races.default[*].attempts[0].argument"))
					.containsExactly("third", "second"));
		});
	}

	@Test
	void argumentWhoseToStringThrowsIsShownAsSuch() {
		Object hostile = new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("no");
			}
		};
		this.runner.run((context) -> {
			context.getBean(RaceTemplate.class)
				.firstAsync(List.of(hostile), (argument, attempt) -> CompletableFuture.completedFuture("ok"))
				.get(30, TimeUnit.SECONDS);
			RecentRacesEndpoint endpoint = context.getBean(RecentRacesEndpoint.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						json(endpoint.recentRaces("default")).<String>read("$[0].attempts[0].argument"))
					.isEqualTo("(toString threw IllegalStateException)"));
		});
	}

	@Test
	void unknownNameHasNoRecentRaces() {
		this.runner
			.run((context) -> assertThat(context.getBean(RecentRacesEndpoint.class).recentRaces("nope")).isEmpty());
	}

	@Test
	void nothingIsRecordedUnlessTheEndpointIsExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RaceAutoConfiguration.class, RacesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=races")
			.run((context) -> assertThat(context).hasSingleBean(RacesEndpoint.class)
				.doesNotHaveBean(RecentRaces.class)
				.doesNotHaveBean(RecentRacesEndpoint.class));
	}

	@Test
	void sizeOutOfRangeStopsStartUp() {
		this.runner.withPropertyValues("race.recent-races.size=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("race.recent-races.size"));
	}

	private static DocumentContext json(Object descriptor) {
		return JsonPath.parse(JsonMapper.builder().build().writeValueAsString(descriptor));
	}

}
