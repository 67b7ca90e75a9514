package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.SpecReader;

/**
 * Results directories written before results recorded their models' architectures still render, the same as those
 * written today. The fixtures under {@code src/test/resources/org/lenetlab/reports/results/}:
 * <ul>
 *   <li>{@code legacy-fixture/}: written by {@link ResultsFixtures} of the build before the new core contract
 *       (commit eaea960), without {@code models};</li>
 *   <li>{@code legacy-run/}: {@code lenet run experiments/specs/ci-smoke.json} of that build, without
 *       {@code models};</li>
 *   <li>{@code current/}: the legacy fixture in today's format, with {@code models};</li>
 *   <li>{@code *.charts.json}: the chart data the report builder of that build made of each legacy directory.</li>
 * </ul>
 */
class OldResultsTest {
    private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");
    private static final ObjectMapper JSON = ResultsWriter.mapper();

    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(OldResultsTest.class.getResource("results/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(String name) {
        try {
            return Files.readString(resource(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ReportModel report(Path... dirs) {
        return ReportModelBuilder.build(ResultsLoader.loadAll(List.of(dirs)), Optional.empty(), NOW);
    }

    private Path edited(String fixture, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(resource(fixture + "/results.json").toFile());
        edit.accept(json);
        Path run = Files.createDirectories(dir.resolve(fixture + "-edited"));
        Files.write(run.resolve(ResultsWriter.FILE_NAME), JSON.writeValueAsBytes(json));
        return run;
    }

    @Test
    void theFixturesAreOfBothKinds() throws IOException {
        assertNull(ResultsWriter.read(resource("legacy-fixture/results.json")).models());
        assertNull(ResultsWriter.read(resource("legacy-run/results.json")).models());
        assertEquals(1, ResultsWriter.read(resource("current/results.json")).models().size());
    }

    @Test
    void anOldResultsFileGetsItsArchitecturesWhenLoaded() throws IOException {
        LoadedResults loaded = ResultsLoader.load(resource("legacy-fixture"));
        ModelSpec spec = SpecReader.strictMapper().treeToValue(ResultsFixtures.modelJson("lenet5-fixture-a", 6),
                ModelSpec.class);
        assertEquals(List.of(ModelSummary.of(ModelPlanner.plan(spec, 0))), loaded.results().models());
        assertEquals(java.util.Map.of(), loaded.architectureProblems());
    }

    @Test
    void aPreprocessingSpecWithTheDerivedIdentityFieldOfEarlierBuildsStillPlans() throws IOException {
        Path run = edited("legacy-fixture", json -> {
            ObjectNode model = (ObjectNode) json.path("resolvedSpec").path("models").get(0);
            model.putObject("input").put("channels", 1).put("height", 32).put("width", 32);
            model.putObject("preprocessing").put("padding", 2).put("background", -0.1).put("foreground", 1.175)
                    .put("identity", false);
        });
        LoadedResults loaded = ResultsLoader.load(run);
        assertEquals(java.util.Map.of(), loaded.architectureProblems());
        assertEquals(List.of(1, 32, 32), loaded.results().models().get(0).inputShape());
    }

    @Test
    void oldAndCurrentFilesMakeTheReportOfTheBuildBefore() {
        ReportModel legacy = report(resource("legacy-fixture"));
        ReportModel current = report(resource("current"));
        assertEquals(text("legacy-fixture.charts.json"), legacy.chartData());
        assertEquals(legacy.chartData(), current.chartData());
        assertEquals(legacy.models(), current.models());
        assertEquals(legacy.overview(), current.overview());
        assertEquals(legacy.settings(), current.settings());
        assertEquals(legacy.notes(), current.notes());
        ReportModel.Architecture a = current.models().get(0).architecture();
        assertEquals("44,426", a.total().get(0).trainable());
        assertEquals("", a.error());
    }

    @Test
    void aRealRunOfTheBuildBeforeStillRenders() {
        Path run = resource("legacy-run");
        ReportModel model = report(run);
        assertEquals(text("legacy-run.charts.json"), model.chartData());
        assertEquals(List.of("lenet5-relu-maxpool", "lenet5-sigmoid-avgpool"),
                model.models().stream().map(ReportModel.Model::name).toList());
        // the trainable parameters of experiments/baselines/ci-smoke.json
        assertEquals(List.of("44,426", "61,706"),
                model.models().stream().map(m -> m.architecture().total().get(0).trainable()).toList());
        assertEquals(List.of("The MNIST test images were not available, so misclassified digits are listed by index"
                + " only."), model.notes());
        assertEquals("trainLimit", model.settings().columns().get(model.settings().columns().size() - 1).name());
        assertTrue(HtmlReport.render(ResultsLoader.loadAll(List.of(run)), Optional.empty())
                .contains("lenet5-sigmoid-avgpool"));
    }

    @Test
    void aCurrentFileIsReadNotPlanned() throws IOException {
        Path run = edited("current", json -> {
            ObjectNode summary = (ObjectNode) json.get("models").get(0);
            ((ObjectNode) summary.get("layers").get(0)).put("connections", 12_345).put("type", "recorded-type");
            summary.put("trainable", 44_427);
        });
        ReportModel model = report(run);
        ReportModel.Architecture a = model.models().get(0).architecture();
        assertEquals("12,345", a.layers().get(0).connections());
        assertEquals("recorded-type", a.layers().get(0).type());
        assertEquals("44,427", a.total().get(0).trainable());
        assertTrue(model.notes().contains("Cells of model lenet5-fixture-a report 44,426 trainable parameters, but its"
                + " spec plans 44,427."), model.notes().toString());
    }

    @Test
    void anOldModelThatCannotBeReadOrPlannedSaysWhy() throws IOException {
        Path run = edited("legacy-fixture", json -> {
            ArrayNode models = (ArrayNode) json.get("resolvedSpec").get("models");
            ObjectNode unreadable = models.get(0).deepCopy();
            unreadable.put("name", "unreadable").put("colour", "red");
            ObjectNode unplannable = models.get(0).deepCopy();
            unplannable.put("name", "unplannable");
            ((ObjectNode) unplannable.get("layers").get(0)).put("kernel", 50);
            models.add(unreadable).add(unplannable);
        });
        LoadedResults loaded = ResultsLoader.load(run);
        assertEquals(List.of("lenet5-fixture-a"), loaded.results().models().stream().map(ModelSummary::model).toList());
        assertEquals(List.of("unplannable", "unreadable"),
                loaded.architectureProblems().keySet().stream().sorted().toList());

        ReportModel model = report(run);
        assertEquals("", model.models().get(0).architecture().error());
        ReportModel.Architecture unreadable = model.models().get(1).architecture();
        assertTrue(unreadable.error().startsWith("cannot read the model spec: "), unreadable.error());
        assertTrue(unreadable.error().contains("colour"), unreadable.error());
        assertEquals(List.of(), unreadable.layers());
        ReportModel.Architecture unplannable = model.models().get(2).architecture();
        assertTrue(unplannable.error().startsWith("cannot plan the model: $.layers[0]"), unplannable.error());
        assertEquals("no cell has finished yet", model.models().get(2).cells());
    }

    @Test
    void anOldFileWithoutItsSpecHasNoArchitecture() throws IOException {
        Path run = edited("legacy-fixture", json -> json.remove("resolvedSpec"));
        LoadedResults loaded = ResultsLoader.load(run);
        assertNull(loaded.results().models());
        ReportModel model = report(run);
        assertEquals(ModelCatalog.NO_SPEC, model.models().get(0).architecture().error());
        assertNotNull(model.models().get(0).confusion().get(0));
    }
}
