/**
 * Auto-configuration of hedged HTTP clients for Spring Boot: {@code RestClient}s and HTTP
 * service groups that race on a {@code race.instances.<name>} template.
 */
@NullMarked
package site.js0.race.autoconfigure.http;

import org.jspecify.annotations.NullMarked;
