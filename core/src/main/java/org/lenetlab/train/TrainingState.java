package org.lenetlab.train;

import java.util.List;

/**
 * Where a training run stands at an epoch boundary, besides the parameters and the optimizer's state: since the
 * data order of an epoch and every dropout mask are derived from the seed, the epoch and the step alone, this is
 * enough to continue exactly as an uninterrupted run would.
 *
 * @param epochsDone epochs finished (0 before the first)
 * @param step       update steps taken so far (Adam's step counter)
 * @param epochs     the results of the finished epochs
 */
public record TrainingState(int epochsDone, long step, List<EpochResult> epochs) {
    /** Before the first epoch. */
    public static final TrainingState START = new TrainingState(0, 0, List.of());

    /** Copies the list and checks the counts agree. */
    public TrainingState {
        epochs = List.copyOf(epochs);
        if (epochsDone < 0 || step < 0 || epochs.size() != epochsDone) {
            throw new IllegalArgumentException("inconsistent training state: " + epochsDone + " epochs done, step "
                    + step + ", " + epochs.size() + " epoch results");
        }
    }
}
