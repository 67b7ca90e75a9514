package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * Opens generated reports in real headless Chromium, offline: no console errors, every chart drawn, tables as
 * expected, hostile names shown as text, several results directories side by side, and a 40-cell report small and
 * quick to open. Screenshots go to {@code target/}.
 */
class ReportInBrowserTest {
    @TempDir
    static Path dir;

    private static Chromium browser;
    private static TestImages images;

    @BeforeAll
    static void start() throws IOException {
        Chromium.requireInstalled();
        images = ResultsFixtures.testImages();
        browser = new Chromium();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path report(String name, Path... resultsDirs) {
        return HtmlReport.write(dir.resolve(name + ".html"), ResultsLoader.loadAll(List.of(resultsDirs)),
                Optional.of(images));
    }

    private static List<String> texts(String css) {
        return browser.driver().findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static void assertCleanAndDrawn(int expectedCanvases) {
        assertEquals(List.of(), browser.errors(), "browser console errors");
        assertEquals("true", browser.driver().findElement(By.tagName("body")).getAttribute("data-report-ready"),
                "the report script ran to its end");
        assertEquals(expectedCanvases, browser.canvasCount(), "charts");
        assertEquals(List.of(), browser.blankCanvases(), "canvases with no pixel drawn");
    }

    @Test
    void theHarnessNoticesConsoleErrorsAndBlankCanvases() throws IOException {
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><canvas id=\"c\" width=\"10\" height=\"10\"></canvas>"
                + "<script>console.error('boom'); notAFunction();</script></body></html>");
        browser.open(page);
        List<String> errors = browser.errors();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(List.of("c"), browser.blankCanvases());
    }

    @Test
    void fixtureReportHasEverySectionDrawnWithoutErrors() throws IOException {
        Path results = ResultsFixtures.builder().withProblems().write(dir.resolve("fixture"));
        browser.open(report("fixture", results));

        // 2 comparison charts + 2 learning-curve charts per model
        assertCleanAndDrawn(6);
        assertEquals(4, browser.driver().findElements(By.cssSelector("#overview-table tbody tr")).size(),
                "one overview row per model × backend × settings");
        assertEquals(List.of("cpu", "cuda", "cpu", "cuda"), texts("#overview-table td.col-backend"));
        assertEquals(2, browser.driver().findElements(By.cssSelector("#comparison-table tbody tr")).size());
        assertEquals(2, browser.driver().findElements(By.cssSelector("#problems-table tbody tr")).size());
        assertTrue(texts("#problems-table .reason").contains("training diverged: loss is NaN at epoch 2"));
        assertEquals(2, browser.driver().findElements(By.cssSelector("table.architecture")).size());
        assertEquals(2, browser.driver().findElements(By.cssSelector("table.heatmap")).size());

        // the first cell's digits are unfolded and drawn from embedded PNGs
        Object drawn = browser.script("""
                var d = document.querySelector('details.digits[open] .digit-image');
                return d ? getComputedStyle(d).backgroundImage : '';
                """);
        assertTrue(String.valueOf(drawn).startsWith("url(\"data:image/png;base64,"), String.valueOf(drawn));
        assertEquals(8 * 48, browser.driver().findElements(By.cssSelector("figure.digit")).size(),
                "48 digits for each of the 8 finished cells");

        // sorting by accuracy: ascending, then descending
        WebElement accuracy = browser.driver().findElement(By.xpath("//table[@id='overview-table']//th[text()='Test accuracy']"));
        accuracy.click();
        List<Double> ascending = accuracies();
        accuracy.click();
        List<Double> descending = accuracies();
        assertEquals(ascending.stream().sorted().toList(), ascending);
        assertEquals(descending.stream().sorted(java.util.Comparator.reverseOrder()).toList(), descending);

        // settings: in "differences only" mode the identical settings are hidden, and shown again when toggled off
        assertEquals(0, visible("#settings-table td.same"));
        browser.driver().findElement(By.id("diff-toggle")).click();
        assertTrue(visible("#settings-table td.same") > 0);
        browser.driver().findElement(By.id("diff-toggle")).click();

        Path shot = browser.screenshot(Path.of("target", "report-fixture.png"));
        System.out.println("[report] fixture report screenshot: " + shot.toAbsolutePath());
        assertEquals(List.of(), browser.errors(), "browser console errors after interaction");
    }

    private static List<Double> accuracies() {
        return browser.driver().findElements(By.cssSelector("#overview-table td.col-accuracy")).stream()
                .map(td -> Double.parseDouble(td.getAttribute("data-value"))).toList();
    }

    private static long visible(String css) {
        return browser.driver().findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).count();
    }

    @Test
    void hostileNamesAreShownAsTextAndRunNothing() {
        String experiment = "<script>alert(1)</script>";
        String model = "</script><script>alert(2)</script>";
        Path results = ResultsFixtures.builder().experiment(experiment).models(model, "lenet\u2028<!--b")
                .backends("cpu", "cuda").write(dir.resolve("hostile"));
        browser.open(report("hostile", results));

        assertThrows(NoAlertPresentException.class, () -> browser.driver().switchTo().alert(), "an alert opened");
        assertEquals(experiment, browser.driver().findElement(By.id("experiment-title")).getText());
        assertTrue(browser.driver().getTitle().startsWith(experiment), browser.driver().getTitle());
        assertEquals(3L, ((Number) browser.script("return document.scripts.length;")).longValue(),
                "only the report's own three script elements");
        assertTrue(texts("#overview-table td.col-model").contains(model));
        assertCleanAndDrawn(6);
    }

    @Test
    void twoResultsDirectoriesAreComparedSideBySide() throws IOException {
        Path cpu = ResultsFixtures.builder().experiment("lenet-cpu").backends("cpu").write(dir.resolve("cpu-run"));
        Path gpu = ResultsFixtures.builder().experiment("lenet-gpu").backends("cuda").write(dir.resolve("gpu-run"));
        browser.open(report("combined", cpu, gpu));

        assertCleanAndDrawn(6);
        assertEquals(2, browser.driver().findElements(By.cssSelector("article.run")).size());
        assertEquals(List.of("lenet5-fixture-a", "lenet5-fixture-a", "lenet5-fixture-b", "lenet5-fixture-b"),
                texts("#overview-table td.col-model"));
        assertEquals(List.of("cpu", "cuda", "cpu", "cuda"), texts("#overview-table td.col-backend"));
        assertEquals(List.of("cuda vs cpu", "cuda vs cpu"), texts("#comparison-table td.col-backend"));
        assertEquals("lenet-cpu + lenet-gpu", browser.driver().findElement(By.id("experiment-title")).getText());
        browser.screenshot(Path.of("target", "report-combined.png"));
    }

    @Test
    void theTwoCpuBackendsAreComparedWithEveryChartDrawn() throws IOException {
        Path results = ResultsFixtures.builder().experiment("backend-comparison").backends("cpu", "nd4j")
                .seeds(0L, 1L).write(dir.resolve("two-cpu-backends"));
        browser.open(report("two-cpu-backends", results));

        // 2 comparison charts + 2 learning-curve charts per model
        assertCleanAndDrawn(6);
        assertEquals(List.of("cpu", "nd4j", "cpu", "nd4j"), texts("#overview-table td.col-backend"));
        assertEquals(List.of("nd4j vs cpu", "nd4j vs cpu"), texts("#comparison-table td.col-backend"));
        assertEquals(1, browser.driver().findElements(By.id("compare-speed")).size());
        browser.screenshot(Path.of("target", "report-two-cpu-backends.png"));
    }

    @Test
    void aRealRunOnTheTwoCpuBackendsIsComparedWithEveryChartDrawn() throws IOException, java.net.URISyntaxException {
        // written by 'lenet run' of lenet5-relu-maxpool on "backends": ["cpu", "nd4j"], seeds 0 and 1, 2 epochs on
        // the first 5,000 training images (2026-12-05)
        Path run = Path.of(ReportInBrowserTest.class.getResource("results/two-cpu-backends").toURI());
        browser.open(report("two-cpu-backends-run", run));

        // 2 comparison charts + 2 learning-curve charts for the one model
        assertCleanAndDrawn(4);
        assertEquals(List.of("cpu", "nd4j"), texts("#overview-table td.col-backend"));
        assertEquals(List.of("nd4j vs cpu"), texts("#comparison-table td.col-backend"));
        assertEquals(1, browser.driver().findElements(By.id("compare-accuracy")).size());
        browser.screenshot(Path.of("target", "report-two-cpu-backends-run.png"));
    }

    @Test
    void oneBackendSaysSoInsteadOfAnEmptyChart() {
        Path results = ResultsFixtures.builder().backends("cpu").write(dir.resolve("cpu-only"));
        browser.open(report("cpu-only", results));

        assertCleanAndDrawn(4);
        assertTrue(browser.driver().findElement(By.id("comparison-note")).getText()
                .startsWith("Every cell ran on one backend (cpu)"));
        assertEquals(0, browser.driver().findElements(By.id("compare-speed")).size());
    }

    @Test
    void anOldResultsDirectoryRendersWithItsArchitectures() throws java.net.URISyntaxException {
        // written by 'lenet run experiments/specs/ci-smoke.json' before results recorded architectures
        Path old = Path.of(ReportInBrowserTest.class.getResource("results/legacy-run").toURI());
        browser.open(report("legacy-run", old));

        assertCleanAndDrawn(2 * 2);
        assertEquals(2, browser.driver().findElements(By.cssSelector("table.architecture")).size());
        assertEquals(List.of("44,426", "61,706"), texts("table.architecture tfoot th:nth-child(4)"));
        assertEquals(2 * 48, browser.driver().findElements(By.cssSelector("figure.digit")).size());
    }

    @Test
    void fortyCellReportIsSmallAndOpensQuickly() throws IOException {
        Path results = ResultsFixtures.builder().experiment("forty-cells")
                .models("lenet-a", "lenet-b", "lenet-c", "lenet-d").backends("cpu", "cuda")
                .seeds(0L, 1L, 2L, 3L, 4L).epochs(10).write(dir.resolve("forty"));
        assertEquals(40, ResultsLoader.load(results).results().cells().size());
        long renderStart = System.nanoTime();
        Path html = report("forty", results);
        double renderMillis = (System.nanoTime() - renderStart) / 1e6;
        long bytes = Files.size(html);

        double wall = browser.open(html);
        double loadEvent = browser.loadEventEnd();
        System.out.printf(Locale.ROOT, "[report] 40-cell report: %,d bytes (%.2f MB), rendered in %.0f ms; opened in "
                + "headless Chromium in %.0f ms (driver.get), load event ended at %.0f ms%n", bytes, bytes / 1e6,
                renderMillis, wall, loadEvent);

        assertCleanAndDrawn(2 + 4 * 2);
        assertEquals(8, browser.driver().findElements(By.cssSelector("#overview-table tbody tr")).size());
        assertTrue(bytes < 5_000_000, "report size " + bytes + " bytes");
        // generous bound for shared CI machines; the measured figure is printed above
        assertTrue(loadEvent < 5_000, "load took " + loadEvent + " ms");
        browser.screenshot(Path.of("target", "report-forty-cells.png"));
    }
}
