package org.lenetlab.backend.cpu;

import java.util.List;
import java.util.Random;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ModelPlanner;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;

/** Shared backends and small builders for the tests. */
final class Fixtures {
    /** The float32 backend, as the plugin binds it. */
    static final CpuBackend FLOAT = new CpuBackend();
    /** The float64 backend, for gradient checks. */
    static final CpuBackend DOUBLE = CpuBackend.withPrecision(DataType.DOUBLE);
    /** The float64 backend running every layer it can through ND4J ops. */
    static final CpuBackend DOUBLE_ND4J = DOUBLE.withJavaLoopsUpTo(0);
    /** The float64 backend running every layer as Java loops. */
    static final CpuBackend DOUBLE_JAVA = DOUBLE.withJavaLoopsUpTo(Integer.MAX_VALUE);
    /** The float32 backend running every layer it can through ND4J ops. */
    static final CpuBackend FLOAT_ND4J = FLOAT.withJavaLoopsUpTo(0);

    private Fixtures() {
    }

    /** Plans a model of the given layers on a {@code channels × height × width} input, with the given loss. */
    static ModelPlan plan(LossSpec loss, int channels, int height, int width, LayerSpec... layers) {
        ModelSpec spec = new ModelSpec(null, "test", null, new InputSpec(channels, height, width), null,
                List.of(layers), loss);
        return ModelPlanner.plan(spec, 0);
    }

    /** Plans a model of the given layers on a {@code channels × height × width} input. */
    static ModelPlan plan(int channels, int height, int width, LayerSpec... layers) {
        ModelSpec spec = new ModelSpec(null, "test", null, new InputSpec(channels, height, width), null,
                List.of(layers), null);
        return ModelPlanner.plan(spec, 0);
    }

    /** Fills {@code tensor} with uniform values in [-scale, scale). */
    static void fillUniform(Tensor tensor, Random random, double scale) {
        for (long i = 0; i < tensor.shape().size(); i++) {
            tensor.set(i, (random.nextDouble() * 2 - 1) * scale);
        }
    }

    /**
     * Fills {@code tensor} with distinct values at least {@code 1/size} apart (a shuffled ramp in [-1, 1)), so
     * that max pooling and relu have no ties or zeros within a finite-difference step.
     */
    static void fillDistinct(Tensor tensor, Random random) {
        int n = Math.toIntExact(tensor.shape().size());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < n; i++) {
            // avoid exactly 0: shift the ramp by half a step
            tensor.set(i, -1.0 + (order[i] + 0.5) * 2.0 / n);
        }
    }

    /** All values as doubles. */
    static double[] values(Tensor tensor) {
        double[] out = new double[Math.toIntExact(tensor.shape().size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = tensor.get(i);
        }
        return out;
    }

    /** Copies {@code values} into {@code tensor}. */
    static void setValues(Tensor tensor, double[] values) {
        for (int i = 0; i < values.length; i++) {
            tensor.set(i, values[i]);
        }
    }
}
