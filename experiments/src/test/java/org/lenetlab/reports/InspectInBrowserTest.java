package org.lenetlab.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.cli.LenetCommand;
import org.lenetlab.data.ImageSet;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.ExperimentService;

/**
 * {@code lenet inspect} and the run report's "Inside the networks" section, on models trained here briefly, opened
 * in headless Chromium offline: no console errors, every tile drawn, one panel per model, and the class and scores
 * the same as {@code lenet predict}'s.
 */
class InspectInBrowserTest {
    @TempDir
    static Path dir;

    static Chromium browser;
    static Path run;
    static Path digit;

    record Cli(int exitCode, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = LenetCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Cli(code, out.toString(), err.toString());
        }
    }

    @BeforeAll
    static void trainAndStart() throws IOException {
        Chromium.requireInstalled();
        String models = "\"" + Path.of("specs/models/lenet5-relu-maxpool-padded.json").toAbsolutePath() + "\", \""
                + Path.of("specs/models/lenet5-original.json").toAbsolutePath() + "\"";
        Path spec = dir.resolve("inspect.json");
        Files.writeString(spec, """
                {"experiment": "inspect", "models": [%s],
                 "training": {"epochs": 1, "batchSize": 16, "optimizer": "sgd", "learningRate": 0.01}, "seeds": [0]}
                """.formatted(models.replace("\\", "/")));
        run = dir.resolve("run");
        Cli cli = Cli.run("run", spec.toString(), "--out", run.toString(), "--data-dir",
                MnistTestData.directory().toString(), "--limit-train", "1000");
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());

        ImageSet test = MnistTestData.load().test();
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, Math.round(test.pixels()[y * 28 + x] * 255f));
            }
        }
        digit = dir.resolve("digit0.png");
        ImageIO.write(image, "png", digit.toFile());
        browser = new Chromium();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    /** The images of {@code selector} not drawn (not loaded, or zero-sized). */
    @SuppressWarnings("unchecked")
    private static List<String> undrawn(String selector) {
        return (List<String>) browser.script("""
                var bad = [];
                document.querySelectorAll(arguments[0]).forEach(function (img, i) {
                  if (!img.complete || img.naturalWidth === 0 || img.naturalHeight === 0) { bad.push(img.alt || ('#' + i)); }
                });
                return bad;
                """, selector);
    }

    private static long count(String selector) {
        return ((Number) browser.script("return document.querySelectorAll(arguments[0]).length;", selector)).longValue();
    }

    @Test
    void theInspectPageShowsEveryLayerDrawnAndPredictsAsPredictDoes() throws IOException {
        for (String model : List.of("lenet5-relu-maxpool-padded", "lenet5-original")) {
            Path checkpoint = CheckpointFiles.of(run, model + "/cpu/seed=0");
            Path page = dir.resolve(model + ".html");
            Cli cli = Cli.run("inspect", checkpoint.toString(), digit.toString(), "--out", page.toString());
            assertEquals(0, cli.exitCode(), cli.out() + cli.err());
            String html = Files.readString(page);
            assertFalse(html.contains("http://") || html.contains("https://"), "nothing from the network");

            browser.open(page);
            assertEquals(List.of(), browser.errors(), model + ": browser console errors");
            assertEquals(List.of(), undrawn("img"), model + ": images not drawn");
            int layers = ExperimentService.planModel(Path.of("specs/models/" + model + ".json")).layers().size();
            assertEquals(layers, count(".inspection-kind-layer"), model + ": one row per layer");
            assertEquals(1, count(".inspection-kind-input"));
            assertEquals(1, count(".inspection-kind-filters"));
            // C1 of both has 6 maps of 28×28: six tiles, each as tall as the maps say
            assertEquals(6L, ((Number) browser.script("return document.querySelectorAll("
                    + "'.inspection-layer')[1].querySelectorAll('img').length;")).longValue());

            Cli predict = Cli.run("predict", "--json", checkpoint.toString(), digit.toString());
            assertEquals(0, predict.exitCode(), predict.err());
            JsonNode row = ResultsWriter.mapper().readTree(predict.out()).get("predictions").get(0);
            assertEquals(row.get("prediction").asText(),
                    browser.script("return document.querySelector('.inspection-predicted').textContent;"));
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) browser.script("return Array.from(document.querySelectorAll("
                    + "'table.inspection-scores tr td:nth-child(2)')).map(function (td) { return td.textContent; });");
            assertEquals(10, shown.size());
            for (int k = 0; k < 10; k++) {
                assertEquals(row.get("scores").get(k).asDouble(), Double.parseDouble(shown.get(k)), 1e-4,
                        model + ": score of class " + k + " as predict computes it with the whole network");
            }
        }
    }

    @Test
    void theRunReportHasOnePanelPerModelDrawn() {
        Path report = run.resolve(HtmlReport.FILE_NAME);
        assertTrue(Files.exists(report));
        browser.open(report);
        assertEquals(List.of(), browser.errors(), "browser console errors");
        assertEquals(2, count("#inside .inspection"));
        assertEquals(1, count("#inside .inspection[data-model='lenet5-original']"));
        assertEquals(1, count("#inside .inspection[data-model='lenet5-relu-maxpool-padded']"));
        assertTrue(count("#inside img") > 40, "tiles in the panels");
        assertEquals(List.of(), undrawn("#inside img"), "panel images not drawn");
    }

    @Test
    void aBadCheckpointOrImageIsOneLine() throws IOException {
        Path bad = dir.resolve("bad.ckpt");
        Files.writeString(bad, "nope");
        Path page = dir.resolve("bad.html");
        Cli cli = Cli.run("inspect", bad.toString(), digit.toString(), "--out", page.toString());
        assertEquals(2, cli.exitCode());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertTrue(cli.err().contains("not a LeNet Lab checkpoint"), cli.err());
        Path checkpoint = CheckpointFiles.of(run, "lenet5-original/cpu/seed=0");
        Cli notImage = Cli.run("inspect", checkpoint.toString(), bad.toString(), "--out", page.toString());
        assertEquals(2, notImage.exitCode());
        assertEquals(1, notImage.err().strip().lines().count(), notImage.err());
        assertFalse(Files.exists(page), "nothing is written");
    }
}
