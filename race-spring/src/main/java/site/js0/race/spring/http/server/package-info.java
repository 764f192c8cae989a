/**
 * Server side of hedged HTTP: filters for Spring MVC and WebFlux that count the requests
 * in flight and, once they reach a limit, answer requests marked as hedges with 503 and
 * {@code Retry-After} instead of serving them, so that a busy server is never pushed over
 * by duplicates. Primaries are always served.
 */
@NullMarked
package site.js0.race.spring.http.server;

import org.jspecify.annotations.NullMarked;
