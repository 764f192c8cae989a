package site.js0.race.sample;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code @Hedged} version of the mirror race, for comparison with the
 * {@code RaceTemplate} one of {@link RaceController}.
 */
@RestController
@RequestMapping("/api")
public class HedgedLookupController {

	private final HedgedMirrorLookup lookup;

	private final MirrorDirectory directory;

	/**
	 * Create the controller.
	 * @param lookup the hedged lookup
	 * @param directory where the mirrors are
	 */
	public HedgedLookupController(HedgedMirrorLookup lookup, MirrorDirectory directory) {
		this.lookup = lookup;
		this.directory = directory;
	}

	/**
	 * Fetch from the mirrors through a {@code @Hedged} method.
	 * @param order the mirrors in order (default: all, by name)
	 * @param fail mirrors made to answer 503 for this call
	 * @return the reply of the first mirror that answered successfully
	 */
	@GetMapping("/hedged")
	public MirrorReply hedged(@RequestParam(defaultValue = "") List<String> order,
			@RequestParam(defaultValue = "") List<String> fail) {
		return this.lookup.fetch(this.directory.ordered(order), this.directory.forced(List.of(), fail));
	}

}
