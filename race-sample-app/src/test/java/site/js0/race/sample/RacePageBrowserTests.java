package site.js0.race.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page in a real browser: Debian's headless Chromium, driven by Selenium through
 * Debian's chromedriver. Skipped only on a developer machine without Chromium; in CI
 * ({@code CI} set) it always runs, and {@code .ci/run} installs Chromium when it is
 * missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RacePageBrowserTests {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	// Selenium warns through java.util.logging that it has no DevTools (CDP) support for
	// this Chromium version; this test does not use DevTools. Held here: JUL keeps
	// loggers weakly.
	private static final Logger SELENIUM_LOGGER = Logger.getLogger("org.openqa.selenium");

	static {
		SELENIUM_LOGGER.setLevel(Level.SEVERE);
	}

	@LocalServerPort
	private int port;

	@TempDir
	Path userDataDir;

	private WebDriver browser;

	@BeforeEach
	void startBrowser() {
		boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
		assumeTrue(installed || System.getenv("CI") != null,
				"Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
				"--disable-dev-shm-usage", "--window-size=1280,1600", "--user-data-dir=" + this.userDataDir);
		// Debian's driver, given explicitly, so that Selenium Manager never tries to
		// download one.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void clickingRunDrawsTheRaceTimelineAndCompareDrawsThePercentiles() throws Exception {
		this.browser.get("http://127.0.0.1:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.browser, PATIENCE);
		wait.until((driver) -> script(driver, "return typeof Chart === 'function'"));

		this.browser.findElement(By.id("run-stall")).click();

		wait.until((driver) -> "1".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-races-drawn")));
		List<WebElement> rows = this.browser.findElements(By.cssSelector("#attempts tbody tr"));
		assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
		assertThat(rows.get(0).getText()).contains("a").contains("LOST (cancelled)");
		assertThat(rows).anySatisfy((row) -> assertThat(row.getText()).contains("WON"));
		// The chart drew one bar per attempt on its canvas.
		Object bars = script(this.browser, "return Chart.getChart('timeline').data.datasets[0].data.length");
		assertThat(((Number) bars).intValue()).isEqualTo(rows.size());
		assertThat(this.browser.findElement(By.id("race-summary")).getText()).contains("SUCCESS");

		// And the comparison, on a small load so that it takes a second or two.
		WebElement requests = this.browser.findElement(By.id("requests"));
		requests.clear();
		requests.sendKeys("300");
		this.browser.findElement(By.id("run-compare")).click();

		wait.until((driver) -> "1"
			.equals(driver.findElement(By.tagName("body")).getDomAttribute("data-comparisons-drawn")));
		List<WebElement> clients = this.browser.findElements(By.cssSelector("#compare-table tbody tr"));
		assertThat(clients).extracting(WebElement::getText)
			.satisfiesExactly((row) -> assertThat(row).startsWith("unhedged"),
					(row) -> assertThat(row).startsWith("hedged"));
		Object series = script(this.browser, "return Chart.getChart('percentiles').data.datasets.length");
		assertThat(((Number) series).intValue()).isEqualTo(2);
		saveScreenshot();
	}

	private static Object script(WebDriver driver, String script) {
		return ((JavascriptExecutor) driver).executeScript(script);
	}

	private void saveScreenshot() throws Exception {
		// Kept under target/ for a person to look at; the assertions above are the test.
		File shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "race-page.png");
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
