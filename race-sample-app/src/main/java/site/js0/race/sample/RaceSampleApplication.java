package site.js0.race.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A runnable demonstration of hedged calls: the app serves its own simulated slow and
 * flaky mirrors under {@code /mirrors/{name}}, calls them with and without hedging, and
 * shows on {@code /} how hedging cuts the latency tail and cancels the losers.
 */
@SpringBootApplication
@EnableConfigurationProperties(MirrorProperties.class)
public class RaceSampleApplication {

	/**
	 * Start the application.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(RaceSampleApplication.class, args);
	}

}
