package org.lenetlab.backend;

import org.lenetlab.spec.OptimizerKind;

/**
 * The settings of a parameter update rule, as one matrix cell resolved them.
 *
 * @param kind         SGD or Adam
 * @param learningRate step size
 * @param momentum     SGD momentum (PyTorch semantics: v = μv + g; p -= lr·v)
 * @param beta1        Adam β1
 * @param beta2        Adam β2
 * @param epsilon      Adam ε
 * @param weightDecay  L2 coefficient added to each gradient before the update
 */
public record OptimizerConfig(OptimizerKind kind, double learningRate, double momentum, double beta1, double beta2,
                              double epsilon, double weightDecay) {
}
