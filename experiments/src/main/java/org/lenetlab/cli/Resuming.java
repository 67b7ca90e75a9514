package org.lenetlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.lenetlab.checkpoint.CheckpointFiles;

/** {@code lenet run --resume}: tidying what a killed run left half-written. */
final class Resuming {
    private Resuming() {
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
