package org.lenetlab.run;

import java.util.function.BooleanSupplier;
import org.lenetlab.results.CellResult;
import org.lenetlab.train.TrainingListener;

/**
 * Runs cells; the experiment service hands every cell of a matrix to one. Implementations turn what can happen to
 * any cell into a result with a reason: an unavailable backend ({@code skipped}), divergence and exhausted resources
 * ({@code failed}), a stop request ({@code interrupted}). Anything else is a bug and propagates, so that it fails
 * the run loudly instead of looking like data.
 */
public interface CellExecutor {
    /**
     * Runs {@code cell}.
     *
     * @param listener      training progress
     * @param stopRequested polled at batch boundaries; when it turns true the cell ends {@code interrupted}
     */
    CellResult execute(Cell cell, TrainingListener listener, BooleanSupplier stopRequested);
}
