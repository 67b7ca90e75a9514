package org.lenetlab.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.lenetlab.provenance.RunProvenance;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.TestSettings;
import org.lenetlab.results.Timings;
import org.lenetlab.train.EpochResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class VerifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A 3-class confusion matrix with {@code correct} on the diagonal of class 0. */
    private static List<List<Integer>> matrix(int correct) {
        return List.of(List.of(correct, 5, 5), List.of(1, 100, 0), List.of(0, 2, 100));
    }

    private static CellResult cell(String id, long trainable, double acc1, double acc2, double trainLoss,
                                   List<List<Integer>> confusion, String weights) {
        List<EpochResult> epochs = List.of(new EpochResult(1, 0.9, 0.7, 0.5, acc1, 3.1, 1000, null),
                new EpochResult(2, trainLoss, 0.8, 0.25, acc2, 2.9, 1100, null));
        return new CellResult(id, id.substring(0, id.indexOf('/')), "cpu", 0, TestSettings.sgd(2), CellStatus.OK, null,
                "test CPU", new ParameterCounts(trainable, 0), epochs, acc2, confusion, List.of(), List.of(), null,
                new Timings(6, 1050, 20000), weights);
    }

    private static RunProvenance provenance(String javaVersion, String nd4j) {
        Map<String, String> libraries = new TreeMap<>(Map.of("org.nd4j:nd4j-native", nd4j, "org.tribuo:tribuo-core", "4.3.2"));
        return new RunProvenance("0.1.0", "abc", false, "Vendor", javaVersion, "VM", "Linux", "CPU", 2, nd4j, null,
                libraries, Map.of(), Map.of("cpu", "test CPU"), "sha", Map.of("train-images-idx3-ubyte", "00"),
                List.of(0L), Instant.EPOCH.toString(), Instant.EPOCH.toString());
    }

    private static ResultsFile results(JsonNode spec, RunProvenance provenance, CellResult... cells) {
        return new ResultsFile("exp", "exp.json", spec.toString().hashCode() + "", spec, "t0", "t1", null, Map.of(),
                List.of(cells), provenance, null);
    }

    private static JsonNode spec(double learningRate) {
        ObjectNode node = JSON.createObjectNode();
        node.put("experiment", "exp");
        node.putObject("training").putArray("learningRate").add(learningRate);
        return node;
    }

    private static Baseline baseline(ResultsFile results) {
        return Baseline.of(results, Tolerances.DEFAULTS, "now");
    }

    private static ResultsFile reference() {
        return results(spec(0.001), provenance("17.0.15", "1.0.0-M2.1"),
                cell("a/cpu/seed=0", 44426, 0.8939, 0.9285, 0.311, matrix(90), "w1"),
                cell("b/cpu/seed=0", 61706, 0.3108, 0.7399, 1.547, matrix(80), "w2"));
    }

    private static Check row(VerifyReport report, String cell, String metric) {
        return report.checks().stream().filter(c -> c.cell().equals(cell) && c.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + cell + " " + metric + " in\n" + report.table()));
    }

    @Test
    void identicalRunPasses() {
        VerifyReport report = Verifier.verify(baseline(reference()), reference(), Tolerances.DEFAULTS);
        assertTrue(report.passed(), report.render());
        assertEquals(Check.Verdict.INFO, row(report, "a/cpu/seed=0", "weightsSha256").verdict());
        assertEquals("same", row(report, "a/cpu/seed=0", "weightsSha256").difference());
        assertEquals(16, report.checks().size());
        assertTrue(report.render().contains("spec: unchanged"), report.render());
        assertTrue(report.render().contains("environment: unchanged"), report.render());
        assertTrue(report.summary().startsWith("verify: passed, 14 checks within tolerance"), report.summary());
    }

    @Test
    void metricsOutsideTheirTolerancesFail() {
        ResultsFile moved = results(spec(0.001), provenance("17.0.15", "1.0.0-M2.1"),
                cell("a/cpu/seed=0", 44436, 0.8939, 0.9305, 0.3145, matrix(79), "w9"),
                cell("b/cpu/seed=0", 61706, 0.3118, 0.7409, 1.547 * 1.009, matrix(90), "w2"));
        VerifyReport report = Verifier.verify(baseline(reference()), moved, Tolerances.DEFAULTS);
        assertFalse(report.passed());
        Check params = row(report, "a/cpu/seed=0", "parameters.trainable");
        assertEquals(List.of("44426", "44436", "+10", "exact", "FAIL"), List.of(params.baseline(), params.actual(),
                params.difference(), params.tolerance(), params.verdict().label()));
        Check accuracy = row(report, "a/cpu/seed=0", "testAccuracy (epoch 2)");
        assertEquals(List.of("0.9285", "0.9305", "+0.002", "±0.002", "pass"), List.of(accuracy.baseline(),
                accuracy.actual(), accuracy.difference(), accuracy.tolerance(), accuracy.verdict().label()));
        Check loss = row(report, "a/cpu/seed=0", "trainLoss (last epoch)");
        assertEquals("+0.0035 (+1.13%)", loss.difference());
        assertEquals(Check.Verdict.FAIL, loss.verdict());
        Check confusion = row(report, "a/cpu/seed=0", "confusionMatrix");
        assertEquals(Check.Verdict.FAIL, confusion.verdict());
        assertEquals("max |Δ| 11 at [0][0], 1 counts changed", confusion.difference());
        assertEquals(Check.Verdict.PASS, row(report, "b/cpu/seed=0", "confusionMatrix").verdict()); // 10 is allowed
        assertEquals(Check.Verdict.PASS, row(report, "b/cpu/seed=0", "trainLoss (last epoch)").verdict());
        assertEquals(Check.Verdict.PASS, row(report, "b/cpu/seed=0", "testAccuracy (epoch 1)").verdict());
        assertEquals("differs", row(report, "a/cpu/seed=0", "weightsSha256").difference());
        assertEquals(3, report.violations().size(), report.table());
        assertTrue(report.summary().contains("FAILED, 3 of 14 checks outside tolerance in 1 cell: a/cpu/seed=0"),
                report.summary());
        assertTrue(Verifier.verify(baseline(reference()), moved, Tolerances.DEFAULTS.override(
                List.of("trainLoss=2%", "confusionMatrix=11"))).violations().size() == 1);
    }

    @Test
    void missingUnexpectedAndReseededCells() {
        ResultsFile other = results(spec(0.001), provenance("17.0.15", "1.0.0-M2.1"),
                cell("a/cpu/seed=5", 44426, 0.89, 0.93, 0.311, matrix(90), "w1"),
                cell("c/cpu/seed=0", 100, 0.5, 0.6, 1.0, matrix(90), "w3"));
        VerifyReport report = Verifier.verify(baseline(reference()), other, Tolerances.DEFAULTS);
        Check reseeded = row(report, "a/cpu/seed=5", "cell id");
        assertEquals(List.of("a/cpu/seed=0", "a/cpu/seed=5", "FAIL"), List.of(reseeded.baseline(), reseeded.actual(),
                reseeded.verdict().label()));
        assertEquals(Check.Verdict.FAIL, row(report, "a/cpu/seed=5", "testAccuracy (epoch 1)").verdict());
        assertEquals(List.of("present", "missing"), List.of(row(report, "b/cpu/seed=0", "cell").baseline(),
                row(report, "b/cpu/seed=0", "cell").actual()));
        assertEquals(List.of("absent", "present"), List.of(row(report, "c/cpu/seed=0", "cell").baseline(),
                row(report, "c/cpu/seed=0", "cell").actual()));
    }

    @Test
    void aFailedCellFailsWithItsReason() {
        CellResult failed = new CellResult("b/cpu/seed=0", "b", "cpu", 0, TestSettings.sgd(1), CellStatus.FAILED,
                "training diverged", "test CPU", new ParameterCounts(61706, 0), List.of(), null, null, null, null, null, null,
                null);
        ResultsFile run = results(spec(0.001), provenance("17.0.15", "1.0.0-M2.1"), reference().cells().get(0), failed);
        VerifyReport report = Verifier.verify(baseline(reference()), run, Tolerances.DEFAULTS);
        Check status = row(report, "b/cpu/seed=0", "status");
        assertEquals("failed: training diverged", status.actual());
        assertEquals(Check.Verdict.PASS, row(report, "b/cpu/seed=0", "parameters.trainable").verdict());
        assertEquals(1, report.violations().size(), report.table());
    }

    @Test
    void provenanceDiffNamesSpecFieldsAndEnvironmentChanges() {
        ResultsFile run = new ResultsFile("exp", "exp.json", "other", spec(0.002), "t0", "t1", null, Map.of(),
                reference().cells(), provenance("21.0.2", "1.0.0-M3"), null);
        VerifyReport report = Verifier.verify(baseline(reference()), run, Tolerances.DEFAULTS);
        String diff = report.provenanceDiff();
        assertTrue(diff.contains("spec: changed"), diff);
        assertTrue(diff.contains("  $.training.learningRate: [0.001] → [0.002]"), diff);
        assertTrue(diff.contains("environment: 3 changes:"), diff);
        assertTrue(diff.contains("provenance.javaVersion: \"17.0.15\" → \"21.0.2\""), diff);
        assertTrue(diff.contains("provenance.nd4jVersion: \"1.0.0-M2.1\" → \"1.0.0-M3\""), diff);
        assertTrue(diff.contains("provenance.libraries['org.nd4j:nd4j-native']: \"1.0.0-M2.1\" → \"1.0.0-M3\""), diff);
        assertFalse(diff.contains("startedAt"), diff);
        assertTrue(report.passed(), "a changed environment alone is not a failure");
    }

    @Test
    void junitXmlHasOneCasePerCheckAndTheFailures() throws Exception {
        ResultsFile moved = results(spec(0.001), provenance("17.0.15", "1.0.0-M2.1"),
                cell("a/cpu/seed=0", 44426, 0.8939, 0.9385, 0.311, matrix(90), "w1"),
                cell("b/cpu/seed=0", 61707, 0.3108, 0.7399, 1.547, matrix(80), "w2"));
        VerifyReport report = Verifier.verify(baseline(reference()), moved, Tolerances.DEFAULTS);
        byte[] xml = JUnitXml.bytes(report, "baselines/exp.json", 1.5, Instant.parse("2026-01-02T03:04:05Z"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("lenet verify exp", suite.getAttribute("name"));
        assertEquals("15", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("failures"));
        assertEquals("2026-01-02T03:04:05", suite.getAttribute("timestamp"));
        NodeList failures = doc.getElementsByTagName("failure");
        assertEquals(2, failures.getLength());
        Element failed = (Element) failures.item(0).getParentNode();
        assertEquals("a/cpu/seed=0 :: testAccuracy (epoch 2)", failed.getAttribute("name"));
        assertEquals("testAccuracy (epoch 2): baseline 0.9285, actual 0.9385, difference +0.01, allowed ±0.002",
                ((Element) failures.item(0)).getAttribute("message"));
        List<String> names = new ArrayList<>();
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("name"));
        }
        assertTrue(names.contains("provenance"), names.toString());
        assertTrue(new String(xml, java.nio.charset.StandardCharsets.UTF_8).contains("verify: FAILED"));
    }
}
