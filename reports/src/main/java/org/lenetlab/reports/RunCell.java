package org.lenetlab.reports;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;

/**
 * A cell and the results directory it came from (two runs may hold cells with the same id).
 *
 * @param cell the cell
 * @param run  its results directory
 */
record RunCell(CellResult cell, LoadedResults run) {
    /** Checks that both are present. */
    RunCell {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(run, "run");
    }

    /** Every cell of {@code runs}, run by run, each in its file's order. */
    static List<RunCell> of(List<LoadedResults> runs) {
        return runs.stream().flatMap(r -> r.results().cells().stream().map(c -> new RunCell(c, r))).toList();
    }

    /** Whether the cell finished with a test accuracy. */
    boolean ok() {
        return cell.status() == CellStatus.OK && cell.testAccuracy() != null;
    }

    /** How many cells ended how, e.g. {@code 2 ok · 1 failed}, in the order of {@link CellStatus}. */
    static String statusText(List<RunCell> cells) {
        Map<CellStatus, Long> counts = new EnumMap<>(CellStatus.class);
        cells.forEach(l -> counts.merge(l.cell().status(), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().jsonName())
                .collect(Collectors.joining(" · "));
    }

    /** {@code N cells: <status text>}, or {@code empty} when there are none. */
    static String cellsText(List<RunCell> cells, String empty) {
        return cells.isEmpty() ? empty
                : cells.size() + (cells.size() == 1 ? " cell: " : " cells: ") + statusText(cells);
    }
}
