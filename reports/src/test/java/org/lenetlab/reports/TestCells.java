package org.lenetlab.reports;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.Environment;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.TestSettings;
import org.lenetlab.results.Timings;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.TrainingSettings;

/** Small hand-made cells and runs for the section builders' tests. */
final class TestCells {
    private TestCells() {
    }

    /** An ok cell with the given accuracy, speeds and misclassified images, one epoch, SGD settings. */
    static CellResult ok(String id, String model, String backend, long seed, double accuracy,
                         List<Integer> misclassified, List<Integer> misclassifiedAs) {
        return ok(id, model, backend, seed, TestSettings.sgd(1), accuracy, misclassified, misclassifiedAs);
    }

    /** An ok cell with the given settings. */
    static CellResult ok(String id, String model, String backend, long seed, TrainingSettings settings,
                         double accuracy, List<Integer> misclassified, List<Integer> misclassifiedAs) {
        return new CellResult(id, model, backend, seed, settings, CellStatus.OK, null, null,
                new ParameterCounts(100, 0),
                List.of(new EpochResult(1, 0.5, accuracy, 0.4, accuracy, 2.0, 30_000, 0.1)), accuracy,
                List.of(List.of(9, 1), List.of(0, 10)), null, misclassified, misclassifiedAs,
                new Timings(2.0, 30_000, 100_000), null);
    }

    /** A finished run in {@code /runs/<name>} with {@code cells}, the given data digests and architectures. */
    static LoadedResults run(String name, Map<String, String> data, List<ModelSummary> models, CellResult... cells) {
        ResultsFile file = new ResultsFile(name, null, null, null, "2026-01-02T03:04:05Z", "2026-01-02T04:05:06Z",
                new Environment("JDK", "Linux", "CPU", 1), data, List.of(cells), null, models);
        return new LoadedResults(Path.of("/runs", name), file);
    }
}
