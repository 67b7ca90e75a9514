package org.lenetlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.Tensor;
import org.lenetlab.model.ModelPlan;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.train.Network;

/**
 * Steady-state throughput of a model on a backend, measured like the PyTorch peer
 * ({@code torch_lenet.py bench}): random inputs and labels, SGD with momentum 0.9 at learning rate 0.01, warm-up
 * steps first, then as many steps as fit in the measuring time; inference on batches of 1000.
 */
public final class Throughput {
    /** Inference batch size, as the peer's. */
    public static final int INFERENCE_BATCH = 1000;
    private static final int WARM_UP_STEPS = 10;

    private final Backend backend;
    private final ModelPlan plan;
    private final double seconds;

    /** A measurement of {@code plan} on {@code backend}, each phase running for {@code seconds}. */
    public Throughput(Backend backend, ModelPlan plan, double seconds) {
        this.backend = backend;
        this.plan = plan;
        this.seconds = seconds;
    }

    /** Training images per second at {@code batch}. */
    public double training(int batch) {
        Network network = Network.create(plan, backend, 0);
        ParameterUpdater updater = backend.updater(
                new OptimizerConfig(OptimizerKind.SGD, 0.01, 0.9, 0.9, 0.999, 1e-8, 0), network.parameters());
        fill(network.input(batch), 1);
        int classes = plan.output().dim(0);
        int[] labels = new SplittableRandom(2).ints(batch, 0, classes).toArray();
        int[] predictions = new int[batch];
        long step = 0;
        for (int i = 0; i < WARM_UP_STEPS; i++) {
            network.forwardBackward(batch, labels, predictions, ++step);
            updater.update(step);
        }
        long images = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            network.forwardBackward(batch, labels, predictions, ++step);
            updater.update(step);
            images += batch;
            now = System.nanoTime();
        } while (now < end);
        return images / ((now - start) / 1e9);
    }

    /** Inference images per second at batch {@link #INFERENCE_BATCH}. */
    public double inference() {
        Network network = Network.create(plan, backend, 0);
        fill(network.input(INFERENCE_BATCH), 3);
        for (int i = 0; i < 3; i++) {
            network.forward(INFERENCE_BATCH);
        }
        long images = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            network.forward(INFERENCE_BATCH);
            images += INFERENCE_BATCH;
            now = System.nanoTime();
        } while (now < end);
        return images / ((now - start) / 1e9);
    }

    private static void fill(Tensor input, long seed) {
        float[] values = new float[Math.toIntExact(input.shape().size())];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        input.write(values, 0);
    }

    /** The peak resident set size of this process (Linux {@code VmHWM}), or -1 where it cannot be read. */
    public static long peakRssBytes() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
