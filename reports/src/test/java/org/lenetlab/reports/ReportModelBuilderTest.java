package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.ResultsFile;

class ReportModelBuilderTest {
    private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");

    private static ReportModel build(Optional<TestImages> images, ResultsFile... files) {
        List<LoadedResults> runs = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            runs.add(new LoadedResults(Path.of("/runs/run-" + i), files[i]));
        }
        return ReportModelBuilder.build(runs, images, NOW);
    }

    @Test
    void groupsCellsOverSeedsAndAggregates() {
        ResultsFile results = ResultsFixtures.builder().withProblems().build();
        ReportModel model = build(Optional.empty(), results);

        assertEquals(4, model.overview().size());
        ReportModel.GroupRow first = model.overview().get(0);
        assertEquals("lenet5-fixture-a", first.model());
        assertEquals("cpu", first.backend());
        assertEquals("0, 1, 99", first.seeds());
        assertEquals("2 ok · 1 failed", first.status());
        assertEquals("status-failed", first.statusClass());

        double[] accuracies = results.cells().stream()
                .filter(c -> c.model().equals("lenet5-fixture-a") && c.backend().equals("cpu") && c.testAccuracy() != null)
                .mapToDouble(CellResult::testAccuracy).toArray();
        Stats stats = Stats.of(accuracies);
        assertEquals(2, stats.n());
        assertEquals(Formats.sortKey(stats.mean()), first.accuracy().sort());
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f ± %.2f%%", stats.mean() * 100, stats.std() * 100),
                first.accuracy().text());
        assertEquals(Math.abs(accuracies[0] - accuracies[1]) / Math.sqrt(2), stats.std(), 1e-12);

        // exactly one best per marked column, and the GPU rows are the fastest
        assertEquals(1, model.overview().stream().filter(r -> r.accuracy().best()).count());
        assertTrue(model.overview().stream().filter(r -> r.trainSpeed().best()).allMatch(r -> r.backend().equals("cuda")));
        assertEquals(2, model.problems().size());
        assertEquals("failed", model.problems().get(0).status());
    }

    @Test
    void architectureHasTheNumbersOfLenetSummary() {
        ReportModel model = build(Optional.empty(), ResultsFixtures.builder().backends("cpu").build());
        ReportModel.Architecture a = model.models().get(0).architecture();
        assertEquals("1×28×28", a.input());
        assertEquals(12, a.layers().size());
        ReportModel.Layer conv1 = a.layers().get(0);
        assertEquals(List.of("conv1", "convolution", "6×24×24", "156", "0", "89,856"),
                List.of(conv1.name(), conv1.type(), conv1.output(), conv1.trainable(), conv1.fixed(), conv1.connections()));
        // 6 filters in conv1 is the shipped lenet5-relu-maxpool: 44,426 parameters
        assertEquals("44,426", a.total().get(0).trainable());
        assertEquals("", a.error());
    }

    @Test
    void architecturesComeFromTheResultsNotFromPlanning() {
        // results without architectures that did not come through ResultsLoader (which fills them in) have none
        ReportModel model = build(Optional.empty(), ResultsFixtures.builder().backends("cpu").legacy().build());
        ReportModel.Architecture a = model.models().get(0).architecture();
        assertEquals(ModelCatalog.NOT_RECORDED, a.error());
        assertEquals(List.of(), a.layers());
        assertEquals("A LeNet-5 variant with 6 filters in conv1, for report tests.", model.models().get(0).description());
    }

    @Test
    void chartsAreGatheredFromTheSectionsInPageOrder() {
        ReportModel model = build(Optional.empty(), ResultsFixtures.builder().build());
        List<String> canvases = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"canvas\":\"([^\"]+)\"").matcher(model.chartData());
        while (m.find()) {
            canvases.add(m.group(1));
        }
        assertEquals(List.of("compare-speed", "compare-accuracy", "curve-accuracy-0", "curve-loss-0",
                "curve-accuracy-1", "curve-loss-1"), canvases);
        assertEquals("curve-accuracy-1", model.models().get(1).curves().get(0).accuracyCanvas());
        assertEquals(4, model.models().get(1).curves().get(0).accuracy().series().size(), "one line per cell");
    }

    @Test
    void settingsThatDifferAreFoundAndLabelled() {
        ReportModel model = build(Optional.empty(),
                ResultsFixtures.builder().backends("cpu").learningRates(0.001, 0.01).build());
        assertEquals("learningRate", model.settings().differing());
        assertTrue(model.settingsDiffer());
        assertEquals(List.of("learningRate 0.001", "learningRate 0.01"),
                model.overview().stream().limit(2).map(ReportModel.GroupRow::settings).toList());
        assertEquals(1, model.settings().columns().stream().filter(c -> !c.same()).count());
        assertEquals("mean 0.1307, std 0.3081", model.settings().rows().get(0).values().stream()
                .filter(v -> v.text().startsWith("mean")).findFirst().orElseThrow().text());
    }

    @Test
    void backendsFromTwoRunsArePaired() {
        ReportModel model = build(Optional.empty(), ResultsFixtures.builder().backends("cpu").build(),
                ResultsFixtures.builder().backends("cuda").build());
        assertEquals("", model.comparison().note());
        assertEquals("cpu", model.comparison().baseline());
        assertEquals(2, model.comparison().rows().size());
        ReportModel.ComparisonRow row = model.comparison().rows().get(0);
        assertEquals("cuda", row.backend());
        assertTrue(row.trainRatio().endsWith("×") && Double.parseDouble(row.trainRatio().replace("×", "")) > 5,
                row.trainRatio());
        assertTrue(model.chartData().contains("\"canvas\":\"compare-speed\""));
    }

    @Test
    void oneBackendIsSaidPlainly() {
        ReportModel model = build(Optional.empty(), ResultsFixtures.builder().backends("cpu").build());
        assertTrue(model.comparison().note().startsWith("Every cell ran on one backend (cpu)"));
        assertEquals(List.of(), model.comparison().rows());
        assertTrue(!model.chartData().contains("compare-speed"));
    }

    @Test
    void confusionIsSummedAndDigitsAreCapped() {
        ResultsFile results = ResultsFixtures.builder().backends("cpu").build();
        ReportModel model = build(Optional.of(ResultsFixtures.testImages()), results);
        ReportModel.Confusion confusion = model.models().get(0).confusion().get(0);
        long total = confusion.rows().stream().flatMap(r -> r.cells().stream())
                .mapToLong(c -> Long.parseLong(c.count().replace(",", ""))).sum();
        assertEquals(20_000, total, "two cells of 10,000 test images");
        assertEquals(10, confusion.perClass().size());

        List<ReportModel.CellDigits> digits = model.models().get(0).digits();
        assertEquals(2, digits.size());
        assertTrue(digits.get(0).open());
        assertEquals(DigitsBuilder.DIGITS_PER_CELL, digits.get(0).digits().size());
        CellResult cell = results.cells().get(0);
        ReportModel.Digit d = digits.get(0).digits().get(0);
        assertEquals((int) cell.misclassified().get(0), d.index());
        assertEquals(Integer.toString(cell.misclassifiedAs().get(0)), d.predicted());
        assertEquals(Integer.toString(ResultsFixtures.testImages().images().label(d.index())), d.truth());
        assertTrue(model.digitCss().contains("." + d.cssClass() + "{background-image:url(data:image/png;base64,"));
        assertEquals(List.of(), model.notes());
    }

    @Test
    void withoutImagesDigitsAreListedByIndexAndTheReportSaysWhy() {
        ReportModel model = build(Optional.empty(), ResultsFixtures.builder().backends("cpu").build());
        assertEquals("", model.digitCss());
        assertEquals("", model.models().get(0).digits().get(0).digits().get(0).cssClass());
        assertTrue(model.notes().stream().anyMatch(n -> n.contains("misclassified digits are listed by index only")));
    }

    @Test
    void aRunStillGoingReloads() {
        ReportModel model = build(Optional.empty(), ResultsFixtures.builder().backends("cpu").running().build());
        assertEquals(HeaderBuilder.REFRESH_SECONDS, model.refreshSeconds());
        assertTrue(model.progress().contains("still running"), model.progress());
        assertNull(build(Optional.empty(), ResultsFixtures.builder().backends("cpu").build()).refreshSeconds());
    }
}
