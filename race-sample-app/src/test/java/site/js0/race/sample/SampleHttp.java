package site.js0.race.sample;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/**
 * A small HTTP client for the tests, on the application's random port, that returns every
 * status instead of throwing on 4xx and 5xx.
 */
final class SampleHttp {

	private final RestClient client;

	SampleHttp(int port) {
		this.client = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	JsonNode getJson(String path) {
		ResponseEntity<JsonNode> response = this.client.get().uri(path).retrieve().toEntity(JsonNode.class);
		return response.getBody();
	}

	ResponseEntity<String> get(String path) {
		return this.client.get().uri(path).retrieve().onStatus(HttpStatusCode::isError, (request, response) -> {
		}).toEntity(String.class);
	}

}
