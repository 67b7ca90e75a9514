package org.lenetlab.backend.cuda;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.backend.cpu.CpuBackend;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ModelPlanner;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;

/**
 * GPU only: every layer kernel against the CPU backend's on the same parameters and inputs, including the
 * geometries LeNet does not use (stride 2 with padding, overlapping windows, odd sizes, connection tables): forward
 * output, backward parameter and input gradients, and the curvature pass.
 */
class LayerAgreementTest {
    private static final int BATCH = 3;
    private static final double TOLERANCE = 1e-4;

    @Test
    void convolutionStride2Padded() {
        check(2, 7, 7, new ConvolutionSpec(null, 3, 3, 2, 1, null, null));
    }

    @Test
    void convolutionWithUnusedBorder() {
        check(2, 8, 8, new ConvolutionSpec(null, 2, 3, 2, 0, null, null));
    }

    @Test
    void convolutionPadded5x5() {
        check(1, 9, 9, new ConvolutionSpec(null, 4, 5, 1, 2, null, null));
    }

    @Test
    void convolutionWithConnectionTable() {
        check(4, 8, 8, new ConvolutionSpec(null, 3, 3, 1, 0, 4, null,
                List.of(List.of(0, 1), List.of(1, 2, 3), List.of(0, 3))));
    }

    @Test
    void convolutionToOnePosition() {
        check(3, 5, 5, new ConvolutionSpec(null, 7, 5, 1, 0, null, null));
    }

    @Test
    void maxPoolingOverlapping() {
        check(2, 7, 7, new MaxPoolingSpec(null, 3, 2));
    }

    @Test
    void maxPoolingOddInput() {
        check(2, 5, 5, new MaxPoolingSpec(null, 2, 2));
    }

    @Test
    void averagePoolingOverlapping() {
        check(2, 7, 7, new AveragePoolingSpec(null, 3, 2));
    }

    @Test
    void subsampling() {
        check(3, 6, 6, new SubsamplingSpec(null, 2, 2, null));
    }

    @Test
    void subsamplingOverlapping() {
        check(2, 7, 7, new SubsamplingSpec(null, 3, 2, null));
    }

    @Test
    void activations() {
        for (ActivationFunction f : ActivationFunction.values()) {
            check(3, 4, 4, new ActivationSpec(null, f));
        }
    }

    @Test
    void dense() {
        check(3, 4, 5, new FlattenSpec(null), new DenseSpec(null, 37, null, null));
    }

    @Test
    void dropoutTraining() {
        check(2, 6, 6, new DropoutSpec(null, 0.3));
    }

    @Test
    void euclideanAndGaussianRbf() {
        check(2, 3, 4, new FlattenSpec(null), new RbfSpec(null, 10, RbfFunction.EUCLIDEAN, null, null, true, null));
        check(2, 3, 4, new FlattenSpec(null), new RbfSpec(null, 10, RbfFunction.GAUSSIAN, 2.0, null, true, null));
    }

    /** The last of {@code layers} (any before it only shape its input) on both backends. */
    private static void check(int channels, int height, int width, LayerSpec... layers) {
        CudaBackend gpu = Gpu.backend();
        CpuBackend cpu = new CpuBackend();
        ModelPlan plan = ModelPlanner.plan(new ModelSpec(null, "layer", null, new InputSpec(channels, height, width),
                null, List.of(layers), null), 10);
        LayerPlan layer = plan.layers().get(plan.layers().size() - 1);
        Random random = new Random(layer.name().hashCode());
        LayerKernel reference = cpu.layer(layer);
        LayerKernel candidate = gpu.layer(layer);
        for (int p = 0; p < reference.parameters().size(); p++) {
            Agreement.fillBoth(reference.parameters().get(p).value(), candidate.parameters().get(p).value(), random, 0.5);
        }
        Tensor[] x = pair(cpu, gpu, layer.input().withBatch(BATCH));
        Tensor[] y = pair(cpu, gpu, layer.output().withBatch(BATCH));
        Tensor[] dy = pair(cpu, gpu, layer.output().withBatch(BATCH));
        Tensor[] dx = pair(cpu, gpu, layer.input().withBatch(BATCH));
        Tensor[] hy = pair(cpu, gpu, layer.output().withBatch(BATCH));
        Tensor[] hx = pair(cpu, gpu, layer.input().withBatch(BATCH));
        Agreement.fillBoth(x[0], x[1], random, 1.0);
        Agreement.fillBoth(dy[0], dy[1], random, 1.0);
        Agreement.fillBoth(hy[0], hy[1], random, 0.5);
        Pass pass = new Pass(true, 1234);
        reference.forward(x[0], y[0], pass);
        candidate.forward(x[1], y[1], pass);
        String name = layer.spec().type() + " " + layer.input() + " -> " + layer.output();
        Agreement.assertAgree(name + " forward", y[0], y[1], TOLERANCE);
        reference.backward(x[0], y[0], dy[0], dx[0]);
        candidate.backward(x[1], y[1], dy[1], dx[1]);
        Agreement.assertAgree(name + " input gradient", dx[0], dx[1], TOLERANCE);
        for (int p = 0; p < reference.parameters().size(); p++) {
            Agreement.assertAgree(name + " gradient of parameter " + p, reference.parameters().get(p).gradient(),
                    candidate.parameters().get(p).gradient(), TOLERANCE);
        }
        reference.backwardCurvature(x[0], y[0], dy[0], hy[0], hx[0]);
        candidate.backwardCurvature(x[1], y[1], dy[1], hy[1], hx[1]);
        Agreement.assertAgree(name + " input curvature", hx[0], hx[1], TOLERANCE);
        for (int p = 0; p < reference.parameters().size(); p++) {
            Agreement.assertAgree(name + " curvature of parameter " + p, reference.parameters().get(p).curvature(),
                    candidate.parameters().get(p).curvature(), TOLERANCE);
        }
    }

    private static Tensor[] pair(Backend a, Backend b, org.lenetlab.plan.Shape shape) {
        return new Tensor[] {a.allocate(shape), b.allocate(shape)};
    }
}
