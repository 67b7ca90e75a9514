package org.lenetlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.train.Augmentation;
import org.lenetlab.train.DistortedBatches;
import org.lenetlab.train.Examples;
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
    /** Images the augmentation measurement draws its batches from (random pixels; cost does not depend on them). */
    private static final int POOL = 2048;
    /** About how long one block of the augmentation measurement's interleaved steps lasts, in seconds. */
    private static final double BLOCK_SECONDS = 0.1;

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

    /**
     * Training throughput at {@code batch} without augmentation and with each of {@code augmentations}, on one
     * compiled network, in short interleaved blocks: each group runs a block of plain steps and then a block of
     * each augmentation's (the order reversed in every other group), every block the same number of steps, about
     * {@value #BLOCK_SECONDS} s of plain training, until each variant has run for the measuring time. A change of the
     * machine's load thus moves all variants alike. The plain steps gather their batch from a pool of {@value #POOL}
     * random images in a shuffled order, as the trainer gathers from the training set; the augmented ones distort
     * that batch first, as the trainer does ({@link DistortedBatches}: the next batch in the background). Every variant runs untimed
     * first, so that the JIT has compiled it.
     *
     * @param names the augmentations' names, in the order of {@code augmentations}
     */
    public List<AugmentationCost> augmentationCost(int batch, List<String> names, List<Augmentation> augmentations) {
        if (names.size() != augmentations.size() || augmentations.isEmpty()) {
            throw new IllegalArgumentException("one name per augmentation, and at least one");
        }
        int variants = augmentations.size() + 1;
        try (CompiledNetwork network = backend.compile(plan, CompileOptions.training(precision,
                new OptimizerPlan.Sgd(0.01, 0.9, 0)))) {
            Initialization.initialize(network, 0);
            Shape shape = plan.input();
            int classes = plan.output().dim(0);
            int pool = Math.max(POOL, batch);
            Examples examples = new Examples(random(pool, 1), new SplittableRandom(2).ints(pool, 0, classes).toArray(),
                    pool, shape);
            List<DistortedBatches> prepared = new ArrayList<>();
            for (Augmentation a : augmentations) {
                prepared.add(new DistortedBatches(a, examples, batch));
            }
            try {
                List<Steps> steps = new ArrayList<>();
                steps.add(new Steps(network, examples, batch, null));
                for (DistortedBatches d : prepared) {
                    steps.add(new Steps(network, examples, batch, d));
                }
                return augmentationCost(steps, batch, names);
            } finally {
                prepared.forEach(DistortedBatches::close);
            }
        }
    }

    /** Interleaved blocks of {@code steps.get(0)} (plain) and each other (augmented); see the public method. */
    private List<AugmentationCost> augmentationCost(List<Steps> steps, int batch, List<String> names) {
        int variants = steps.size();
        for (int v = 1; v < variants; v++) {
            steps.get(v).run(WARM_UP_STEPS);
        }
        // the plain warm-up also sizes the blocks
        Steps plain = steps.get(0);
        int warmUp = WARM_UP_STEPS;
        double warmSeconds = plain.run(warmUp);
        while (warmSeconds < Math.min(BLOCK_SECONDS, seconds)) {
            warmUp *= 2;
            warmSeconds = plain.run(warmUp);
        }
        int block = Math.max(1, (int) Math.round(warmUp * Math.min(BLOCK_SECONDS, seconds) / warmSeconds));
        List<double[]> times = new ArrayList<>();
        double plainSeconds = 0;
        for (int g = 0; plainSeconds < seconds || g < 2; g++) {
            double[] group = new double[variants];
            for (int i = 0; i < variants; i++) {
                int v = g % 2 == 0 ? i : variants - 1 - i;
                group[v] = steps.get(v).run(block);
            }
            plainSeconds += group[0];
            times.add(group);
        }
        List<AugmentationCost> costs = new ArrayList<>();
        for (int a = 1; a < variants; a++) {
            double[] plainTimes = new double[times.size()];
            double[] augmented = new double[times.size()];
            for (int g = 0; g < times.size(); g++) {
                plainTimes[g] = times.get(g)[0];
                augmented[g] = times.get(g)[a];
            }
            costs.add(AugmentationCost.of(names.get(a - 1), plainTimes, augmented, block, batch));
        }
        return costs;
    }

    /**
     * Training steps over a pool of examples, in a shuffled order, pass after pass; with an augmentation, each
     * batch distorted as the trainer does, the next one in the background while a step trains.
     */
    private static final class Steps {
        private final CompiledNetwork network;
        private final Examples examples;
        private final ImageData images;
        private final int batch;
        private final int[] order;
        private final int[] identity;
        private final int[] labels;
        private final int[] predictions;
        private final SplittableRandom shuffle = new SplittableRandom(4);
        private int from;
        private int epoch = 1;
        private long step;
        private final DistortedBatches augmentation;

        Steps(CompiledNetwork network, Examples examples, int batch, DistortedBatches augmentation) {
            this.augmentation = augmentation;
            this.network = network;
            this.examples = examples;
            this.images = network.images(examples.images(), examples.imageShape());
            this.batch = batch;
            this.order = identity(examples.count());
            this.identity = identity(batch);
            this.labels = new int[batch];
            this.predictions = new int[batch];
        }

        /**
         * Runs {@code count} training steps; returns the seconds they took, including the wait for the next batch
         * being distorted in the background (it is used by the next call's first step).
         */
        double run(int count) {
            long start = System.nanoTime();
            for (int s = 0; s < count; s++) {
                if (from + batch > order.length) {
                    from = 0;
                    epoch++;
                    for (int i = order.length - 1; i > 0; i--) {
                        int j = shuffle.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                }
                for (int i = 0; i < batch; i++) {
                    labels[i] = examples.labels()[order[from + i]];
                }
                step++;
                if (augmentation == null) {
                    network.trainStep(images, order, from, batch, labels, step, step, predictions);
                } else {
                    // as the trainer does: the next batch, if in this pass, is distorted while this one trains
                    int next = from + 2 * batch <= order.length ? batch : 0;
                    network.trainStep(augmentation.batch(network, order, from, batch, 0, epoch, from + batch, next),
                            identity, 0, batch, labels, step, step, predictions);
                }
                from += batch;
            }
            if (augmentation != null) {
                augmentation.finishPending();
            }
            return (System.nanoTime() - start) / 1e9;
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
