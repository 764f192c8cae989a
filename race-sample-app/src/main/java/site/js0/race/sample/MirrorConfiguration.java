package site.js0.race.sample;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves the simulated mirrors on this application's own server, under
 * {@code /mirrors/*}.
 */
@Configuration(proxyBeanMethods = false)
public class MirrorConfiguration {

	/**
	 * Register the mirrors' servlet, asynchronous so that a waiting call holds no thread.
	 * @param properties the mirrors and their latency models
	 * @param statistics where to count what each mirror sees
	 * @return the servlet registration
	 */
	@Bean
	public ServletRegistrationBean<MirrorServlet> mirrorServlet(MirrorProperties properties,
			MirrorStatistics statistics) {
		ServletRegistrationBean<MirrorServlet> registration = new ServletRegistrationBean<>(
				new MirrorServlet(properties, statistics), "/mirrors/*");
		registration.setAsyncSupported(true);
		registration.setName("mirrors");
		return registration;
	}

}
