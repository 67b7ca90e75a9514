package org.lenetlab.reports;

import java.util.List;
import java.util.Optional;

/**
 * Builds everything the report shows about one model (its learning curves, architecture, confusion matrix and
 * misclassified digits) from the section builders of each.
 */
final class ModelSectionBuilder {
    private ModelSectionBuilder() {
    }

    /** The id of the sections of the model at {@code index}. */
    static String anchor(int index) {
        return "model-" + index;
    }

    /**
     * The model's sections.
     *
     * @param index       the model's index in the report
     * @param model       the model
     * @param cells       its cells, in report order
     * @param groups      the report's cell groups
     * @param images      the MNIST test images, when available
     * @param severalRuns whether the report has more than one run
     */
    static ReportModel.Model build(int index, ModelCatalog.Entry model, List<RunCell> cells, CellGroups groups,
                                   Optional<TestImages> images, boolean severalRuns) {
        return new ReportModel.Model(model.name(), anchor(index), model.description(),
                RunCell.cellsText(cells, "no cell has finished yet"),
                CurvesBuilder.build(index, cells, groups, severalRuns), ArchitectureBuilder.build(model),
                ConfusionBuilder.build(cells), DigitsBuilder.build(cells, images, severalRuns));
    }
}
