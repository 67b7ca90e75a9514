package org.lenetlab.run;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.train.TrainingListener;

/**
 * Runs cells; the experiment service hands every cell of a matrix to one. Implementations turn what can happen to
 * any cell into a result with a reason: an unavailable backend ({@code skipped}), divergence and exhausted resources
 * ({@code failed}), a stop request ({@code interrupted}). Anything else is a bug and propagates, so that it fails
 * the run loudly instead of looking like data.
 *
 * <p>The service runs a matrix through {@link #executeAll}: by default one cell after another in this thread. An
 * executor that runs cells elsewhere (other processes, a cluster) overrides it to run many at once, and reports each
 * as it finishes, in any order.
 */
public interface CellExecutor {
    /**
     * Runs {@code cell}.
     *
     * @param listener      training progress
     * @param stopRequested polled at batch boundaries; when it turns true the cell ends {@code interrupted}
     */
    CellResult execute(Cell cell, TrainingListener listener, BooleanSupplier stopRequested);

    /**
     * Runs {@code cells}, telling {@code progress} as each starts and finishes; returns when every cell finished or
     * the run stopped. The default runs them in order in this thread, stops before a cell once {@code stopRequested}
     * is true, and after a cell that ended {@code interrupted}. Cells that did not finish are not reported.
     *
     * @param cells         the cells to run, in matrix order
     * @param progress      told of every start and every result, one call at a time
     * @param stopRequested polled between cells, and inside them where the executor can
     */
    default void executeAll(List<Cell> cells, Progress progress, BooleanSupplier stopRequested) {
        for (Cell cell : cells) {
            if (stopRequested.getAsBoolean()) {
                return;
            }
            CellResult result = execute(cell, progress.started(cell), stopRequested);
            progress.finished(cell, result);
            if (result.status() == CellStatus.INTERRUPTED) {
                return;
            }
        }
    }

    /** What {@link #executeAll} reports. */
    interface Progress {
        /** {@code cell} started; returns the listener for its training, where the executor can use one. */
        TrainingListener started(Cell cell);

        /** {@code cell} ended with {@code result}, whatever its status. */
        void finished(Cell cell, CellResult result);
    }
}
