package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven by the system's chromedriver (Debian's {@code chromium} and {@code chromium-driver}), with
 * the network switched off. The driver path is set explicitly, so Selenium Manager never downloads anything.
 */
final class Chromium implements AutoCloseable {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** Kept so that its level sticks: without a DevTools module for this Chromium, Selenium warns once per start. */
    private static final java.util.logging.Logger CDP_LOG =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    /**
     * Skips the calling test when Chromium is not installed on a developer machine; fails it when the environment
     * variable {@code CI} is set, since CI must run the browser tests.
     */
    static void requireInstalled() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        String message = "headless Chromium is needed for this test but " + BROWSER + " or " + DRIVER
                + " is missing; install them with: apt-get install -y chromium chromium-driver";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            fail(message + " (CI is set, so this test fails instead of being skipped)");
        }
        Assumptions.abort(message);
    }

    /** Starts a browser with a fresh profile; call {@link #requireInstalled()} first. */
    Chromium() throws IOException {
        profile = Files.createTempDirectory("lenet-report-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--window-size=1400,1000", "--user-data-dir=" + profile);
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        driver.setNetworkConditions(offline);
    }

    /** The driver, for assertions the helpers do not cover. */
    ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code html} from disk and returns how long loading took, in milliseconds (until the load event). */
    double open(Path html) {
        long start = System.nanoTime();
        driver.get(html.toUri().toString());
        return (System.nanoTime() - start) / 1e6;
    }

    /** Milliseconds from navigation start to the end of the load event, as the page measured it. */
    double loadEventEnd() {
        Object value = driver.executeScript(
                "var n = performance.getEntriesByType('navigation')[0]; return n ? n.loadEventEnd : -1;");
        return ((Number) value).doubleValue();
    }

    /** The browser log's errors (console errors, uncaught exceptions, CSP violations) since the last call. */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** The ids (or "#n") of canvases on which no pixel has been drawn. */
    List<String> blankCanvases() {
        @SuppressWarnings("unchecked")
        List<String> blank = (List<String>) driver.executeScript("""
                var blank = [];
                document.querySelectorAll('canvas').forEach(function (canvas, i) {
                  var name = canvas.id || ('#' + i);
                  if (canvas.width === 0 || canvas.height === 0) { blank.push(name + ' (empty)'); return; }
                  var data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  for (var p = 3; p < data.length; p += 4) { if (data[p] !== 0) { return; } }
                  blank.push(name);
                });
                return blank;
                """);
        return blank;
    }

    /** How many canvases the page has. */
    long canvasCount() {
        return ((Number) driver.executeScript("return document.querySelectorAll('canvas').length;")).longValue();
    }

    /** Runs a script in the page and returns its result. */
    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Saves a screenshot of the whole page (up to 16,000 pixels tall) to {@code file}. */
    Path screenshot(Path file) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(16_000, Math.max(600, height))));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(before);
        }
        return file;
    }

    /** Environment details for messages. */
    Map<String, Object> capabilities() {
        return driver.getCapabilities().asMap();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
