package org.lenetlab.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lenetlab.gates.Check.Verdict;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;

/**
 * Compares a run with a baseline. Cells are matched by id. A baseline cell without a match is a violation, and so is
 * a run cell without one; when such cells differ only in the seed part of the id (the spec's seeds changed), they are
 * also paired in matrix order and their metrics compared, so the table shows how far they moved.
 *
 * <p>Per matched cell: the status (must be ok); parameter counts, exactly; each epoch's test accuracy, within the
 * absolute {@code testAccuracy} tolerance; the last epoch's training and test loss, within the relative
 * {@code trainLoss}/{@code testLoss} tolerance; every confusion-matrix count, within the absolute
 * {@code confusionMatrix} tolerance; and, for information only, the trained weights' digest.
 */
public final class Verifier {
    /** Provenance fields left out of the environment diff: times always differ; the spec section covers the rest. */
    private static final List<String> NOT_ENVIRONMENT = List.of("startedAt", "finishedAt", "specSha256", "seeds");

    private Verifier() {
    }

    /** Verifies {@code results} against {@code baseline} with {@code tolerances}. */
    public static VerifyReport verify(Baseline baseline, ResultsFile results, Tolerances tolerances) {
        List<Check> checks = new ArrayList<>();
        Map<String, BaselineCell> expected = new LinkedHashMap<>();
        baseline.cells().forEach(c -> expected.put(c.id(), c));
        Map<String, CellResult> actual = new LinkedHashMap<>();
        results.cells().forEach(c -> actual.putIfAbsent(c.id(), c));

        List<BaselineCell> missing = new ArrayList<>();
        for (BaselineCell b : baseline.cells()) {
            CellResult a = actual.get(b.id());
            if (a == null) {
                missing.add(b);
            } else {
                compare(b.id(), b, a, tolerances, checks);
            }
        }
        List<CellResult> unexpected = new ArrayList<>();
        for (CellResult a : actual.values()) {
            if (!expected.containsKey(a.id())) {
                unexpected.add(a);
            }
        }
        for (BaselineCell b : new ArrayList<>(missing)) {
            CellResult partner = unexpected.stream().filter(a -> withoutSeed(a.id()).equals(withoutSeed(b.id())))
                    .findFirst().orElse(null);
            if (partner != null) {
                missing.remove(b);
                unexpected.remove(partner);
                checks.add(new Check(partner.id(), "cell id", b.id(), partner.id(), "seed changed", "same id",
                        Verdict.FAIL));
                compare(partner.id(), b, partner, tolerances, checks);
            }
        }
        for (BaselineCell b : missing) {
            checks.add(new Check(b.id(), "cell", "present", "missing", "not in this run", "present", Verdict.FAIL));
        }
        for (CellResult a : unexpected) {
            checks.add(new Check(a.id(), "cell", "absent", "present", "not in the baseline", "absent", Verdict.FAIL));
        }

        List<JsonDiff.Change> specChanges = JsonDiff.diff(baseline.resolvedSpec(), results.resolvedSpec());
        List<JsonDiff.Change> environmentChanges = environmentDiff(baseline, results);
        return new VerifyReport(baseline.experiment(), results.experiment(), baseline.specSha256(),
                results.specSha256(), tolerances, checks, specChanges, environmentChanges,
                baseline.provenance() == null, results.provenance() == null);
    }

    private static void compare(String label, BaselineCell b, CellResult result, Tolerances t, List<Check> out) {
        BaselineCell a = BaselineCell.of(result);
        if (a.status() != CellStatus.OK) {
            out.add(new Check(label, "status", statusText(b.status()), a.status().jsonName()
                    + (result.reason() == null ? "" : ": " + result.reason()), "", "ok", Verdict.FAIL));
        }
        exact(label, "parameters.trainable", b.parameters().trainable(), a.parameters() == null ? null
                : a.parameters().trainable(), out);
        exact(label, "parameters.fixed", b.parameters().fixed(), a.parameters() == null ? null
                : a.parameters().fixed(), out);
        if (a.status() != CellStatus.OK) {
            return; // nothing else was measured
        }
        int epochs = Math.max(b.epochs().size(), a.epochs().size());
        for (int i = 0; i < epochs; i++) {
            String metric = "testAccuracy (epoch " + (i + 1) + ")";
            Double before = i < b.epochs().size() ? b.epochs().get(i).testAccuracy() : null;
            Double after = i < a.epochs().size() ? a.epochs().get(i).testAccuracy() : null;
            absolute(label, metric, before, after, t.testAccuracy(), out);
        }
        relative(label, "trainLoss (last epoch)", b.trainLoss(), a.trainLoss(), t.trainLoss(), out);
        relative(label, "testLoss (last epoch)", b.testLoss(), a.testLoss(), t.testLoss(), out);
        confusion(label, b.confusionMatrix(), a.confusionMatrix(), t.confusionMatrix(), out);
        if (b.weightsSha256() != null && a.weightsSha256() != null) {
            boolean same = b.weightsSha256().equals(a.weightsSha256());
            out.add(new Check(label, "weightsSha256", shortHash(b.weightsSha256()), shortHash(a.weightsSha256()),
                    same ? "same" : "differs", "info", Verdict.INFO));
        }
    }

    private static void exact(String cell, String metric, long before, Long after, List<Check> out) {
        if (after == null) {
            out.add(new Check(cell, metric, Long.toString(before), "-", "missing", "exact", Verdict.FAIL));
            return;
        }
        long d = after - before;
        out.add(new Check(cell, metric, Long.toString(before), Long.toString(after),
                d == 0 ? "0" : (d > 0 ? "+" : "") + d, "exact", d == 0 ? Verdict.PASS : Verdict.FAIL));
    }

    private static void absolute(String cell, String metric, Double before, Double after, double tolerance,
                                 List<Check> out) {
        String allowed = "±" + Checks.number(tolerance);
        if (before == null || after == null) {
            out.add(new Check(cell, metric, show(before), show(after), "missing", allowed, Verdict.FAIL));
            return;
        }
        double d = after - before;
        out.add(new Check(cell, metric, Checks.number(before), Checks.number(after), Checks.signed(d), allowed,
                within(d, tolerance) ? Verdict.PASS : Verdict.FAIL));
    }

    private static void relative(String cell, String metric, Double before, Double after, double tolerance,
                                 List<Check> out) {
        String allowed = "±" + Checks.number(tolerance * 100) + "%";
        if (before == null || after == null) {
            out.add(new Check(cell, metric, show(before), show(after), "missing", allowed, Verdict.FAIL));
            return;
        }
        double d = after - before;
        double rel = before == 0 ? (d == 0 ? 0 : Double.POSITIVE_INFINITY) : d / Math.abs(before);
        boolean ok = Double.isFinite(after) && within(rel, tolerance);
        out.add(new Check(cell, metric, Checks.number(before), Checks.number(after),
                Checks.signed(d) + " (" + Checks.percent(rel) + ")", allowed, ok ? Verdict.PASS : Verdict.FAIL));
    }

    private static void confusion(String cell, List<List<Integer>> before, List<List<Integer>> after, double tolerance,
                                  List<Check> out) {
        String allowed = "±" + Checks.number(tolerance) + " per count";
        if (before == null || after == null) {
            out.add(new Check(cell, "confusionMatrix", before == null ? "-" : "present", after == null ? "-" : "present",
                    "missing", allowed, Verdict.FAIL));
            return;
        }
        if (before.size() != after.size()) {
            out.add(new Check(cell, "confusionMatrix", before.size() + " classes", after.size() + " classes",
                    "different size", allowed, Verdict.FAIL));
            return;
        }
        int worst = 0;
        int worstTrue = -1;
        int worstPredicted = -1;
        int changed = 0;
        for (int t = 0; t < before.size(); t++) {
            if (before.get(t).size() != after.get(t).size()) {
                out.add(new Check(cell, "confusionMatrix", before.get(t).size() + " classes", after.get(t).size()
                        + " classes", "different size", allowed, Verdict.FAIL));
                return;
            }
            for (int p = 0; p < before.get(t).size(); p++) {
                int d = Math.abs(after.get(t).get(p) - before.get(t).get(p));
                if (d != 0) {
                    changed++;
                }
                if (d > worst) {
                    worst = d;
                    worstTrue = t;
                    worstPredicted = p;
                }
            }
        }
        String difference = worst == 0 ? "0"
                : "max |Δ| " + worst + " at [" + worstTrue + "][" + worstPredicted + "], " + changed + " counts changed";
        out.add(new Check(cell, "confusionMatrix", "correct " + trace(before), "correct " + trace(after), difference,
                allowed, worst <= tolerance ? Verdict.PASS : Verdict.FAIL));
    }

    /**
     * Whether {@code |difference| ≤ tolerance}, forgiving the last bits of rounding: accuracies are multiples of
     * 1/10,000 that doubles cannot hold exactly, so 0.9305 − 0.9285 is 0.0020000000000000018.
     */
    static boolean within(double difference, double tolerance) {
        return Math.abs(difference) <= tolerance * (1 + 1e-9) + 1e-12;
    }

    private static long trace(List<List<Integer>> m) {
        long sum = 0;
        for (int i = 0; i < m.size(); i++) {
            if (i < m.get(i).size()) {
                sum += m.get(i).get(i);
            }
        }
        return sum;
    }

    private static List<JsonDiff.Change> environmentDiff(Baseline baseline, ResultsFile results) {
        if (baseline.provenance() == null || results.provenance() == null) {
            return List.of();
        }
        JsonNode before = ResultsWriter.mapper().valueToTree(baseline.provenance());
        JsonNode after = ResultsWriter.mapper().valueToTree(results.provenance());
        for (String field : NOT_ENVIRONMENT) {
            ((ObjectNode) before).remove(field);
            ((ObjectNode) after).remove(field);
        }
        return JsonDiff.diff("provenance", before, after);
    }

    /** The cell id without its trailing {@code /seed=N}. */
    static String withoutSeed(String id) {
        int at = id.lastIndexOf("/seed=");
        return at < 0 ? id : id.substring(0, at);
    }

    private static String statusText(CellStatus status) {
        return status == null ? "ok" : status.jsonName();
    }

    private static String show(Double value) {
        return value == null ? "-" : Checks.number(value);
    }

    private static String shortHash(String hex) {
        Objects.requireNonNull(hex);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
