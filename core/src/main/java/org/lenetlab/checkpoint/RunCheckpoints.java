package org.lenetlab.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.run.CellSpec;
import org.lenetlab.train.TrainingCheckpoints;
import org.lenetlab.train.TrainingState;

/**
 * The checkpoint policy of a run: every cell saves its state to {@code <out>/checkpoints/} every N epochs and after
 * its last epoch (so that every finished cell leaves its final model), and, when the run resumes, a cell continues
 * from its checkpoint if that checkpoint was written for the same spec and the same cell. A checkpoint that cannot
 * be used is ignored with a note and the cell starts over; a checkpoint that cannot be written is reported with a
 * note and the cell goes on.
 */
public final class RunCheckpoints {
    /** No checkpoints at all. */
    public static final RunCheckpoints NONE = new RunCheckpoints(null, 0, "", false, note -> { });

    private final Path outDir;
    private final int everyEpochs;
    private final String specSha256;
    private final boolean resume;
    private final Consumer<String> notes;

    /**
     * A policy.
     *
     * @param outDir      the run's output directory
     * @param everyEpochs save every this many epochs; 0 to save only after the last epoch
     * @param specSha256  the run's spec hash, written into every checkpoint and required of restored ones
     * @param resume      whether cells may continue from existing checkpoints
     * @param notes       receives one-line notes (a cell continues, a checkpoint is ignored or cannot be written)
     */
    public RunCheckpoints(Path outDir, int everyEpochs, String specSha256, boolean resume, Consumer<String> notes) {
        if (everyEpochs < 0) {
            throw new IllegalArgumentException("checkpoint interval must not be negative: " + everyEpochs);
        }
        this.outDir = outDir;
        this.everyEpochs = everyEpochs;
        this.specSha256 = specSha256;
        this.resume = resume;
        this.notes = notes;
    }

    /** The checkpoints of one cell. */
    public TrainingCheckpoints forCell(CellSpec cell) {
        return outDir == null ? TrainingCheckpoints.NONE : new CellCheckpoints(cell, CheckpointFiles.of(outDir, cell.id()));
    }

    private final class CellCheckpoints implements TrainingCheckpoints {
        private final CellSpec cell;
        private final Path file;

        CellCheckpoints(CellSpec cell, Path file) {
            this.cell = cell;
            this.file = file;
        }

        @Override
        public Optional<TrainingState> restore(CompiledNetwork network) {
            if (!resume || !Files.exists(file)) {
                return Optional.empty();
            }
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.read(file);
            } catch (CheckpointException e) {
                return ignore(e.getMessage());
            }
            if (!specSha256.equals(checkpoint.metadata().specSha256())) {
                return ignore(file + " was written for another experiment spec");
            }
            if (!cell.equals(checkpoint.cell())) {
                return ignore(file + " was written for another definition of this cell");
            }
            TrainingState state = checkpoint.state();
            boolean finished = state.epochsDone() >= cell.settings().epochs();
            List<double[]> optimizer = checkpoint.optimizerState();
            if (optimizer == null && !finished) {
                return ignore(file + " has no optimizer state");
            }
            try {
                checkpoint.checkFits(network.plan());
                if (!finished) {
                    network.restoreOptimizerState(optimizer);
                }
                checkpoint.loadInto(network);
            } catch (CheckpointException | IllegalArgumentException e) {
                return ignore(file + ": " + e.getMessage());
            }
            notes.accept("cell " + cell.id() + ": continuing from its checkpoint after epoch " + state.epochsDone()
                    + " of " + cell.settings().epochs());
            return Optional.of(state);
        }

        private Optional<TrainingState> ignore(String why) {
            notes.accept("cell " + cell.id() + ": ignoring its checkpoint (" + why + "); the cell starts over");
            return Optional.empty();
        }

        @Override
        public void epochFinished(TrainingState state, CompiledNetwork network) {
            boolean last = state.epochsDone() >= cell.settings().epochs();
            boolean periodic = everyEpochs > 0 && state.epochsDone() % everyEpochs == 0;
            if (!last && !periodic) {
                return;
            }
            try {
                Checkpoint.capture(specSha256, cell, state, network, cell.backend()).write(file);
            } catch (IOException | UncheckedIOException e) {
                notes.accept("cell " + cell.id() + ": cannot write checkpoint " + file + ": " + e.getMessage());
            } catch (RuntimeException e) {
                notes.accept("cell " + cell.id() + ": cannot write checkpoint " + file + ": "
                        + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
