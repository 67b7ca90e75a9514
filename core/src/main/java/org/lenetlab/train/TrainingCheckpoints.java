package org.lenetlab.train;

import java.util.Optional;
import org.lenetlab.backend.CompiledNetwork;

/**
 * Saving and restoring a training run at epoch boundaries. The {@link Trainer} calls {@link #restore} once before
 * the first epoch and {@link #epochFinished} after every epoch's evaluation; what is saved, where and how often is
 * the implementation's business. Both methods default to doing nothing.
 */
public interface TrainingCheckpoints {
    /** No checkpoints: start from the initial weights, save nothing. */
    TrainingCheckpoints NONE = new TrainingCheckpoints() { };

    /**
     * Restores a saved run: writes the saved parameter values and optimizer state into {@code network} and returns
     * where training continues; or returns empty, changing nothing, to start from the beginning.
     */
    default Optional<TrainingState> restore(CompiledNetwork network) {
        return Optional.empty();
    }

    /** An epoch (its evaluation included) finished; {@code state} counts it. Must not change the network. */
    default void epochFinished(TrainingState state, CompiledNetwork network) {
    }
}
