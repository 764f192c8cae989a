package site.js0.race.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.convert.DurationStyle;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page in a real browser: Debian's headless Chromium, driven by Selenium through
 * Debian's chromedriver. Skipped only on a developer machine without Chromium; in CI
 * ({@code CI} set) it always runs, and {@code .ci/run} installs Chromium when it is
 * missing. Every wait is a bounded poll on a condition the page shows.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RacePageBrowserTests {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final int PHONE = 375;

	private static final int DESKTOP = 1280;

	// The page polls /actuator/recentraces this often (LIVE_INTERVAL_MS in app.js).
	private static final Duration LIVE_INTERVAL = Duration.ofMillis(500);

	// Selenium warns through java.util.logging that it has no DevTools (CDP) support for
	// this Chromium version; this test does not use DevTools. Held here: JUL keeps
	// loggers weakly.
	private static final Logger SELENIUM_LOGGER = Logger.getLogger("org.openqa.selenium");

	static {
		SELENIUM_LOGGER.setLevel(Level.SEVERE);
	}

	@LocalServerPort
	private int port;

	@Value("${race.step}")
	private Duration step;

	@TempDir
	Path userDataDir;

	private WebDriver browser;

	private WebDriverWait wait;

	private int width = DESKTOP;

	@BeforeEach
	void startBrowser() {
		boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
		assumeTrue(installed || System.getenv("CI") != null,
				"Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
				"--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=" + DESKTOP + ",1600",
				"--user-data-dir=" + this.userDataDir);
		// Debian's driver, given explicitly, so that Selenium Manager never tries to
		// download one.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
		this.wait = new WebDriverWait(this.browser, PATIENCE);
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void clickingRunDrawsTheRaceTimelineAndCompareDrawsThePercentiles() throws Exception {
		open(DESKTOP);

		runFromPage("run-stall", 1);
		List<WebElement> rows = this.browser.findElements(By.cssSelector("#attempts tbody tr"));
		assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
		assertThat(rows.get(0).getText()).contains("a").contains("LOST (cancelled)");
		assertThat(rows).anySatisfy((row) -> assertThat(row.getText()).contains("WON"));
		// One bar per attempt in the timeline.
		assertThat(this.browser.findElements(By.cssSelector("#timeline .bar"))).hasSize(rows.size());
		assertThat(this.browser.findElement(By.id("race-summary")).getText()).contains("SUCCESS");

		runSmallComparison(300);
		List<WebElement> clients = this.browser.findElements(By.cssSelector("#compare-table tbody tr"));
		assertThat(clients).extracting(WebElement::getText)
			.satisfiesExactly((row) -> assertThat(row).startsWith("unhedged"),
					(row) -> assertThat(row).startsWith("hedged"));
		Object series = script("return Chart.getChart('percentiles').data.datasets.length");
		assertThat(((Number) series).intValue()).isEqualTo(2);
		saveScreenshot("race-page.png");
	}

	@Test
	void legendNamesEveryBarColourAndEveryBarUsesItsStatusColourFromTheLegend() {
		open(DESKTOP);
		runFromPage("run-stall", 1);
		runFromPage("run-fail", 2);
		// Both races in the live view too, so that the bars below cover WON, LOST and
		// FAILED.
		this.wait.until((driver) -> liveCards().size() >= 2);

		Map<String, Object> legend = script(
				"""
						const colours = {};
						document.querySelectorAll('#timeline-legend li[data-status]').forEach((item) => {
							colours[item.dataset.status] = getComputedStyle(item.querySelector('.swatch')).backgroundColor;
						});
						const kinds = [...document.querySelectorAll('#timeline-legend li[data-kind]')].map((item) => item.dataset.kind);
						return { colours, kinds };
						""");
		@SuppressWarnings("unchecked")
		Map<String, String> colours = (Map<String, String>) legend.get("colours");
		assertThat(colours).containsOnlyKeys("WON", "LOST", "FAILED", "ABORTED", "RUNNING");
		assertThat(new HashSet<>(colours.values())).as("one distinct colour per status").hasSize(colours.size());
		assertThat(legend.get("kinds")).asList().containsExactly("primary", "hedge", "step");

		List<Map<String, Object>> bars = script(
				"""
						return [...document.querySelectorAll('svg.timeline-svg .bar')].map((bar) => ({
							status: bar.dataset.status,
							index: Number(bar.dataset.index),
							fill: getComputedStyle(bar).fill,
							striped: bar.ownerSVGElement.querySelector('.hedge-mark[data-index="' + bar.dataset.index + '"]') !== null
						}));
						""");
		assertThat(bars).extracting((bar) -> bar.get("status")).contains("WON", "LOST", "FAILED");
		assertThat(bars).allSatisfy((bar) -> {
			assertThat(bar.get("fill")).as("fill of a %s bar", bar.get("status"))
				.isEqualTo(colours.get(bar.get("status")));
			// Hedges striped, the first call plain, as the legend says.
			assertThat(bar.get("striped")).isEqualTo(((Number) bar.get("index")).intValue() > 0);
		});
	}

	@Test
	void stepMarkersSitAtTheStepAndAtEachHedgesDueTime() {
		open(DESKTOP);
		runFromPage("run-stall", 1);
		assertMarkersAtMultiplesOf("#timeline", millis(this.step));

		// The same in the live view, with the step /actuator/races reports for that race.
		this.wait.until((driver) -> !liveCards().isEmpty());
		String name = script("return document.querySelector('#live-races li.live-race').dataset.raceName");
		JsonNode race = new SampleHttp(this.port).getJson("/actuator/races/" + name);
		double raceStep = millis(DurationStyle.detectAndParse(race.get("currentStep").asString()));
		assertMarkersAtMultiplesOf("#live-races li:first-child .timeline", raceStep);
	}

	@Test
	void liveViewShowsARaceStartedThroughTheApiAfterThePageLoaded() {
		open(DESKTOP);
		script("window.sameDocument = true");
		Set<String> before = liveKeys();

		JsonNode run = new SampleHttp(this.port).getJson("/api/race?stall=a");
		String name = run.get("timeline").get("race").asString();
		int attempts = run.get("timeline").get("attempts").size();

		Map<String, Object> card = this.wait.until((driver) -> newCard(before, name));
		assertThat(((Number) card.get("bars")).intValue()).isEqualTo(attempts);
		assertThat(card.get("outcome")).isEqualTo("SUCCESS");
		assertThat((String) card.get("text")).contains(name).contains("SUCCESS");
		assertThat((Object) script("return window.sameDocument === true")).as("the page was not reloaded")
			.isEqualTo(true);
	}

	@Test
	void liveViewStopsPollingWhileTheTabIsHiddenAndCatchesUpWhenShown() {
		open(DESKTOP);
		setHidden(true);
		this.wait
			.until((driver) -> "hidden".equals(bodyData("live-state")) && "false".equals(bodyData("live-in-flight")));
		String polls = bodyData("live-polls");
		Set<String> before = liveKeys();

		// A race in which every mirror stalls for a second: poll intervals go by with the
		// tab hidden.
		long started = System.nanoTime();
		JsonNode run = new SampleHttp(this.port).getJson("/api/race?stall=a,b,c");
		Duration hiddenFor = Duration.ofNanos(System.nanoTime() - started);
		assertThat(hiddenFor).isGreaterThan(LIVE_INTERVAL);
		assertThat(bodyData("live-polls")).as("polls while hidden").isEqualTo(polls);
		assertThat(liveKeys()).isEqualTo(before);

		setHidden(false);
		String name = run.get("timeline").get("race").asString();
		Map<String, Object> card = this.wait.until((driver) -> newCard(before, name));
		assertThat(card.get("outcome")).isEqualTo(run.get("timeline").get("outcome").asString());
		assertThat(bodyData("live-state")).isEqualTo("live");
	}

	@Test
	void atPhoneWidthThePageDoesNotScrollSideways() throws Exception {
		open(PHONE);
		assertThat(((Number) script("return window.innerWidth")).intValue()).isEqualTo(PHONE);
		fillThePage();

		Map<String, Object> sizes = script("""
				const page = document.scrollingElement;
				return { scrollWidth: page.scrollWidth, clientWidth: page.clientWidth };
				""");
		assertThat(((Number) sizes.get("scrollWidth")).intValue()).as("page width at %d px: %s", PHONE, sizes)
			.isLessThanOrEqualTo(((Number) sizes.get("clientWidth")).intValue());
		saveScreenshot("race-page-phone.png");
	}

	@ParameterizedTest(name = "at {0} px")
	@ValueSource(ints = { PHONE, DESKTOP })
	void axisLabelsOfEveryTimelineAndOfThePercentileChartArePairwiseDisjoint(int width) throws Exception {
		open(width);
		fillThePage();
		// A race in which every mirror stalls for a second gives a wide axis.
		new SampleHttp(this.port).getJson("/api/race?stall=a,b,c");
		this.wait.until((driver) -> liveCards().size() >= 3);

		List<List<Map<String, Object>>> timelines = script("""
				return [...document.querySelectorAll('svg.timeline-svg')].map((svg) =>
					[...svg.querySelectorAll('.axis-label, .marker-label')].map((label) => {
						const box = label.getBoundingClientRect();
						return { text: label.textContent, tick: label.classList.contains('tick-label'),
							left: box.left, right: box.right, top: box.top, bottom: box.bottom };
					}));
				""");
		double pageWidth = ((Number) script("return document.scrollingElement.clientWidth")).doubleValue();
		assertThat(timelines).hasSizeGreaterThanOrEqualTo(4);
		for (List<Map<String, Object>> labels : timelines) {
			assertThat(labels).filteredOn((label) -> Boolean.TRUE.equals(label.get("tick")))
				.hasSizeGreaterThanOrEqualTo(3);
			for (int i = 0; i < labels.size(); i++) {
				Box a = Box.of(labels.get(i));
				assertThat(a.left).as("left of %s", a.text).isGreaterThanOrEqualTo(0);
				assertThat(a.right).as("right of %s", a.text).isLessThanOrEqualTo(pageWidth);
				for (int j = i + 1; j < labels.size(); j++) {
					Box b = Box.of(labels.get(j));
					assertThat(a.disjointFrom(b)).as("'%s' %s and '%s' %s at %d px", a.text, a, b.text, b, width)
						.isTrue();
				}
			}
		}

		// The percentile chart draws on a canvas: its labels' boxes from Chart.js's
		// scales
		// (where each shown tick sits) and the canvas's text metrics (how big its label
		// is), unrotated.
		List<Map<String, Object>> axes = script(
				"""
						const chart = Chart.getChart('percentiles');
						const context = chart.ctx;
						return Object.values(chart.scales).map((scale) => {
							const font = Chart.helpers.toFont(scale.options.ticks.font);
							context.save();
							context.font = font.string;
							const boxes = scale.ticks.map((tick, i) => ({ text: tick.label, at: scale.getPixelForTick(i) }))
								.filter((tick) => tick.text !== '' && tick.text !== null && tick.text !== undefined)
								.map((tick) => {
									const w = context.measureText(String(tick.text)).width;
									const h = font.lineHeight;
									return scale.isHorizontal()
										? { text: String(tick.text), left: tick.at - w / 2, right: tick.at + w / 2, top: 0, bottom: h }
										: { text: String(tick.text), left: 0, right: w, top: tick.at - h / 2, bottom: tick.at + h / 2 };
								});
							context.restore();
							return { axis: scale.id, rotation: scale.labelRotation, boxes };
						});
						""");
		assertThat(axes).extracting((axis) -> axis.get("axis")).containsExactlyInAnyOrder("x", "y");
		for (Map<String, Object> axis : axes) {
			assertThat(((Number) axis.get("rotation")).doubleValue()).isZero();
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> labels = (List<Map<String, Object>>) axis.get("boxes");
			assertThat(labels).as("labels of the %s axis", axis.get("axis")).hasSizeGreaterThanOrEqualTo(3);
			for (int i = 0; i < labels.size(); i++) {
				for (int j = i + 1; j < labels.size(); j++) {
					Box a = Box.of(labels.get(i));
					Box b = Box.of(labels.get(j));
					assertThat(a.disjointFrom(b)).as("'%s' %s and '%s' %s at %d px", a.text, a, b.text, b, width)
						.isTrue();
				}
			}
		}
		saveScreenshot("race-page-" + width + ".png");
	}

	private void open(int width) {
		this.width = width;
		this.browser.manage().window().setSize(new Dimension(width, 1600));
		this.browser.get("http://127.0.0.1:" + this.port + "/");
		this.wait.until((driver) -> (Boolean) script("return typeof Chart === 'function'"));
		this.wait.until((driver) -> bodyData("live-polls") != null && "live".equals(bodyData("live-state")));
	}

	private void runFromPage(String button, int racesDrawn) {
		this.browser.findElement(By.id(button)).click();
		this.wait.until((driver) -> String.valueOf(racesDrawn).equals(bodyData("races-drawn")));
	}

	private void runSmallComparison(int requests) {
		String before = bodyData("comparisons-drawn");
		WebElement field = this.browser.findElement(By.id("requests"));
		field.clear();
		field.sendKeys(String.valueOf(requests));
		this.browser.findElement(By.id("run-compare")).click();
		this.wait.until((driver) -> {
			String drawn = bodyData("comparisons-drawn");
			return drawn != null && !drawn.equals(before);
		});
	}

	// Every part of the page drawn: a timeline, the live view, the tables and the chart.
	private void fillThePage() {
		runFromPage("run-stall", 1);
		runSmallComparison(50);
		this.wait.until((driver) -> !liveCards().isEmpty()
				&& !driver.findElements(By.cssSelector("#mirrors tbody tr")).isEmpty());
	}

	private void assertMarkersAtMultiplesOf(String container, double stepMs) {
		Map<String, Object> geometry = script("""
				const box = document.querySelector(arguments[0]);
				const centre = (node) => { const r = node.getBoundingClientRect(); return (r.left + r.right) / 2; };
				return {
					ticks: [...box.querySelectorAll('.tick')].map((t) => [Number(t.dataset.value), centre(t)]),
					markers: [...box.querySelectorAll('.step-marker')].map((m) => [Number(m.dataset.k), centre(m)]),
					labels: [...box.querySelectorAll('.marker-label')].map((l) => l.textContent)
				};
				""", container);
		List<List<Number>> ticks = list(geometry.get("ticks"));
		List<List<Number>> markers = list(geometry.get("markers"));
		assertThat(ticks).as("ticks of %s", container).hasSizeGreaterThanOrEqualTo(2);
		assertThat(markers).as("markers of %s", container).isNotEmpty();
		// Where the axis puts a value, from its first and last tick.
		List<Number> first = ticks.get(0);
		List<Number> last = ticks.get(ticks.size() - 1);
		double pixelsPerMs = (last.get(1).doubleValue() - first.get(1).doubleValue())
				/ (last.get(0).doubleValue() - first.get(0).doubleValue());
		for (int i = 0; i < markers.size(); i++) {
			int k = markers.get(i).get(0).intValue();
			assertThat(k).isEqualTo(i + 1);
			double expected = first.get(1).doubleValue() + (k * stepMs - first.get(0).doubleValue()) * pixelsPerMs;
			assertThat(markers.get(i).get(1).doubleValue()).as("x of marker %d·step in %s", k, container)
				.isCloseTo(expected, within(1.0));
		}
		assertThat(geometry.get("labels")).asList().contains("step " + Math.round(stepMs));
	}

	private List<WebElement> liveCards() {
		return this.browser.findElements(By.cssSelector("#live-races li.live-race"));
	}

	// Read in one script: the live view replaces its cards as races arrive.
	private Set<String> liveKeys() {
		List<String> keys = script("return [...document.querySelectorAll('#live-races li.live-race')]"
				+ ".map((card) => card.dataset.raceKey)");
		return new HashSet<>(keys);
	}

	// A card that was not in the live view before, for a race of that name, as
	// {key, bars, outcome, text}, or null while there is none.
	private Map<String, Object> newCard(Set<String> before, String name) {
		return script("""
				const card = [...document.querySelectorAll('#live-races li.live-race')]
					.find((c) => !arguments[0].includes(c.dataset.raceKey) && c.dataset.raceName === arguments[1]);
				return card ? { key: card.dataset.raceKey, bars: card.querySelectorAll('.bar').length,
					outcome: card.dataset.outcome, text: card.textContent } : null;
				""", new ArrayList<>(before), name);
	}

	// What the page shows of the tab's visibility, as a browser does when the tab is
	// switched away from and back.
	private void setHidden(boolean hidden) {
		script("""
				const hidden = arguments[0];
				Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
				Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => hidden ? 'hidden' : 'visible' });
				document.dispatchEvent(new Event('visibilitychange'));
				""",
				hidden);
	}

	private String bodyData(String name) {
		return this.browser.findElement(By.tagName("body")).getDomAttribute("data-" + name);
	}

	@SuppressWarnings("unchecked")
	private <T> T script(String script, Object... arguments) {
		return (T) ((JavascriptExecutor) this.browser).executeScript(script, arguments);
	}

	@SuppressWarnings("unchecked")
	private static List<List<Number>> list(Object value) {
		return new ArrayList<>((List<List<Number>>) value);
	}

	private static double millis(Duration duration) {
		return duration.toNanos() / 1e6;
	}

	private void saveScreenshot(String name) throws Exception {
		// Kept under target/ for a person to look at; the assertions are the test. The
		// window as tall as the page, so that the picture shows all of it.
		int height = ((Number) script("return document.scrollingElement.scrollHeight")).intValue();
		this.browser.manage().window().setSize(new Dimension(this.width, Math.min(height, 10_000)));
		script("window.scrollTo(0, 0)");
		File shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", name);
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * A label's box on the page.
	 */
	private record Box(String text, double left, double right, double top, double bottom) {

		static Box of(Map<String, Object> label) {
			return new Box(String.valueOf(label.get("text")), number(label, "left"), number(label, "right"),
					number(label, "top"), number(label, "bottom"));
		}

		private static double number(Map<String, Object> label, String key) {
			return ((Number) label.get(key)).doubleValue();
		}

		boolean disjointFrom(Box other) {
			return this.right <= other.left || other.right <= this.left || this.bottom <= other.top
					|| other.bottom <= this.top;
		}

	}

}
