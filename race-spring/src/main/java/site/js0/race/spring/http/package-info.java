/**
 * Hedged HTTP: what marks a request as a hedge on the wire, shared by the hedging clients
 * that send the mark and the server-side filters that shed marked requests first.
 */
@NullMarked
package site.js0.race.spring.http;

import org.jspecify.annotations.NullMarked;
