package site.js0.race;

import java.time.Duration;

/**
 * A hedge that shadow mode did not launch: the primary attempt was still running when the
 * step passed. It would likely have helped if the primary ran longer than the step plus
 * the typical (median) latency of recent primaries: a hedge launched at the step would
 * then have answered first.
 *
 * @param launchOffset when the hedge would have been launched, from the start of the
 * race: the step in force
 * @param primaryRan how long the primary attempt ran, to its end or to the decision
 * @param typicalLatency the median latency of recent primaries, or zero while too few are
 * known
 * @param likelyHelped whether the hedge would likely have answered before the primary;
 * {@code false} while the typical latency is unknown
 */
public record ShadowHedge(Duration launchOffset, Duration primaryRan, Duration typicalLatency, boolean likelyHelped) {

}
