/**
 * The sample application: simulated slow and flaky mirrors served by the app itself
 * ({@link site.js0.race.sample.MirrorServlet}), direct and hedged clients for them
 * ({@link site.js0.race.sample.MirrorClient}), and the endpoints and page that compare
 * the two ({@link site.js0.race.sample.RaceController}).
 */
@NullMarked
package site.js0.race.sample;

import org.jspecify.annotations.NullMarked;
