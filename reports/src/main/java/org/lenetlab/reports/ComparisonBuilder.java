package org.lenetlab.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the backend comparison: each backend against the baseline (the first of
 * {@link CellGroups#backendOrder()}, cpu when it finished cells) for the same model and settings, as a table and
 * two bar charts (speed ratios and accuracy differences); or a note saying why there is nothing to compare.
 */
final class ComparisonBuilder {
    /** The canvas of the speed-ratio chart. */
    static final String SPEED_CANVAS = "compare-speed";
    /** The canvas of the accuracy-difference chart. */
    static final String ACCURACY_CANVAS = "compare-accuracy";

    private ComparisonBuilder() {
    }

    /** The comparison of {@code groups}. */
    static ReportModel.Comparison build(CellGroups groups) {
        List<String> backendOrder = groups.backendOrder();
        if (backendOrder.size() < 2) {
            String only = backendOrder.isEmpty() ? "no backend" : "one backend (" + backendOrder.get(0) + ")";
            return new ReportModel.Comparison(List.of(), "Every cell ran on " + only
                    + ", so there is nothing to compare. To compare backends, run the spec on another backend or machine"
                    + " and build one report from both results directories: lenet report DIR1 DIR2.", "", List.of());
        }
        String baseline = backendOrder.get(0);
        List<ReportModel.ComparisonRow> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> trainRatios = new ArrayList<>();
        List<Double> inferenceRatios = new ArrayList<>();
        List<Double> deltas = new ArrayList<>();
        for (CellGroups.Group base : groups.groups()) {
            if (!base.backend().equals(baseline) || base.accuracy().isEmpty()) {
                continue;
            }
            for (CellGroups.Group other : groups.groups()) {
                if (other == base || !other.model().equals(base.model()) || !other.settings().equals(base.settings())
                        || other.accuracy().isEmpty()) {
                    continue;
                }
                double baseAccuracy = base.accuracy().orElseThrow().mean();
                double accuracy = other.accuracy().orElseThrow().mean();
                double delta = accuracy - baseAccuracy;
                Double trainRatio = ratio(other.trainSpeed(), base.trainSpeed());
                Double inferenceRatio = ratio(other.inferenceSpeed(), base.inferenceSpeed());
                rows.add(new ReportModel.ComparisonRow(base.model(), base.label(), baseline, other.backend(),
                        Formats.percent(baseAccuracy), Formats.percent(accuracy), Formats.points(delta),
                        Math.abs(delta) < 5e-5 ? "delta-zero" : delta > 0 ? "delta-up" : "delta-down",
                        trainRatio == null ? "—" : Formats.ratio(trainRatio),
                        inferenceRatio == null ? "—" : Formats.ratio(inferenceRatio)));
                labels.add(base.model() + (base.labelled() ? " · " + base.label() : "") + " · " + other.backend()
                        + " vs " + baseline);
                trainRatios.add(trainRatio);
                inferenceRatios.add(inferenceRatio);
                deltas.add(delta * 100);
            }
        }
        if (rows.isEmpty()) {
            return new ReportModel.Comparison(List.of(), "Cells ran on " + backendOrder.size() + " backends ("
                    + String.join(", ", backendOrder) + "), but no model finished with the same settings on "
                    + baseline + " and on another backend.", baseline, List.of());
        }
        List<Chart> charts = List.of(
                new Chart.Bar(SPEED_CANVAS, "Speed relative to " + baseline + " (×)", labels,
                        List.of(new Chart.Series("training", trainRatios),
                                new Chart.Series("inference", inferenceRatios)), true),
                new Chart.Bar(ACCURACY_CANVAS, "Test accuracy difference to " + baseline + " (percentage points)",
                        labels, List.of(new Chart.Series("accuracy difference", deltas)), true));
        return new ReportModel.Comparison(rows, "", baseline, charts);
    }

    /** {@code value / base} of the means, or {@code null} when either is missing or the base is not positive. */
    private static Double ratio(Optional<Stats> value, Optional<Stats> base) {
        if (value.isEmpty() || base.isEmpty() || base.get().mean() <= 0) {
            return null;
        }
        return value.get().mean() / base.get().mean();
    }
}
