package org.lenetlab.train;

import java.util.Optional;
import org.lenetlab.backend.ParameterUpdater;

/**
 * Saving and restoring a training run at epoch boundaries. The {@link Trainer} calls {@link #restore} once before
 * the first epoch and {@link #epochFinished} after every epoch's evaluation; what is saved, where and how often is
 * the implementation's business. Both methods default to doing nothing.
 */
public interface TrainingCheckpoints {
    /** No checkpoints: start from the initial weights, save nothing. */
    TrainingCheckpoints NONE = new TrainingCheckpoints() { };

    /**
     * Restores a saved run: writes the saved parameter values into {@code network} and the optimizer state into
     * {@code updater}, and returns where training continues; or returns empty, changing nothing, to start from the
     * beginning.
     */
    default Optional<TrainingState> restore(Network network, ParameterUpdater updater) {
        return Optional.empty();
    }

    /** An epoch (its evaluation included) finished; {@code state} counts it. Must not change the network. */
    default void epochFinished(TrainingState state, Network network, ParameterUpdater updater) {
    }
}
