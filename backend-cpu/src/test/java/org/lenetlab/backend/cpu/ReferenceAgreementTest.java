package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.ImageBatches;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.ParameterUpdater;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;
import org.lenetlab.train.Initialization;
import org.opentest4j.AssertionFailedError;

/**
 * The engines against the nd4j backend's kernels ({@link Fixtures#reference}: libnd4j's ops, oneDNN and OpenBLAS,
 * where ND4J has them, composed from ND4J ops where it has not): the float32 engine on the whole layer stacks of the
 * shipped models (every layer's output of a training step, the loss, the predictions and every parameter gradient,
 * at an odd batch), and the float64 engine's Java loops on every layer kind, forward, backward and curvature, to
 * float64 rounding.
 */
class ReferenceAgreementTest {
    private static final int BATCH = 37;
    /**
     * Whole float32 networks: largest |engine − reference| relative to the largest |reference| of a tensor (the worst
     * seen is 1.1e-5, in the Gaussian RBF outputs and the first convolution's weight gradient).
     */
    private static final double NETWORK_TOLERANCE = 5e-5;
    /** Single float64 layers (the worst seen is 2e-15). */
    private static final double FLOAT64_TOLERANCE = 1e-13;

    static Stream<Arguments> shippedModels() {
        return Fixtures.SHIPPED_MODELS.stream().flatMap(name -> Stream.of(false, true)
                .map(blas -> Arguments.of(name + (blas ? ", OpenBLAS forward" : ", Java forward"), name, blas)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedModels")
    void theFloat32EngineAgreesWithTheReferenceOnAShippedModel(String title, String model, boolean blasForward) {
        ModelPlan plan = Fixtures.shipped(model);
        CpuBackend backend = blasForward ? Fixtures.BLAS_FORWARD : Fixtures.JAVA_FORWARD;
        Step engine = Step.run(plan, backend.engine(Precision.FLOAT32));
        Step reference = Step.run(plan, Fixtures.reference(Precision.FLOAT32));
        engine.assertAgrees(reference, NETWORK_TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedModels")
    void theFloat32EngineAgreesWithTheFloat64EngineOnAShippedModel(String title, String model, boolean blasForward) {
        ModelPlan plan = Fixtures.shipped(model);
        CpuBackend backend = blasForward ? Fixtures.BLAS_FORWARD : Fixtures.JAVA_FORWARD;
        Step engine = Step.run(plan, backend.engine(Precision.FLOAT32));
        Step wide = Step.run(plan, Fixtures.CPU.engine(Precision.FLOAT64));
        engine.assertAgrees(wide, NETWORK_TOLERANCE);
    }

    @Test
    void aPlantedErrorInOneLayerFailsTheWholeNetworkAgreement() {
        ModelPlan plan = Fixtures.shipped("lenet5-relu-maxpool-padded");
        Step reference = Step.run(plan, Fixtures.reference(Precision.FLOAT32));
        Step.run(plan, Fixtures.FLOAT32).assertAgrees(reference, NETWORK_TOLERANCE);
        // conv2's weight gradient 2e-4 of its largest value off in one place: everything else agrees
        Step planted = Step.run(plan, new PlantedGradient(Fixtures.FLOAT32, 3));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> planted.assertAgrees(reference, NETWORK_TOLERANCE));
        assertTrue(e.getMessage().contains("conv2.weight gradient"), e.getMessage());
    }

    /** One training step (at learning rate 0) and one evaluation of a network with the same initial weights. */
    private record Step(ModelPlan plan, List<double[]> activations, List<double[]> gradients, double loss,
                        int[] predictions, double evaluated, int[] evaluatedPredictions, Precision precision) {

        static Step run(ModelPlan plan, KernelProvider engine) {
            ComposedNetwork network = Fixtures.compose(plan, engine, Fixtures.frozen());
            Initialization.initialize(network, 11);
            int classes = plan.output().dim(0);
            ImageData images = network.images(Fixtures.images(BATCH, plan.input(), 12), plan.input());
            int[] order = Fixtures.identity(BATCH);
            int[] labels = Fixtures.labels(BATCH, classes, 13);
            int[] predictions = new int[BATCH];
            double loss = network.trainStep(images, order, 0, BATCH, labels, 1, 14, predictions);
            List<double[]> activations = new ArrayList<>();
            for (int i = 0; i < plan.layers().size(); i++) {
                activations.add(Fixtures.values(network.activation(i, BATCH)));
            }
            List<double[]> gradients = new ArrayList<>();
            for (Parameter p : network.parameterTensors()) {
                gradients.add(Fixtures.values(p.gradient()));
            }
            int[] evaluatedPredictions = new int[BATCH];
            double evaluated = network.evaluate(images, order, 0, BATCH, labels, evaluatedPredictions);
            return new Step(plan, activations, gradients, loss, predictions, evaluated, evaluatedPredictions,
                    network.precision());
        }

        void assertAgrees(Step reference, double tolerance) {
            for (int i = 0; i < plan.layers().size(); i++) {
                close(plan.layers().get(i).name() + " output", activations.get(i), reference.activations.get(i),
                        tolerance);
            }
            List<String> names = new ArrayList<>();
            for (LayerPlan layer : plan.layers()) {
                layer.parameters().forEach(p -> names.add(layer.name() + "." + p.name()));
            }
            assertEquals(names.size(), gradients.size());
            for (int i = 0; i < gradients.size(); i++) {
                close(names.get(i) + " gradient", gradients.get(i), reference.gradients.get(i), tolerance);
            }
            assertEquals(reference.loss, loss, tolerance * Math.abs(reference.loss), "mean loss");
            assertEquals(reference.evaluated, evaluated, tolerance * Math.abs(reference.evaluated), "summed loss");
            // the shipped models have no dropout: the inference pass is the training pass
            assertArrayEquals(predictions, evaluatedPredictions);
            assertSamePredictions(reference, tolerance);
        }

        /** The same predicted classes, except where the reference's outputs of the two classes tie within tolerance. */
        private void assertSamePredictions(Step reference, double tolerance) {
            double[] outputs = reference.activations.get(reference.activations.size() - 1);
            int classes = outputs.length / BATCH;
            double scale = 0;
            for (double v : outputs) {
                scale = Math.max(scale, Math.abs(v));
            }
            int same = 0;
            for (int r = 0; r < BATCH; r++) {
                if (predictions[r] == reference.predictions[r]) {
                    same++;
                    continue;
                }
                double mine = outputs[r * classes + predictions[r]];
                double theirs = outputs[r * classes + reference.predictions[r]];
                assertTrue(Math.abs(mine - theirs) <= tolerance * scale, "row " + r + " predicted " + predictions[r]
                        + ", the reference " + reference.predictions[r] + " (outputs " + mine + ", " + theirs + ")");
            }
            assertTrue(same >= BATCH - 1, same + " of " + BATCH + " predictions agree");
        }
    }

    private static void close(String what, double[] actual, double[] expected, double tolerance) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0 && Double.isFinite(scale), what + " is all zero or not finite: " + scale);
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tolerance * scale)) {
                throw new AssertionFailedError(what + " at " + i + ": " + actual[i] + ", reference " + expected[i]
                        + ", largest |value| " + scale, expected[i], actual[i]);
            }
        }
    }

    /** An engine whose kernel of layer {@code index} gets its first parameter's gradient wrong in one place. */
    private static final class PlantedGradient implements KernelProvider {
        private final KernelProvider engine;
        private final int index;

        PlantedGradient(KernelProvider engine, int index) {
            this.engine = engine;
            this.index = index;
        }

        @Override
        public Precision precision() {
            return engine.precision();
        }

        @Override
        public String device() {
            return engine.device();
        }

        @Override
        public Tensor allocate(Shape shape) {
            return engine.allocate(shape);
        }

        @Override
        public LayerKernel layer(LayerPlan layer) {
            LayerKernel kernel = engine.layer(layer);
            if (layer.index() != index) {
                return kernel;
            }
            return new LayerKernel() {
                @Override
                public List<Parameter> parameters() {
                    return kernel.parameters();
                }

                @Override
                public void forward(Tensor input, Tensor output, Pass pass) {
                    kernel.forward(input, output, pass);
                }

                @Override
                public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
                    kernel.backward(input, output, outputGradient, inputGradient);
                    Tensor g = kernel.parameters().get(0).gradient();
                    double scale = 0;
                    for (double v : Fixtures.values(g)) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    g.set(7, g.get(7) + 2e-4 * scale);
                }
            };
        }

        @Override
        public LossKernel loss(LossPlan loss) {
            return engine.loss(loss);
        }

        @Override
        public ParameterUpdater updater(OptimizerPlan optimizer, List<Parameter> trainable) {
            return engine.updater(optimizer, trainable);
        }

        @Override
        public ImageBatches images(float[] images, Shape imageShape) {
            return engine.images(images, imageShape);
        }
    }

    // ---------------------------------------------------------------- float64 loops against ND4J ops

    static Stream<LayerSpec> nd4jLayers() {
        return Stream.of(
                new ConvolutionSpec(null, 4, 5, 1, 2, null, null),
                new ConvolutionSpec(null, 3, 3, 2, 1, null, null),
                new ConvolutionSpec(null, 5, 3, 1, 0, null, null),
                new ConvolutionSpec(null, 6, 7, 1, 0, null, null),
                new ConvolutionSpec(null, 2, 2, 3, 2, null, null),
                new MaxPoolingSpec(null, 2, 2),
                new MaxPoolingSpec(null, 3, 2),
                new AveragePoolingSpec(null, 2, 2),
                new AveragePoolingSpec(null, 3, 2),
                new ActivationSpec(null, ActivationFunction.RELU),
                new ActivationSpec(null, ActivationFunction.SIGMOID),
                new ActivationSpec(null, ActivationFunction.TANH),
                new DropoutSpec(null, 0.3),
                new FlattenSpec(null),
                // composed from ND4J ops in the nd4j backend
                new ActivationSpec(null, ActivationFunction.SCALED_TANH, 1.7159, 2.0 / 3),
                new SubsamplingSpec(null, 2, null, null),
                new SubsamplingSpec(null, 3, 2, null),
                new ConvolutionSpec(null, 5, 3, 1, 1, null, null, List.of(List.of(0), List.of(1, 2), List.of(2, 0),
                        List.of(1), List.of(0, 1, 2))),
                new ConvolutionSpec(null, 4, 3, 2, 0, null, null, List.of(List.of(2), List.of(0, 1), List.of(1, 2),
                        List.of(0, 1, 2))));
    }

    @ParameterizedTest
    @MethodSource("nd4jLayers")
    void float64LoopsAgreeWithNd4jOpsInFloat64(LayerSpec spec) {
        assertFloat64Agrees(Fixtures.plan(3, 7, 7, spec).layers().get(0), 5);
    }

    @Test
    void float64RbfLoopsAgreeWithNd4jOps() {
        assertFloat64Agrees(Fixtures.plan(1, 7, 12, new FlattenSpec(null),
                new RbfSpec(null, 10, null, null, "lenet5-digits-7x12", false, null)).layers().get(1), 6);
        assertFloat64Agrees(Fixtures.plan(2, 3, 4, new FlattenSpec(null),
                new RbfSpec(null, 7, RbfFunction.GAUSSIAN, 1.5, null, true, null)).layers().get(1), 5);
    }

    @Test
    void float64DenseLoopsAgreeWithNd4jGemm() {
        assertFloat64Agrees(Fixtures.plan(2, 3, 3, new FlattenSpec(null), new DenseSpec(null, 5, null, null))
                .layers().get(1), 4);
        assertFloat64Agrees(Fixtures.plan(16, 5, 5, new FlattenSpec(null), new DenseSpec(null, 120, null, null))
                .layers().get(1), 37);
    }

    /**
     * Forward, backward and curvature passes of one layer in the float64 engine and in the nd4j backend's float64
     * kernels, from the same values.
     */
    private static void assertFloat64Agrees(LayerPlan layer, int batch) {
        KernelProvider nd4j = Fixtures.reference(Precision.FLOAT64);
        Random random = new Random(layer.toString().hashCode());
        LayerKernel java = Fixtures.FLOAT64.layer(layer);
        LayerKernel ops = nd4j.layer(layer);
                for (int p = 0; p < java.parameters().size(); p++) {
            Fixtures.fillUniform(java.parameters().get(p).value(), random, 0.5);
            ops.parameters().get(p).value().write(Fixtures.values(java.parameters().get(p).value()));
        }
        Shape in = layer.input().withBatch(batch);
        Tensor[] x = {Fixtures.FLOAT64.allocate(in), nd4j.allocate(in)};
        assertFalse(x[1] instanceof CpuTensor, "the nd4j backend's own tensor");
        Fixtures.fillDistinct(x[0], random);
        x[1].write(Fixtures.values(x[0]));
        Shape out = layer.output().withBatch(batch);
        Tensor[] y = {Fixtures.FLOAT64.allocate(out), nd4j.allocate(out)};
        Tensor[] dy = {Fixtures.FLOAT64.allocate(out), nd4j.allocate(out)};
        Fixtures.fillUniform(dy[0], random, 1);
        dy[1].write(Fixtures.values(dy[0]));
        Tensor[] dx = {Fixtures.FLOAT64.allocate(x[0].shape()), nd4j.allocate(x[0].shape())};
        Pass pass = new Pass(true, 17);
        java.forward(x[0], y[0], pass);
        ops.forward(x[1], y[1], pass);
        close("outputs", Fixtures.values(y[0]), Fixtures.values(y[1]), FLOAT64_TOLERANCE);
        java.backward(x[0], y[0], dy[0], dx[0]);
        ops.backward(x[1], y[1], dy[1], dx[1]);
        close("input gradients", Fixtures.values(dx[0]), Fixtures.values(dx[1]), FLOAT64_TOLERANCE);
        for (int p = 0; p < java.parameters().size(); p++) {
            close("parameter gradients", Fixtures.values(java.parameters().get(p).gradient()),
                    Fixtures.values(ops.parameters().get(p).gradient()), FLOAT64_TOLERANCE);
        }
        // the curvature pass, from the same non-negative output curvature
        Tensor[] hy = {Fixtures.FLOAT64.allocate(out), nd4j.allocate(out)};
        Fixtures.fillUniform(hy[0], random, 1);
        double[] squared = Fixtures.values(hy[0]);
        for (int i = 0; i < squared.length; i++) {
            squared[i] *= squared[i];
        }
        hy[0].write(squared);
        hy[1].write(squared);
        Tensor[] hx = {Fixtures.FLOAT64.allocate(x[0].shape()), nd4j.allocate(x[0].shape())};
        java.backwardCurvature(x[0], y[0], dy[0], hy[0], hx[0]);
        ops.backwardCurvature(x[1], y[1], dy[1], hy[1], hx[1]);
        close("input curvatures", Fixtures.values(hx[0]), Fixtures.values(hx[1]), FLOAT64_TOLERANCE);
        for (int p = 0; p < java.parameters().size(); p++) {
            close("parameter curvatures", Fixtures.values(java.parameters().get(p).curvature()),
                    Fixtures.values(ops.parameters().get(p).curvature()), FLOAT64_TOLERANCE);
        }
    }

    @Test
    void aConnectionTableIsAFullConvolutionWithTheOtherKernelsZero() {
        List<List<Integer>> table = List.of(List.of(0, 1, 2), List.of(2, 0), List.of(1), List.of(0, 1, 2, 3),
                List.of(3, 1));
        LayerPlan partial = Fixtures.plan(4, 9, 9, new ConvolutionSpec(null, 5, 3, 1, 1, null, null, table))
                .layers().get(0);
        LayerPlan full = Fixtures.plan(4, 9, 9, new ConvolutionSpec(null, 5, 3, 1, 1, null, null)).layers().get(0);
        for (KernelProvider engine : List.of(Fixtures.FLOAT64, Fixtures.FLOAT32)) {
            KernelProvider nd4j = Fixtures.reference(engine.precision());
            LayerKernel tableKernel = engine.layer(partial);
            LayerKernel fullKernel = nd4j.layer(full);
            Random random = new Random(3);
            Tensor tableWeight = tableKernel.parameters().get(0).value();
            double[] tableWeights = new double[Fixtures.size(tableWeight)];
            double[] fullWeights = new double[5 * 4 * 9];
            int row = 0;
            for (int o = 0; o < 5; o++) {
                for (int c : table.get(o)) {
                    for (int t = 0; t < 9; t++) {
                        double v = (float) random.nextGaussian();
                        tableWeights[row * 9 + t] = v;
                        fullWeights[(o * 4 + c) * 9 + t] = v;
                    }
                    row++;
                }
            }
            assertEquals(row, partial.parameters().get(0).shape().dim(0));
            tableWeight.write(tableWeights);
            fullKernel.parameters().get(0).value().write(fullWeights);
            Fixtures.fillUniform(tableKernel.parameters().get(1).value(), random, 1);
            fullKernel.parameters().get(1).value().write(Fixtures.values(tableKernel.parameters().get(1).value()));
            Tensor x = engine.allocate(partial.input().withBatch(2));
            Fixtures.fillUniform(x, random, 1);
            Tensor xFull = nd4j.allocate(x.shape());
            xFull.write(Fixtures.values(x));
            Tensor y = engine.allocate(partial.output().withBatch(2));
            Tensor yFull = nd4j.allocate(y.shape());
            tableKernel.forward(x, y, Pass.INFERENCE);
            fullKernel.forward(xFull, yFull, Pass.INFERENCE);
            close(engine.precision() + " outputs", Fixtures.values(y), Fixtures.values(yFull),
                    engine.precision() == Precision.FLOAT64 ? FLOAT64_TOLERANCE : 1e-6);
        }
    }
}
