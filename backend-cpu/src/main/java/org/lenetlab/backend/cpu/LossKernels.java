package org.lenetlab.backend.cpu;

import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.plan.LossPlan;

/**
 * The loss kernels of every engine of the CPU backend: computed on the host in float64 from the outputs (batch ×
 * classes, small), whatever the tensors' precision.
 */
final class LossKernels {
    private LossKernels() {
    }

    /**
     * The kernel of {@code loss}.
     *
     * @param float32Outputs whether the outputs are read rounded to float32 (see {@link Float64Kernels})
     */
    static LossKernel of(LossPlan loss, boolean float32Outputs) {
        return loss.accept(new LossPlan.Visitor<LossKernel>() {
            @Override
            public LossKernel softmaxCrossEntropy(LossPlan.SoftmaxCrossEntropy l) {
                return new SoftmaxCrossEntropyKernel(float32Outputs);
            }

            @Override
            public LossKernel rbfDistance(LossPlan.RbfDistance l) {
                return new RbfLossKernel(RbfLossKernel.Kind.DISTANCE, 0, float32Outputs);
            }

            @Override
            public LossKernel rbfMap(LossPlan.RbfMap l) {
                return new RbfLossKernel(RbfLossKernel.Kind.MAP, l.j(), float32Outputs);
            }

            @Override
            public LossKernel rbfCrossEntropy(LossPlan.RbfCrossEntropy l) {
                return new RbfLossKernel(RbfLossKernel.Kind.CROSS_ENTROPY, 0, float32Outputs);
            }
        });
    }
}
