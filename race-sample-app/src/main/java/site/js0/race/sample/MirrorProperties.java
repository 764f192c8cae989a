package site.js0.race.sample;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The simulated mirrors, by name, each with its latency model
 * ({@code sample.mirrors.<name>.*}). Mirrors are tried in name order, so the first one by
 * name is the primary.
 */
@ConfigurationProperties("sample")
public class MirrorProperties {

	/**
	 * Latency model of each simulated mirror, keyed by the mirror's name.
	 */
	private Map<String, LatencyModel> mirrors = new TreeMap<>();

	public Map<String, LatencyModel> getMirrors() {
		return this.mirrors;
	}

	public void setMirrors(Map<String, LatencyModel> mirrors) {
		// A sorted copy: the binder's map keeps the order of the property sources, which
		// a test that overrides one mirror would change.
		this.mirrors = new TreeMap<>(mirrors);
	}

}
