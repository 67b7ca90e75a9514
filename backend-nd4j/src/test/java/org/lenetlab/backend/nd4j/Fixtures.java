package org.lenetlab.backend.nd4j;

import java.util.List;
import java.util.Random;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;

/** The shared backend and small builders for the tests. */
final class Fixtures {
    /** The backend as the plugin binds it. */
    static final Nd4jBackend ND4J = new Nd4jBackend();

    private Fixtures() {
    }

    /** Plans a model of the given layers on a {@code channels × height × width} input, with the given loss. */
    static ModelPlan plan(LossSpec loss, int channels, int height, int width, LayerSpec... layers) {
        return ModelPlanner.plan(new ModelSpec(null, "test", null, new InputSpec(channels, height, width), null,
                List.of(layers), loss), 0);
    }

    /** Plans a model of the given layers (softmax cross-entropy). */
    static ModelPlan plan(int channels, int height, int width, LayerSpec... layers) {
        return plan(null, channels, height, width, layers);
    }

    /** All values of {@code tensor}. */
    static double[] values(Tensor tensor) {
        double[] v = new double[Math.toIntExact(tensor.shape().size())];
        tensor.read(v);
        return v;
    }

    /** Uniform values in [−scale, scale). */
    static void fillUniform(Tensor tensor, Random random, double scale) {
        double[] v = new double[Math.toIntExact(tensor.shape().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextDouble() * 2 - 1) * scale;
        }
        tensor.write(v);
    }

    /**
     * Distinct values at least {@code 2/size} apart (a shuffled ramp in [−1, 1)), so that max pooling and ReLU have
     * no ties or kinks within a finite-difference step.
     */
    static void fillDistinct(Tensor tensor, Random random) {
        int n = Math.toIntExact(tensor.shape().size());
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = -1 + 2.0 * i / n + 1.0 / n;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        tensor.write(v);
    }
}
