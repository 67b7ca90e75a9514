package org.lenetlab.reports;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.lenetlab.results.ResultsFile;

/**
 * One results directory, read.
 *
 * @param directory            the results directory
 * @param results              its results file; {@link ResultsLoader} fills in the architectures of files written
 *                             before they were recorded
 * @param architectureProblems why a model's architecture could not be filled in for an older results file, by model
 *                             name (the report shows it in place of the architecture); empty when every model has one
 */
public record LoadedResults(Path directory, ResultsFile results, Map<String, String> architectureProblems) {
    /** Checks that the directory and results are present and copies the problems. */
    public LoadedResults {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(results, "results");
        architectureProblems = Map.copyOf(architectureProblems);
    }

    /** Results as they are, without problems: for results a run holds in memory, which record their architectures. */
    public LoadedResults(Path directory, ResultsFile results) {
        this(directory, results, Map.of());
    }

    /** A short name for the run in the report: the directory's name. */
    public String label() {
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return name == null ? directory.toString() : name.toString();
    }
}
