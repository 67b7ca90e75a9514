package org.lenetlab.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ParameterCounts;

/**
 * Builds the overview table: one row per model × backend × settings, each metric aggregated over seeds (mean ± std,
 * range), with the best value of each column marked when at least two rows have it.
 */
final class OverviewBuilder {
    private OverviewBuilder() {
    }

    /**
     * The rows, in the order of the groups.
     *
     * @param groups     the cell groups
     * @param modelOrder the models in report order (a row links to its model's section by index)
     */
    static List<ReportModel.GroupRow> build(CellGroups groups, List<String> modelOrder) {
        List<CellGroups.Group> all = groups.groups();
        double bestAccuracy = best(all, CellGroups.Group::accuracy, true);
        double bestSeconds = best(all, CellGroups.Group::secondsPerEpoch, false);
        double bestTrain = best(all, CellGroups.Group::trainSpeed, true);
        double bestInference = best(all, CellGroups.Group::inferenceSpeed, true);
        List<ReportModel.GroupRow> rows = new ArrayList<>();
        for (CellGroups.Group g : all) {
            ReportModel.Metric accuracy = g.accuracy().map(s -> new ReportModel.Metric(
                    s.n() > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f%%", s.mean() * 100, s.std() * 100)
                            : Formats.percent(s.mean()),
                    s.n() > 1 ? String.format(Locale.ROOT, "%.2f–%.2f", s.min() * 100, s.max() * 100) : "",
                    Formats.sortKey(s.mean()), s.mean() == bestAccuracy)).orElse(ReportModel.Metric.NONE);
            Long trainable = g.cells().stream().map(l -> l.cell().parameters()).filter(Objects::nonNull)
                    .map(ParameterCounts::trainable).findFirst().orElse(null);
            ReportModel.Metric parameters = trainable == null ? ReportModel.Metric.NONE
                    : new ReportModel.Metric(Formats.count(trainable), "", Long.toString(trainable), false);
            ReportModel.Metric seconds = metric(g.secondsPerEpoch(), Formats::seconds, bestSeconds);
            ReportModel.Metric train = metric(g.trainSpeed(), Formats::rate, bestTrain);
            ReportModel.Metric inference = metric(g.inferenceSpeed(), Formats::rate, bestInference);
            String seeds = g.cells().stream().map(l -> l.cell().seed()).distinct().sorted().map(String::valueOf)
                    .collect(Collectors.joining(", "));
            rows.add(new ReportModel.GroupRow(g.model(), ModelSectionBuilder.anchor(modelOrder.indexOf(g.model())),
                    g.backend(), g.label(), seeds, accuracy, parameters, seconds, train, inference,
                    RunCell.statusText(g.cells()), statusClass(g.cells())));
        }
        return rows;
    }

    /** {@code status-ok} when every cell is ok, {@code status-failed} when one failed, else {@code status-partial}. */
    static String statusClass(List<RunCell> cells) {
        if (cells.stream().allMatch(l -> l.cell().status() == CellStatus.OK)) {
            return "status-ok";
        }
        return cells.stream().anyMatch(l -> l.cell().status() == CellStatus.FAILED) ? "status-failed" : "status-partial";
    }

    /** The best mean of a metric over groups, or NaN when fewer than two groups have it (nothing to mark). */
    private static double best(List<CellGroups.Group> groups, Function<CellGroups.Group, Optional<Stats>> metric,
                               boolean highest) {
        double[] means = groups.stream().map(metric).flatMap(Optional::stream).mapToDouble(Stats::mean).toArray();
        if (means.length < 2) {
            return Double.NaN;
        }
        return highest ? Arrays.stream(means).max().orElseThrow() : Arrays.stream(means).min().orElseThrow();
    }

    private static ReportModel.Metric metric(Optional<Stats> stats, Function<Double, String> format, double best) {
        return stats.map(s -> new ReportModel.Metric(format.apply(s.mean()),
                s.n() > 1 ? format.apply(s.min()) + "–" + format.apply(s.max()) : "",
                Formats.sortKey(s.mean()), s.mean() == best)).orElse(ReportModel.Metric.NONE);
    }
}
