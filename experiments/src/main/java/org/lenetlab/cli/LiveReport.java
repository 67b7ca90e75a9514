package org.lenetlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lenetlab.reports.HtmlReport;
import org.lenetlab.reports.LoadedResults;
import org.lenetlab.reports.ResultsLoader;
import org.lenetlab.reports.TestImages;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.RunListener;
import org.lenetlab.train.TrainingListener;

/**
 * Keeps {@code <out>/report.html} of a run up to date: written when the first cell starts, after every cell (from the
 * {@code results.json} the runner has just written) and at the end, atomically each time, so a long run can be
 * watched in a browser. Passes every event on to another listener first. A report that cannot be written is one
 * warning, never the end of the run.
 */
final class LiveReport implements RunListener {
    private final RunListener delegate;
    private final Path outDir;
    private final Optional<TestImages> images;
    private final PrintWriter err;
    private boolean warned;
    private boolean started;

    LiveReport(RunListener delegate, Path outDir, Optional<TestImages> images, PrintWriter err) {
        this.delegate = delegate;
        this.outDir = outDir;
        this.images = images;
        this.err = err;
    }

    /** The report's path. */
    Path file() {
        return outDir.resolve(HtmlReport.FILE_NAME);
    }

    @Override
    public TrainingListener cellStarted(int index, int total, CellSpec cell) {
        TrainingListener training = delegate.cellStarted(index, total, cell);
        if (!started) {
            started = true; // the first cell to run (not always cell 0 when resuming)
            refresh();
        }
        return training;
    }

    @Override
    public void cellKept(int index, int total, CellResult result) {
        delegate.cellKept(index, total, result);
    }

    @Override
    public void cellFinished(int index, int total, CellResult result) {
        delegate.cellFinished(index, total, result);
        refresh();
    }

    /** Rewrites the report from the results file on disk. */
    void refresh() {
        try {
            write(ResultsLoader.load(outDir));
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    /** Writes the final report of {@code results}; returns whether it was written. */
    boolean finish(ResultsFile results) {
        try {
            write(new LoadedResults(outDir, results));
            return true;
        } catch (RuntimeException e) {
            warn(e);
            return false;
        }
    }

    private void write(LoadedResults results) {
        HtmlReport.write(file(), List.of(results), images);
    }

    private void warn(RuntimeException e) {
        if (!warned) {
            warned = true;
            err.println("lenet: warning: cannot write " + file() + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + " (the run goes on)");
            err.flush();
        }
    }
}
