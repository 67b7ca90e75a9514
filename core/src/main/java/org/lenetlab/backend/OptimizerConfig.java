package org.lenetlab.backend;

import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.TrainingSpec;

/**
 * The settings of a parameter update rule, as one matrix cell resolved them.
 *
 * @param kind         SGD, Adam or SDLM
 * @param learningRate step size (SDLM: the global rate η of η/(μ + h_kk))
 * @param momentum     SGD momentum (PyTorch semantics: v = μv + g; p -= lr·v)
 * @param beta1        Adam β1
 * @param beta2        Adam β2
 * @param epsilon      Adam ε
 * @param weightDecay  L2 coefficient added to each gradient before the update
 * @param mu           SDLM's μ, added to every curvature estimate
 */
public record OptimizerConfig(OptimizerKind kind, double learningRate, double momentum, double beta1, double beta2,
                              double epsilon, double weightDecay, double mu) {

    /** Settings with SDLM's default μ. */
    public OptimizerConfig(OptimizerKind kind, double learningRate, double momentum, double beta1, double beta2,
                           double epsilon, double weightDecay) {
        this(kind, learningRate, momentum, beta1, beta2, epsilon, weightDecay, TrainingSpec.DEFAULT_MU);
    }
}
