package org.lenetlab.gates;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The outcome of a verification: the checks, what changed in the resolved spec, and what changed in the environment
 * (provenance without times).
 *
 * @param experiment            the baseline's experiment
 * @param runExperiment         the run's experiment
 * @param baselineSpecSha256    the baseline's spec hash
 * @param runSpecSha256         the run's spec hash
 * @param tolerances            the tolerances applied
 * @param checks                one row per cell and metric, in baseline order
 * @param specChanges           resolved-spec fields that differ, by JSON path
 * @param environmentChanges    provenance fields that differ (git, Java, OS, CPU, libraries, devices, data hashes)
 * @param baselineHasNoProvenance whether the baseline has no provenance to compare
 * @param runHasNoProvenance    whether the run has no provenance to compare
 */
public record VerifyReport(String experiment, String runExperiment, String baselineSpecSha256, String runSpecSha256,
                           Tolerances tolerances, List<Check> checks, List<JsonDiff.Change> specChanges,
                           List<JsonDiff.Change> environmentChanges, boolean baselineHasNoProvenance,
                           boolean runHasNoProvenance) {

    /** Copies the lists. */
    public VerifyReport {
        checks = List.copyOf(checks);
        specChanges = List.copyOf(specChanges);
        environmentChanges = List.copyOf(environmentChanges);
    }

    /** Whether no check failed. */
    public boolean passed() {
        return checks.stream().noneMatch(Check::failed);
    }

    /** The failed checks. */
    public List<Check> violations() {
        return checks.stream().filter(Check::failed).toList();
    }

    /** Whether the spec's hash differs. */
    public boolean specChanged() {
        return baselineSpecSha256 == null ? runSpecSha256 != null : !baselineSpecSha256.equals(runSpecSha256);
    }

    /** The checks as an aligned text table with a header row. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"cell", "metric", "baseline", "actual", "difference", "tolerance", "verdict"});
        for (Check c : checks) {
            rows.add(new String[] {c.cell(), c.metric(), c.baseline(), c.actual(), c.difference(), c.tolerance(),
                c.verdict().label()});
        }
        int[] widths = new int[7];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** The provenance diff as text: the spec (hash and changed fields), then the environment. */
    public String provenanceDiff() {
        StringBuilder sb = new StringBuilder();
        if (!specChanged() && specChanges.isEmpty()) {
            sb.append("spec: unchanged (sha256 ").append(shortHash(runSpecSha256)).append(")\n");
        } else {
            sb.append("spec: changed, sha256 ").append(shortHash(baselineSpecSha256)).append(" → ")
                    .append(shortHash(runSpecSha256)).append("; ").append(count(specChanges.size(), "field"))
                    .append(" differ").append(specChanges.size() == 1 ? "s" : "").append(":\n");
            specChanges.forEach(c -> sb.append("  ").append(c).append('\n'));
        }
        if (baselineHasNoProvenance || runHasNoProvenance) {
            sb.append("environment: not compared (the ").append(baselineHasNoProvenance ? "baseline" : "run")
                    .append(" has no provenance)\n");
        } else if (environmentChanges.isEmpty()) {
            sb.append("environment: unchanged (git commit, Java, OS, CPU, libraries, devices, data)\n");
        } else {
            sb.append("environment: ").append(count(environmentChanges.size(), "change")).append(":\n");
            environmentChanges.forEach(c -> sb.append("  ").append(c).append('\n'));
        }
        return sb.toString();
    }

    /** One line: passed, or how many checks failed in which cells. */
    public String summary() {
        List<Check> failed = violations();
        if (failed.isEmpty()) {
            return String.format(Locale.ROOT, "verify: passed, %d checks within tolerance (%s)",
                    checks.stream().filter(c -> c.verdict() == Check.Verdict.PASS).count(), tolerances);
        }
        Set<String> cells = new LinkedHashSet<>();
        failed.forEach(c -> cells.add(c.cell()));
        return String.format(Locale.ROOT, "verify: FAILED, %d of %d checks outside tolerance in %s: %s",
                failed.size(), checks.stream().filter(c -> c.verdict() != Check.Verdict.INFO).count(),
                count(cells.size(), "cell"), String.join(", ", cells));
    }

    /** The table, the provenance diff and the summary. */
    public String render() {
        return table() + "\n" + provenanceDiff() + "\n" + summary() + "\n";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String shortHash(String hex) {
        return hex == null ? "(none)" : hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
