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
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.cpu.CpuBackend;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.train.Network;

/**
 * GPU only: every shipped model (experiments/specs/models/lenet5-*.json) built from the same seed on the CPU and
 * the cuda backend computes the same logits (relative error below 1e-4 in float32), the same loss, predictions,
 * gradients and curvatures, and the same parameters after a few steps of each optimizer.
 */
class ModelAgreementTest {
    private static final int BATCH = 32;
    private static final long SEED = 7;

    static Stream<Path> models() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../experiments/specs/models"))) {
            List<Path> list = files.filter(p -> p.getFileName().toString().matches("lenet5-.*\\.json")).sorted().toList();
            assertFalse(list.isEmpty(), "no lenet5-*.json under experiments/specs/models");
            return list.stream();
        }
    }

    private static ModelPlan plan(Path file) {
        return new SpecReader().readMnistModel(file).plan();
    }

    /** The same random batch in both networks' inputs; returns its labels. */
    private static int[] batch(Network cpu, Network gpu, Random random) {
        Agreement.fillBoth(cpu.input(BATCH), gpu.input(BATCH), random, 1.0);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(10);
        }
        return labels;
    }

    @ParameterizedTest
    @MethodSource("models")
    void forwardLogitsAgree(Path file) {
        CudaBackend gpuBackend = Gpu.backend();
        ModelPlan plan = plan(file);
        Network cpu = Network.create(plan, new CpuBackend(), SEED);
        Network gpu = Network.create(plan, gpuBackend, SEED);
        batch(cpu, gpu, new Random(1));
        Agreement.assertAgree(plan.name() + " logits", cpu.forward(BATCH), gpu.forward(BATCH), 1e-4);
    }

    @ParameterizedTest
    @MethodSource("models")
    void lossGradientsAndCurvaturesAgree(Path file) {
        CudaBackend gpuBackend = Gpu.backend();
        ModelPlan plan = plan(file);
        Network cpu = Network.create(plan, new CpuBackend(), SEED);
        Network gpu = Network.create(plan, gpuBackend, SEED);
        int[] labels = batch(cpu, gpu, new Random(2));
        int[] cpuPredictions = new int[BATCH];
        int[] gpuPredictions = new int[BATCH];
        double cpuLoss = cpu.forwardBackward(BATCH, labels, cpuPredictions, 99);
        double gpuLoss = gpu.forwardBackward(BATCH, labels, gpuPredictions, 99);
        assertEquals(cpuLoss, gpuLoss, 1e-4 * Math.max(1, Math.abs(cpuLoss)), plan.name() + " loss");
        assertArrayEquals(cpuPredictions, gpuPredictions, plan.name() + " predictions");
        for (int p = 0; p < cpu.parameters().size(); p++) {
            Agreement.assertAgree(plan.name() + " gradient " + p + " (" + cpu.parameters().get(p).plan().name() + ")",
                    cpu.parameters().get(p).gradient(), gpu.parameters().get(p).gradient(), 1e-3);
        }
        cpu.curvature(BATCH, labels, 99);
        gpu.curvature(BATCH, labels, 99);
        for (int p = 0; p < cpu.parameters().size(); p++) {
            Agreement.assertAgree(plan.name() + " curvature " + p, cpu.parameters().get(p).curvature(),
                    gpu.parameters().get(p).curvature(), 1e-3);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void optimizerStepsAgree(Path file) {
        CudaBackend gpuBackend = Gpu.backend();
        ModelPlan plan = plan(file);
        List<OptimizerConfig> configs = List.of(
                new OptimizerConfig(OptimizerKind.SGD, 0.01, 0.9, 0.9, 0.999, 1e-8, 1e-4),
                new OptimizerConfig(OptimizerKind.SGD, 0.01, 0, 0.9, 0.999, 1e-8, 1e-4),
                new OptimizerConfig(OptimizerKind.ADAM, 0.001, 0, 0.9, 0.999, 1e-8, 1e-4),
                new OptimizerConfig(OptimizerKind.SDLM, 0.0005, 0, 0.9, 0.999, 1e-8, 0, 0.02));
        for (OptimizerConfig config : configs) {
            Network cpu = Network.create(plan, new CpuBackend(), SEED);
            Network gpu = Network.create(plan, gpuBackend, SEED);
            ParameterUpdater cpuUpdater = cpu.backend().updater(config, cpu.parameters());
            ParameterUpdater gpuUpdater = gpu.backend().updater(config, gpu.parameters());
            Random random = new Random(3);
            if (config.kind() == OptimizerKind.SDLM) {
                int[] labels = batch(cpu, gpu, random);
                cpuUpdater.resetCurvature();
                gpuUpdater.resetCurvature();
                cpu.curvature(BATCH, labels, 5);
                gpu.curvature(BATCH, labels, 5);
                cpuUpdater.accumulateCurvature(BATCH);
                gpuUpdater.accumulateCurvature(BATCH);
                cpuUpdater.finishCurvature();
                gpuUpdater.finishCurvature();
            }
            for (long step = 1; step <= 3; step++) {
                int[] labels = batch(cpu, gpu, random);
                cpu.forwardBackward(BATCH, labels, new int[BATCH], step);
                gpu.forwardBackward(BATCH, labels, new int[BATCH], step);
                cpuUpdater.update(step);
                gpuUpdater.update(step);
            }
            for (int p = 0; p < cpu.parameters().size(); p++) {
                Agreement.assertAgree(plan.name() + " " + config.kind() + " parameter " + p,
                        cpu.parameters().get(p).value(), gpu.parameters().get(p).value(), 1e-4);
            }
            List<float[]> cpuState = cpuUpdater.state();
            List<float[]> gpuState = gpuUpdater.state();
            assertEquals(cpuState.size(), gpuState.size(), "optimizer state arrays");
            for (int i = 0; i < cpuState.size(); i++) {
                assertEquals(cpuState.get(i).length, gpuState.get(i).length);
                double error = Agreement.relativeError(cpuState.get(i), gpuState.get(i));
                assertEquals(0, error, 1e-3, plan.name() + " " + config.kind() + " state " + i);
            }
            gpuUpdater.restore(cpuState);
        }
    }
}
