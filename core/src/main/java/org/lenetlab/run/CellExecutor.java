package org.lenetlab.run;

import java.util.function.BooleanSupplier;
import org.lenetlab.results.CellResult;
import org.lenetlab.train.TrainingListener;

/** Runs cells. Implementations must turn every failure of a cell into a result with a reason, not an exception. */
public interface CellExecutor {
    /**
     * Runs {@code cell}.
     *
     * @param listener      training progress
     * @param stopRequested polled at batch boundaries; when it turns true the cell ends {@code interrupted}
     */
    CellResult execute(CellSpec cell, TrainingListener listener, BooleanSupplier stopRequested);
}
