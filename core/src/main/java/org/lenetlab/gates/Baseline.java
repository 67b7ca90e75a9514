package org.lenetlab.gates;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.lenetlab.provenance.RunProvenance;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;

/**
 * A baseline file: the metrics of every cell of one run, the run's provenance and resolved spec, and the default
 * tolerances of its verification.
 *
 * @param format       {@value #FORMAT}
 * @param experiment   the experiment's name
 * @param spec         the spec file as given when the baseline was recorded
 * @param specSha256   SHA-256 of the canonical resolved spec
 * @param resolvedSpec the spec with every model inlined and every default filled in
 * @param createdAt    ISO-8601 instant the baseline was written
 * @param tolerances   default tolerances of {@code lenet verify} (each may be overridden on its command line)
 * @param provenance   the recorded run's provenance
 * @param cells        every cell, in matrix order
 */
@JsonPropertyOrder({"format", "experiment", "spec", "specSha256", "createdAt", "tolerances", "cells", "provenance",
    "resolvedSpec"})
public record Baseline(String format, String experiment, String spec, String specSha256, JsonNode resolvedSpec,
                       String createdAt, Tolerances tolerances, RunProvenance provenance, List<BaselineCell> cells) {
    /** The format tag of this version of the file. */
    public static final String FORMAT = "lenet-lab-baseline/1";

    /** Copies the list. */
    public Baseline {
        cells = cells == null ? null : List.copyOf(cells);
    }

    /**
     * The baseline of a finished run.
     *
     * @throws IllegalArgumentException when a cell did not end {@code ok} (the message names it and says why)
     */
    public static Baseline of(ResultsFile results, Tolerances tolerances, String createdAt) {
        for (var cell : results.cells()) {
            if (cell.status() != CellStatus.OK) {
                throw new IllegalArgumentException("cell " + cell.id() + " is " + cell.status().jsonName()
                        + (cell.reason() == null ? "" : " (" + cell.reason() + ")") + "; a baseline needs every cell ok");
            }
        }
        if (results.cells().isEmpty()) {
            throw new IllegalArgumentException("the run has no cells");
        }
        return new Baseline(FORMAT, results.experiment(), results.spec(), results.specSha256(), results.resolvedSpec(),
                createdAt, tolerances, results.provenance(), results.cells().stream().map(BaselineCell::of).toList());
    }
}
