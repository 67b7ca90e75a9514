package org.lenetlab.reports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.results.ParameterCounts;

/**
 * Builds a model's architecture table from the summary its results recorded ({@link ModelSummary}): per layer the
 * output shape, parameters and connections, as {@code lenet summary} prints them, then the totals. Plans nothing.
 */
final class ArchitectureBuilder {
    private ArchitectureBuilder() {
    }

    /** The architecture of {@code model}, or why there is none. */
    static ReportModel.Architecture build(ModelCatalog.Entry model) {
        ModelSummary summary = model.summary();
        if (summary == null) {
            return new ReportModel.Architecture("", List.of(), List.of(), model.problem());
        }
        return build(summary);
    }

    /** The architecture table of {@code summary}. */
    static ReportModel.Architecture build(ModelSummary summary) {
        List<ReportModel.Layer> layers = summary.layers().stream()
                .map(l -> new ReportModel.Layer(l.name(), l.type(), shape(l.outputShape()),
                        Formats.count(l.trainable()), Formats.count(l.fixed()), Formats.count(l.connections())))
                .toList();
        List<Integer> output = summary.layers().isEmpty() ? summary.inputShape()
                : summary.layers().get(summary.layers().size() - 1).outputShape();
        ReportModel.Layer total = new ReportModel.Layer("total", "", shape(output), Formats.count(summary.trainable()),
                Formats.count(summary.fixed()), Formats.count(summary.connections()));
        return new ReportModel.Architecture(shape(summary.inputShape()), layers, List.of(total), "");
    }

    /**
     * A note when the model's cells report a different number of trainable parameters than its architecture (e.g. a
     * results directory of another version of the model), else empty.
     */
    static Optional<String> parameterNote(ModelCatalog.Entry model, List<RunCell> cells) {
        ModelSummary summary = model.summary();
        if (summary == null) {
            return Optional.empty();
        }
        return cells.stream().map(l -> l.cell().parameters()).filter(Objects::nonNull)
                .filter(p -> p.trainable() != summary.trainable()).findFirst().map(ParameterCounts::trainable)
                .map(n -> "Cells of model " + model.name() + " report " + Formats.count(n)
                        + " trainable parameters, but its spec plans " + Formats.count(summary.trainable()) + ".");
    }

    /** A shape as {@code 6×24×24}. */
    static String shape(List<Integer> dims) {
        return dims.stream().map(String::valueOf).collect(Collectors.joining("×"));
    }
}
