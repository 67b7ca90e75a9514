package org.lenetlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.run.CellSpec;
import org.lenetlab.run.ResumePlan;

/** {@code lenet run --resume}: reading the run to continue, and tidying what a killed run left half-written. */
final class Resuming {
    private Resuming() {
    }

    /**
     * What to keep of the run in {@code outDir}.
     *
     * @throws UsageException when its results cannot be read, or resuming is refused
     */
    static ResumePlan plan(Path outDir, String specSha256, List<CellSpec> cells, boolean force) {
        Path file = outDir.resolve(ResultsWriter.FILE_NAME);
        ResultsFile previous;
        try {
            previous = ResultsWriter.read(file);
        } catch (IOException e) {
            throw new UsageException("cannot resume: " + file + " is not a readable results file: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (previous == null || previous.cells() == null) {
            throw new UsageException("cannot resume: " + file + " is not a results file");
        }
        try {
            return ResumePlan.of(previous, specSha256, cells, force);
        } catch (ResumePlan.RefusedException e) {
            throw new UsageException("cannot resume " + outDir + ": " + e.getMessage());
        }
    }

    /** Deletes the temporary files of atomic writes that a killed run left behind. */
    static void removeTemporaries(Path outDir) {
        try {
            CheckpointFiles.removeTemporaries(outDir);
        } catch (IOException e) {
            // harmless leftovers; they do not affect the run
        }
    }
}
