package org.lenetlab.run;

import org.lenetlab.results.CellResult;
import org.lenetlab.train.TrainingListener;

/** Hears the progress of an experiment run; every method has an empty default. */
public interface RunListener {
    /** Cell {@code index} (0-based) of {@code total} starts; returns the listener for its training. */
    default TrainingListener cellStarted(int index, int total, CellSpec cell) {
        return TrainingListener.NONE;
    }

    /** Cell {@code index} finished in the run being resumed and is kept as it was; it does not run. */
    default void cellKept(int index, int total, CellResult result) {
    }

    /** A cell ended, whatever its status. */
    default void cellFinished(int index, int total, CellResult result) {
    }
}
