package org.lenetlab.reports;

import java.nio.file.Path;
import java.util.Objects;
import org.lenetlab.results.ResultsFile;

/**
 * One results directory, read.
 *
 * @param directory the results directory
 * @param results   its results file
 */
public record LoadedResults(Path directory, ResultsFile results) {
    /** Checks that both are present. */
    public LoadedResults {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(results, "results");
    }

    /** A short name for the run in the report: the directory's name. */
    public String label() {
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return name == null ? directory.toString() : name.toString();
    }
}
