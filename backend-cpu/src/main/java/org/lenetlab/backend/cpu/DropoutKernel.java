package org.lenetlab.backend.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inverted dropout. A training pass draws a mask of 0 and 1/(1 - rate) from {@link Pass#seed()} alone (the same
 * seed gives the same mask, whatever ran before) and multiplies by it; an inference pass copies its input.
 */
final class DropoutKernel implements LayerKernel {
    private final double rate;
    private final ScratchArrays masks = new ScratchArrays();
    /** The mask of the last training pass, or {@code null} when the last forward pass was the identity. */
    private INDArray mask;

    DropoutKernel(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        CpuTensor x = CpuTensor.of(input);
        if (!pass.training() || rate == 0) {
            mask = null;
            Ops.copy(x.array(), CpuTensor.array(output));
            return;
        }
        mask = masks.get(x.shape(), x.dataType());
        fill(mask, rate, pass.seed());
        x.array().mul(mask, CpuTensor.array(output));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        if (inputGradient == null) {
            return;
        }
        INDArray dy = CpuTensor.array(outputGradient);
        INDArray dx = CpuTensor.array(inputGradient);
        if (mask == null) {
            Ops.copy(dy, dx);
        } else {
            dy.mul(mask, dx);
        }
    }

    /** Fills {@code mask} with 0 (probability {@code rate}) or 1/(1 - rate), drawn from {@code seed}. */
    static void fill(INDArray mask, double rate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double keep = 1.0 / (1.0 - rate);
        int n = Math.toIntExact(mask.length());
        if (mask.dataType() == DataType.FLOAT) {
            FloatBuffer m = mask.data().asNioFloat();
            float k = (float) keep;
            for (int i = 0; i < n; i++) {
                m.put(i, random.nextDouble() < rate ? 0f : k);
            }
        } else {
            DoubleBuffer m = mask.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                m.put(i, random.nextDouble() < rate ? 0.0 : keep);
            }
        }
    }
}
