package org.lenetlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lenetlab.data.DataException;
import org.lenetlab.data.Mnist;
import org.lenetlab.reports.HtmlReport;
import org.lenetlab.reports.LoadedResults;
import org.lenetlab.reports.ReportInputException;
import org.lenetlab.reports.ResultsLoader;
import org.lenetlab.reports.TestImages;
import org.lenetlab.run.DatasetExamplesSource;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lenet report DIR... [--out FILE]}: one HTML report from one or more results directories. */
@Command(name = "report", description = {
        "Build one self-contained HTML report from one or more results directories, e.g. a CPU run and a GPU run "
                + "made on different machines. The file opens from disk with no network.",
        "FILE defaults to DIR/report.html for one directory and to ./report.html for several."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*",
            description = "Results directories (the --out of 'lenet run'), or their results.json files.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the report here (default: DIR/report.html for one DIR, ./report.html for several).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the IDX files of the runs' data set (MNIST, Fashion-MNIST), to draw the "
                    + "misclassified images; default: the data set's environment variable, the user cache, then a "
                    + "download.")
    Path dataDir;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        List<LoadedResults> runs;
        try {
            runs = ResultsLoader.loadAll(dirs);
        } catch (ReportInputException e) {
            throw new UsageException(e.getMessage());
        }
        Path file = out != null ? out
                : runs.size() == 1 ? runs.get(0).directory().resolve(HtmlReport.FILE_NAME) : Path.of(HtmlReport.FILE_NAME);
        if (Files.isDirectory(file)) {
            throw new UsageException("--out " + file + " is a directory; name the report file, e.g. "
                    + file.resolve(HtmlReport.FILE_NAME));
        }
        Optional<TestImages> images = testImages(datasetOf(runs.get(0)), console, spec.commandLine().getErr());
        Path written = HtmlReport.write(file, runs, images);
        console.println("report: " + written);
        console.flush();
        return ExitCodes.OK;
    }

    /** The data set of a run, from its resolved spec; MNIST for results that do not say. */
    private static DatasetSpec datasetOf(LoadedResults run) {
        JsonNode spec = run.results().resolvedSpec();
        JsonNode node = spec == null ? null : spec.get("dataset");
        if (node == null || node.isNull()) {
            return DatasetSpec.MNIST;
        }
        try {
            return SpecReader.strictMapper().treeToValue(node, DatasetSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return DatasetSpec.MNIST;
        }
    }

    /**
     * The test images of the run's data set; a failure is a warning (images listed by index) unless --data-dir named
     * the files.
     */
    private Optional<TestImages> testImages(DatasetSpec dataset, PrintWriter console, PrintWriter err) {
        ConsoleProgress progress = new ConsoleProgress(console, System.console() != null);
        try {
            Mnist data = DatasetExamplesSource.fetching(dataDir, progress.fetchListener()).load(dataset);
            return Optional.of(new TestImages(data.test(), data.sha256()));
        } catch (DataException e) {
            if (dataDir != null) {
                throw e;
            }
            err.println("lenet: warning: no " + dataset.name() + " test images ("
                    + e.getMessage().lines().findFirst().orElse("")
                    + "); the report lists misclassified digits by index only");
            err.flush();
            return Optional.empty();
        }
    }
}
