package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.spec.SpecReader;

/**
 * GPU only: every shipped model (experiments/specs/models/lenet5-*.json) compiled on the CPU and the cuda backend in
 * float32 with the same initial weights computes the same logits (relative error below 1e-4), the same loss and
 * predictions, gradients and curvatures (below 1e-3), and the same parameters (1e-4) and optimizer state (1e-3) after
 * a few steps of each update rule; the CPU backend's optimizer state restores into the cuda backend's network.
 */
class ModelAgreementTest {
    private static final int BATCH = 32;
    private static final long SEED = 7;

    static Stream<Path> models() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../experiments/specs/models"))) {
            List<Path> list = files.filter(p -> p.getFileName().toString().matches("lenet5-.*\\.json")).sorted()
                    .toList();
            assertFalse(list.isEmpty(), "no lenet5-*.json under experiments/specs/models");
            return list.stream();
        }
    }

    private static ModelPlan plan(Path file) {
        return new SpecReader().readMnistModel(file).plan();
    }

    @ParameterizedTest
    @MethodSource("models")
    void forwardLogitsAgree(Path file) {
        CudaBackend gpu = Gpu.backend();
        ModelPlan plan = plan(file);
        float[] images = Agreement.images(plan, BATCH, new Random(1));
        try (Agreement.Pair nets = Agreement.compile(gpu, plan, CompileOptions.inference(Precision.FLOAT32), SEED)) {
            float[][] logits = new float[2][BATCH * 10];
            for (int b = 0; b < 2; b++) {
                ComposedNetwork net = nets.both().get(b);
                net.forward(Agreement.store(net, images), Agreement.order(BATCH), 0, BATCH, logits[b]);
            }
            Agreement.assertAgree(plan.name() + " logits", logits[0], logits[1], 1e-4);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void lossGradientsAndCurvaturesAgree(Path file) {
        CudaBackend gpu = Gpu.backend();
        ModelPlan plan = plan(file);
        Random random = new Random(2);
        float[] images = Agreement.images(plan, BATCH, random);
        int[] labels = Agreement.labels(BATCH, random);
        int[] order = Agreement.order(BATCH);
        // a step with learning rate 0 leaves the parameters and keeps the gradients
        CompileOptions step = CompileOptions.training(Precision.FLOAT32, new OptimizerPlan.Sgd(0, 0, 0));
        try (Agreement.Pair nets = Agreement.compile(gpu, plan, step, SEED)) {
            int[][] predictions = new int[2][BATCH];
            double[] losses = new double[2];
            for (int b = 0; b < 2; b++) {
                ComposedNetwork net = nets.both().get(b);
                losses[b] = net.trainStep(Agreement.store(net, images), order, 0, BATCH, labels, 1, 99,
                        predictions[b]);
            }
            assertEquals(losses[0], losses[1], 1e-4 * Math.max(1, Math.abs(losses[0])), plan.name() + " loss");
            assertArrayEquals(predictions[0], predictions[1], plan.name() + " predictions");
            for (int p = 0; p < plan.parameters().size(); p++) {
                Agreement.assertAgree(plan.name() + " gradient " + p + " (" + plan.parameters().get(p).name() + ")",
                        nets.cpu().parameterTensors().get(p).gradient(),
                        nets.gpu().parameterTensors().get(p).gradient(), 1e-3);
            }
        }
        CompileOptions curvature = CompileOptions.training(Precision.FLOAT32,
                new OptimizerPlan.Sdlm(0.0005, 0.02, 0, BATCH));
        try (Agreement.Pair nets = Agreement.compile(gpu, plan, curvature, SEED)) {
            double[] losses = new double[2];
            for (int b = 0; b < 2; b++) {
                ComposedNetwork net = nets.both().get(b);
                net.resetCurvature();
                losses[b] = net.accumulateCurvature(Agreement.store(net, images), order, 0, BATCH, labels, 99);
            }
            assertEquals(losses[0], losses[1], 1e-4 * Math.max(1, Math.abs(losses[0])), plan.name() + " loss");
            for (int p = 0; p < plan.parameters().size(); p++) {
                Agreement.assertAgree(plan.name() + " curvature " + p, nets.cpu().parameterTensors().get(p).curvature(),
                        nets.gpu().parameterTensors().get(p).curvature(), 1e-3);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void optimizerStepsAgree(Path file) {
        CudaBackend gpu = Gpu.backend();
        ModelPlan plan = plan(file);
        List<OptimizerPlan> optimizers = List.of(
                new OptimizerPlan.Sgd(0.01, 0.9, 1e-4),
                new OptimizerPlan.Sgd(0.01, 0, 1e-4),
                new OptimizerPlan.Adam(0.001, 0.9, 0.999, 1e-8, 1e-4),
                new OptimizerPlan.Sdlm(0.0005, 0.02, 0, BATCH));
        for (OptimizerPlan optimizer : optimizers) {
            String what = plan.name() + " " + optimizer;
            try (Agreement.Pair nets = Agreement.compile(gpu, plan, CompileOptions.training(Precision.FLOAT32,
                    optimizer), SEED)) {
                Random random = new Random(3);
                int[] order = Agreement.order(BATCH);
                if (optimizer.usesCurvature()) {
                    float[] images = Agreement.images(plan, BATCH, random);
                    int[] labels = Agreement.labels(BATCH, random);
                    for (ComposedNetwork net : nets.both()) {
                        net.resetCurvature();
                        net.accumulateCurvature(Agreement.store(net, images), order, 0, BATCH, labels, 5);
                        net.finishCurvature();
                    }
                }
                for (long step = 1; step <= 3; step++) {
                    float[] images = Agreement.images(plan, BATCH, random);
                    int[] labels = Agreement.labels(BATCH, random);
                    for (ComposedNetwork net : nets.both()) {
                        net.trainStep(Agreement.store(net, images), order, 0, BATCH, labels, step, step,
                                new int[BATCH]);
                    }
                }
                for (int p = 0; p < plan.parameters().size(); p++) {
                    Agreement.assertAgree(what + " parameter " + p, Agreement.parameter(nets.cpu(), p),
                            Agreement.parameter(nets.gpu(), p), 1e-4);
                }
                List<double[]> cpuState = nets.cpu().optimizerState();
                List<double[]> gpuState = nets.gpu().optimizerState();
                int trainable = (int) plan.parameters().stream().filter(p -> p.trainable()).count();
                assertEquals(optimizer.stateArrays(trainable), gpuState.size(), what + " state arrays");
                assertEquals(cpuState.size(), gpuState.size(), what + " state arrays");
                for (int i = 0; i < cpuState.size(); i++) {
                    Agreement.assertAgree(what + " state " + i, cpuState.get(i), gpuState.get(i), 1e-3);
                }
                nets.gpu().restoreOptimizerState(cpuState);
                List<double[]> restored = nets.gpu().optimizerState();
                for (int i = 0; i < cpuState.size(); i++) {
                    assertArrayEquals(cpuState.get(i), restored.get(i), what + " restored state " + i);
                }
            }
        }
    }
}
