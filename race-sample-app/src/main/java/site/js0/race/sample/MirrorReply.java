package site.js0.race.sample;

/**
 * A mirror's answer to one call, as the client saw it.
 *
 * @param mirror the mirror that answered
 * @param status the HTTP status code
 * @param body the response body
 */
public record MirrorReply(String mirror, int status, String body) {

	/**
	 * Return whether the mirror answered with a 2xx status; a 503 is not a success.
	 * @return {@code true} for a 2xx status
	 */
	public boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

}
