package org.lenetlab.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lenetlab.results.ResultsWriter;

/**
 * The HTML report of one or more results directories: a single file with everything inlined (styles, scripts,
 * Chart.js, data and digit images) that opens from disk with no network.
 */
public final class HtmlReport {
    /** The report's file name inside a run's output directory. */
    public static final String FILE_NAME = "report.html";

    private HtmlReport() {
    }

    /**
     * The report as HTML.
     *
     * @param runs   the results directories, in the order they should appear
     * @param images the MNIST test images, to draw misclassified digits; without them digits are listed by index
     */
    public static String render(List<LoadedResults> runs, Optional<TestImages> images) {
        return ReportRenderer.get().render(ReportModelBuilder.build(runs, images, Instant.now()));
    }

    /**
     * Writes the report to {@code file} atomically (readers see the old or the new file, never a part), creating
     * its directory if needed.
     *
     * @return {@code file}
     */
    public static Path write(Path file, List<LoadedResults> runs, Optional<TestImages> images) {
        byte[] html = render(runs, images).getBytes(StandardCharsets.UTF_8);
        try {
            return ResultsWriter.writeAtomically(file, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
