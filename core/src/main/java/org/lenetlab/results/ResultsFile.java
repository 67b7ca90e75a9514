package org.lenetlab.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.lenetlab.provenance.RunProvenance;

/**
 * The results file of one run.
 *
 * @param experiment   the experiment's name
 * @param spec         the experiment spec file as given on the command line
 * @param specSha256   SHA-256 of {@code resolvedSpec} serialised canonically (so an edit to a referenced model
 *                     file changes it too)
 * @param resolvedSpec the experiment spec with every model inlined and every default filled in
 * @param startedAt    ISO-8601 instant the run started
 * @param finishedAt   ISO-8601 instant the last cell finished, {@code null} while running
 * @param environment  where it ran
 * @param data         SHA-256 of every data file used, by file name
 * @param cells        every cell of the matrix, in matrix order, finished or not
 * @param provenance   what produced the file (versions, git, machine, libraries, devices, hashes, seeds, times);
 *                     {@code null} in files written before it was recorded
 * @param models       the architecture of every model of the experiment, in the spec's order; {@code null} in files
 *                     written before it was recorded
 */
public record ResultsFile(String experiment, String spec, String specSha256, JsonNode resolvedSpec, String startedAt,
                          String finishedAt, Environment environment, Map<String, String> data,
                          List<CellResult> cells, RunProvenance provenance, List<ModelSummary> models) {

    /** Copies the lists. */
    public ResultsFile {
        cells = cells == null ? null : List.copyOf(cells);
        models = models == null ? null : List.copyOf(models);
    }

    /** A results file without provenance and architectures. */
    public ResultsFile(String experiment, String spec, String specSha256, JsonNode resolvedSpec, String startedAt,
                       String finishedAt, Environment environment, Map<String, String> data, List<CellResult> cells) {
        this(experiment, spec, specSha256, resolvedSpec, startedAt, finishedAt, environment, data, cells, null, null);
    }
}
