package org.lenetlab.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;

/**
 * GPU only: every layer kernel against the CPU backend's, including the geometries LeNet does not use (stride 2 with
 * padding, overlapping windows, odd sizes, connection tables). Each case is a small network compiled on both backends
 * in float32 with the same initial weights: a 1×1 convolution in front (so that the layer under test computes its
 * input gradient, which reaches that convolution's weight gradient), the layer under test, and a flatten and a dense
 * layer to 10 outputs behind it where it does not end the network itself. Compared: every layer's activation
 * ({@link ComposedNetwork#activation}) and the loss after a training step, every parameter's gradient, and after a
 * curvature pass every parameter's curvature.
 */
class LayerAgreementTest {
    private static final int BATCH = 3;
    private static final long SEED = 11;
    private static final double FORWARD = 1e-4;
    private static final double BACKWARD = 1e-3;

    @Test
    void convolutionStride2Padded() {
        check(2, 7, 7, null, new ConvolutionSpec(null, 3, 3, 2, 1, null, null));
    }

    @Test
    void convolutionWithUnusedBorder() {
        check(2, 8, 8, null, new ConvolutionSpec(null, 2, 3, 2, 0, null, null));
    }

    @Test
    void convolutionPadded5x5() {
        check(1, 9, 9, null, new ConvolutionSpec(null, 4, 5, 1, 2, null, null));
    }

    @Test
    void convolutionWithConnectionTable() {
        check(4, 8, 8, null, new ConvolutionSpec(null, 3, 3, 1, 0, 4, null,
                List.of(List.of(0, 1), List.of(1, 2, 3), List.of(3, 0))));
    }

    @Test
    void convolutionToOnePosition() {
        check(3, 5, 5, null, new ConvolutionSpec(null, 7, 5, 1, 0, null, null));
    }

    @Test
    void maxPoolingOverlapping() {
        check(2, 7, 7, null, new MaxPoolingSpec(null, 3, 2));
    }

    @Test
    void maxPoolingOddInput() {
        check(2, 5, 5, null, new MaxPoolingSpec(null, 2, 2));
    }

    @Test
    void averagePoolingOverlapping() {
        check(2, 7, 7, null, new AveragePoolingSpec(null, 3, 2));
    }

    @Test
    void subsampling() {
        check(3, 6, 6, null, new SubsamplingSpec(null, 2, 2, null));
    }

    @Test
    void subsamplingOverlapping() {
        check(2, 7, 7, null, new SubsamplingSpec(null, 3, 2, null));
    }

    @Test
    void activations() {
        for (ActivationFunction f : ActivationFunction.values()) {
            check(3, 4, 4, null, new ActivationSpec(null, f));
        }
        check(3, 4, 4, null, new ActivationSpec(null, ActivationFunction.SCALED_TANH, 1.7159, 2.0 / 3));
    }

    @Test
    void dense() {
        check(3, 4, 5, null, new FlattenSpec(null), new DenseSpec(null, 37, null, null));
    }

    @Test
    void dropoutTraining() {
        check(2, 6, 6, null, new DropoutSpec(null, 0.3));
    }

    @Test
    void euclideanRbfWithTheMapLoss() {
        check(2, 3, 4, new RbfMapSpec(null), new FlattenSpec(null),
                new RbfSpec(null, 10, RbfFunction.EUCLIDEAN, null, null, true, null));
    }

    @Test
    void gaussianRbfWithTheCrossEntropyLoss() {
        check(2, 3, 4, new RbfCrossEntropySpec(), new FlattenSpec(null),
                new RbfSpec(null, 10, RbfFunction.GAUSSIAN, 2.0, null, true, null));
    }

    /**
     * The network {@code [1×1 convolution] + layers (+ flatten, dense 10)} on a {@code channels × height × width}
     * input, with {@code loss} (softmax cross-entropy when {@code null}), on both backends.
     */
    private static void check(int channels, int height, int width, LossSpec loss, LayerSpec... layers) {
        CudaBackend gpu = Gpu.backend();
        List<LayerSpec> all = new ArrayList<>();
        all.add(new ConvolutionSpec("head", channels, 1, 1, 0, null, null));
        all.addAll(List.of(layers));
        ModelPlan probe = ModelPlanner.plan(spec(channels, height, width, all, loss), 0);
        if (probe.output().rank() != 1 || probe.output().dim(0) != 10) {
            if (probe.output().rank() != 1) {
                all.add(new FlattenSpec("tail-flatten"));
            }
            all.add(new DenseSpec("tail", 10, null, null));
        }
        ModelPlan plan = ModelPlanner.plan(spec(channels, height, width, all, loss), 10);
        LayerPlan tested = plan.layers().get(layers.length);
        String name = tested.type() + " " + tested.input() + " -> " + tested.output();
        Random random = new Random(name.hashCode());
        float[] images = Agreement.images(plan, BATCH, random);
        int[] labels = Agreement.labels(BATCH, random);
        int[] order = Agreement.order(BATCH);

        CompileOptions step = CompileOptions.training(Precision.FLOAT32, new OptimizerPlan.Sgd(0, 0, 0));
        try (Agreement.Pair nets = Agreement.compile(gpu, plan, step, SEED)) {
            double[] losses = new double[2];
            for (int b = 0; b < 2; b++) {
                ComposedNetwork net = nets.both().get(b);
                ImageData data = Agreement.store(net, images);
                losses[b] = net.trainStep(data, order, 0, BATCH, labels, 1, 1234, new int[BATCH]);
            }
            Agreement.assertAgree(name + " loss", new double[] {losses[0]}, new double[] {losses[1]}, FORWARD);
            for (int i = 0; i < plan.layers().size(); i++) {
                Agreement.assertAgree(name + ": forward of layer " + plan.layers().get(i).name(),
                        nets.cpu().activation(i, BATCH), nets.gpu().activation(i, BATCH), FORWARD);
            }
            for (int p = 0; p < plan.parameters().size(); p++) {
                Agreement.assertAgree(name + ": gradient of parameter " + p + " ("
                        + plan.parameterLayers().get(p).name() + " " + plan.parameters().get(p).name() + ")",
                        nets.cpu().parameterTensors().get(p).gradient(),
                        nets.gpu().parameterTensors().get(p).gradient(), BACKWARD);
            }
        }

        CompileOptions curvature = CompileOptions.training(Precision.FLOAT32, new OptimizerPlan.Sdlm(0.01, 0.02, 0, 1));
        try (Agreement.Pair nets = Agreement.compile(gpu, plan, curvature, SEED)) {
            for (ComposedNetwork net : nets.both()) {
                net.resetCurvature();
                net.accumulateCurvature(Agreement.store(net, images), order, 0, BATCH, labels, 1234);
            }
            for (int p = 0; p < plan.parameters().size(); p++) {
                Agreement.assertAgree(name + ": curvature of parameter " + p + " ("
                        + plan.parameterLayers().get(p).name() + " " + plan.parameters().get(p).name() + ")",
                        nets.cpu().parameterTensors().get(p).curvature(),
                        nets.gpu().parameterTensors().get(p).curvature(), BACKWARD);
            }
        }
    }

    private static ModelSpec spec(int channels, int height, int width, List<LayerSpec> layers, LossSpec loss) {
        return new ModelSpec(null, "layer", null, new InputSpec(channels, height, width), null, layers, loss);
    }
}
