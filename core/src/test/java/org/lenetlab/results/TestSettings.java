package org.lenetlab.results;

import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.train.TrainingSettings;

/** Training settings for results built by hand in tests. */
public final class TestSettings {
    private TestSettings() {
    }

    /** SGD (lr 0.01, no momentum) for {@code epochs} epochs at batch 64. */
    public static TrainingSettings sgd(int epochs) {
        return new TrainingSettings(epochs, 64, OptimizerKind.SGD, 0.01, 0.0, null, null, null, 0, Normalization.NONE,
                1000, null);
    }
}
