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
 * seed gives the same mask, whatever ran before) and multiplies by it; an inference pass copies its input. Batches
 * above the backend's Java-loop limit multiply with ND4J, smaller ones in Java, with the same mask either way.
 */
final class DropoutKernel implements LayerKernel {
    private final CpuBackend backend;
    private final double rate;
    private final ScratchArrays masks = new ScratchArrays();
    /** The ND4J mask of the last training pass on that path, or {@code null}. */
    private INDArray mask;
    /** The Java mask of the last training pass on that path, or {@code null}. */
    private double[] hostMask;
    /** Whether the last forward pass was the identity. */
    private boolean identity = true;

    DropoutKernel(CpuBackend backend, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.backend = backend;
        this.rate = rate;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        CpuTensor x = CpuTensor.of(input);
        identity = !pass.training() || rate == 0;
        mask = null;
        hostMask = null;
        if (backend.javaLoops(input)) {
            double[] in = x.hostRead();
            double[] out = CpuTensor.of(output).hostOverwrite();
            if (identity) {
                System.arraycopy(in, 0, out, 0, x.length());
                return;
            }
            hostMask = new double[x.length()];
            fill(hostMask, rate, pass.seed(), x.dataType());
            for (int i = 0; i < hostMask.length; i++) {
                out[i] = in[i] * hostMask[i];
            }
            return;
        }
        if (identity) {
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
        if (mask == null) {
            scale(outputGradient, inputGradient, false);
            return;
        }
        INDArray dy = CpuTensor.array(outputGradient);
        INDArray dx = CpuTensor.array(inputGradient);
        dy.mul(mask, dx);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (inputCurvature != null) {
            if (mask != null) {
                hostMask = new double[CpuTensor.of(input).length()];
                fromNative(mask, hostMask);
            }
            scale(outputCurvature, inputCurvature, true);
        }
    }

    /** target = mask·source (or mask²·source), in Java; the identity without a mask. */
    private void scale(Tensor source, Tensor target, boolean squared) {
        double[] g = CpuTensor.of(source).hostRead();
        double[] t = CpuTensor.of(target).hostOverwrite();
        int n = CpuTensor.of(source).length();
        if (identity || hostMask == null) {
            System.arraycopy(g, 0, t, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double m = hostMask[i];
            t[i] = (squared ? m * m : m) * g[i];
        }
    }

    private static void fromNative(INDArray mask, double[] target) {
        if (mask.dataType() == DataType.FLOAT) {
            FloatBuffer m = mask.data().asNioFloat();
            for (int i = 0; i < target.length; i++) {
                target[i] = m.get(i);
            }
        } else {
            mask.data().asNioDouble().get(0, target, 0, target.length);
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

    /** The same mask as {@link #fill(INDArray, double, long)} in a Java array, in the given precision. */
    static void fill(double[] mask, double rate, long seed, DataType type) {
        SplittableRandom random = new SplittableRandom(seed);
        double keep = 1.0 / (1.0 - rate);
        double k = type == DataType.FLOAT ? (float) keep : keep;
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < rate ? 0.0 : k;
        }
    }
}
