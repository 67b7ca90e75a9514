package org.lenetlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.train.Initialization;

/**
 * Steady-state throughput of a model on a backend, measured like the PyTorch peer
 * ({@code torch_lenet.py bench}): random inputs and labels, SGD with momentum 0.9 at learning rate 0.01, warm-up
 * steps first, then as many steps as fit in the measuring time (each step gathers its batch, as training does);
 * inference on batches of 1000.
 */
public final class Throughput {
    /** Inference batch size, as the peer's. */
    public static final int INFERENCE_BATCH = 1000;
    private static final int WARM_UP_STEPS = 10;

    private final Backend backend;
    private final ModelPlan plan;
    private final Precision precision;
    private final double seconds;

    /**
     * A measurement of {@code plan} on {@code backend} in {@code precision}, each phase running for {@code seconds}.
     */
    public Throughput(Backend backend, ModelPlan plan, Precision precision, double seconds) {
        this.backend = backend;
        this.plan = plan;
        this.precision = precision;
        this.seconds = seconds;
    }

    /** Training images per second at {@code batch}. */
    public double training(int batch) {
        try (CompiledNetwork network = backend.compile(plan, CompileOptions.training(precision,
                new OptimizerPlan.Sgd(0.01, 0.9, 0)))) {
            Initialization.initialize(network, 0);
            ImageData images = network.images(random(batch, 1), plan.input());
            int[] order = identity(batch);
            int classes = plan.output().dim(0);
            int[] labels = new SplittableRandom(2).ints(batch, 0, classes).toArray();
            int[] predictions = new int[batch];
            long step = 0;
            for (int i = 0; i < WARM_UP_STEPS; i++) {
                step++;
                network.trainStep(images, order, 0, batch, labels, step, step, predictions);
            }
            long count = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long now;
            do {
                step++;
                network.trainStep(images, order, 0, batch, labels, step, step, predictions);
                count += batch;
                now = System.nanoTime();
            } while (now < end);
            return count / ((now - start) / 1e9);
        }
    }

    /** Inference images per second at batch {@link #INFERENCE_BATCH}. */
    public double inference() {
        try (CompiledNetwork network = backend.compile(plan, CompileOptions.inference(precision))) {
            Initialization.initialize(network, 0);
            ImageData images = network.images(random(INFERENCE_BATCH, 3), plan.input());
            int[] order = identity(INFERENCE_BATCH);
            float[] outputs = new float[Math.toIntExact(plan.output().size() * INFERENCE_BATCH)];
            for (int i = 0; i < 3; i++) {
                network.forward(images, order, 0, INFERENCE_BATCH, outputs);
            }
            long count = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long now;
            do {
                network.forward(images, order, 0, INFERENCE_BATCH, outputs);
                count += INFERENCE_BATCH;
                now = System.nanoTime();
            } while (now < end);
            return count / ((now - start) / 1e9);
        }
    }

    private float[] random(int count, long seed) {
        float[] values = new float[Math.toIntExact(count * plan.input().size())];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return values;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
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
