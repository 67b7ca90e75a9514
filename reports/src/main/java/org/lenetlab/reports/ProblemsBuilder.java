package org.lenetlab.reports;

import java.util.List;
import org.lenetlab.results.CellStatus;

/** Builds the "Failed and skipped cells" table: every cell that did not end ok, with its reason and run. */
final class ProblemsBuilder {
    private ProblemsBuilder() {
    }

    /** A row per cell of {@code cells} whose status is not ok, in report order. */
    static List<ReportModel.Problem> build(List<RunCell> cells) {
        return cells.stream().filter(l -> l.cell().status() != CellStatus.OK)
                .map(l -> new ReportModel.Problem(l.cell().id(), l.cell().status().jsonName(),
                        l.cell().reason() == null ? "" : l.cell().reason(), l.run().label()))
                .toList();
    }
}
