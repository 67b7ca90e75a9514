package org.lenetlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;

/**
 * The training loop, the one every backend runs: for each epoch, a seeded permutation of the training set, the
 * epoch's learning rate when the settings have a schedule, a curvature estimate when the optimizer needs one (SDLM),
 * one {@link CompiledNetwork#trainStep} per mini-batch, then an evaluation on the whole test set, timings and a
 * checkpoint.
 */
public final class Trainer {
    private final TrainingSettings settings;
    private final long seed;
    private final TrainingListener listener;
    private final BooleanSupplier stopRequested;
    private final TrainingCheckpoints checkpoints;
    private final Augmentation augmentation;

    /**
     * A trainer.
     *
     * @param settings      the cell's settings
     * @param seed          the cell's seed (data order and dropout; the network's weights were drawn from it too)
     * @param listener      progress
     * @param stopRequested polled at every batch boundary; when true, training stops with {@link TrainingStoppedException}
     */
    public Trainer(TrainingSettings settings, long seed, TrainingListener listener, BooleanSupplier stopRequested) {
        this(settings, seed, listener, stopRequested, TrainingCheckpoints.NONE);
    }

    /**
     * A trainer that restores from and saves to {@code checkpoints} at epoch boundaries.
     *
     * @param checkpoints asked once to restore a saved run, then told about every finished epoch
     */
    public Trainer(TrainingSettings settings, long seed, TrainingListener listener, BooleanSupplier stopRequested,
                   TrainingCheckpoints checkpoints) {
        this(settings, seed, listener, stopRequested, checkpoints, null);
    }

    /**
     * A trainer that distorts every training batch with {@code augmentation} ({@code null} for none) before the
     * step; the test set and SDLM's curvature samples are never distorted.
     */
    public Trainer(TrainingSettings settings, long seed, TrainingListener listener, BooleanSupplier stopRequested,
                   TrainingCheckpoints checkpoints, Augmentation augmentation) {
        this.augmentation = augmentation;
        this.settings = settings;
        this.seed = seed;
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.checkpoints = checkpoints;
    }

    /**
     * Trains {@code network} (compiled for training, its initial weights written) on {@code train}, evaluating on
     * {@code test} after every epoch.
     */
    public TrainingRun run(CompiledNetwork network, Examples train, Examples test) {
        if (augmentation == null) {
            return run(network, train, test, null);
        }
        try (DistortedBatches distorted = new DistortedBatches(augmentation, train,
                Math.min(settings.batchSize(), train.count()))) {
            return run(network, train, test, distorted);
        }
    }

    private TrainingRun run(CompiledNetwork network, Examples train, Examples test, DistortedBatches distorted) {
        ImageData trainImages = network.images(train.images(), train.imageShape());
        ImageData testImages = network.images(test.images(), test.imageShape());
        boolean curvature = settings.optimizerPlan().usesCurvature();
        int batchSize = Math.min(settings.batchSize(), train.count());
        int batches = (train.count() + batchSize - 1) / batchSize;
        int[] order = new int[train.count()];
        int[] labels = new int[batchSize];
        int[] predictions = new int[batchSize];
        int[] testPredictions = new int[test.count()];
        int[] identity = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            identity[i] = i;
        }
        TrainingState resumed = checkpoints.restore(network).orElse(TrainingState.START);
        List<EpochResult> epochs = new ArrayList<>(resumed.epochs());
        double totalTrainSeconds = resumed.epochs().stream().mapToDouble(EpochResult::trainSeconds).sum();
        double inferencePerSecond = 0;
        long step = resumed.step();
        for (int epoch = resumed.epochsDone() + 1; epoch <= settings.epochs(); epoch++) {
            shuffle(order, new SplittableRandom(SeedStream.DATA_ORDER.derive(seed, epoch)));
            listener.epochStarted(epoch, settings.epochs(), batches);
            double lossSum = 0;
            long correct = 0;
            long start = System.nanoTime();
            if (settings.learningRateSchedule() != null) {
                network.setLearningRate(settings.learningRateFor(epoch));
            }
            if (curvature) {
                estimateCurvature(network, trainImages, train, order, epoch, labels);
            }
            for (int b = 0; b < batches; b++) {
                if (stopRequested.getAsBoolean()) {
                    throw new TrainingStoppedException(epoch, b + 1);
                }
                int from = b * batchSize;
                int n = Math.min(batchSize, train.count() - from);
                for (int i = 0; i < n; i++) {
                    labels[i] = train.labels()[order[from + i]];
                }
                step++;
                double loss;
                if (distorted == null) {
                    loss = network.trainStep(trainImages, order, from, n, labels, step,
                            SeedStream.STEP.derive(seed, step), predictions);
                } else {
                    // the next batch of this epoch is distorted in the background while this one trains
                    int next = Math.min(batchSize, Math.max(0, train.count() - from - n));
                    loss = network.trainStep(distorted.batch(network, order, from, n, seed, epoch, from + n, next),
                            identity, 0, n, labels, step, SeedStream.STEP.derive(seed, step), predictions);
                }
                if (!Double.isFinite(loss)) {
                    throw new DivergenceException(epoch, b + 1, loss);
                }
                lossSum += loss * n;
                for (int i = 0; i < n; i++) {
                    if (predictions[i] == labels[i]) {
                        correct++;
                    }
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                listener.batchFinished(epoch, b + 1, batches, lossSum / (from + n), (from + n) / Math.max(elapsed, 1e-9));
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            totalTrainSeconds += trainSeconds;
            long evalStart = System.nanoTime();
            double testLoss = evaluate(network, testImages, test, testPredictions);
            double testSeconds = (System.nanoTime() - evalStart) / 1e9;
            inferencePerSecond = test.count() / testSeconds;
            EpochResult result = new EpochResult(epoch, lossSum / train.count(), (double) correct / train.count(),
                    testLoss / test.count(), (double) correct(testPredictions, test) / test.count(), trainSeconds,
                    train.count() / trainSeconds, testSeconds);
            epochs.add(result);
            listener.epochFinished(result);
            checkpoints.epochFinished(new TrainingState(epoch, step, epochs), network);
        }
        if (resumed.epochsDone() >= settings.epochs()) {
            // restored after the last epoch: only the final evaluation is left to do
            long evalStart = System.nanoTime();
            evaluate(network, testImages, test, testPredictions);
            inferencePerSecond = test.count() / ((System.nanoTime() - evalStart) / 1e9);
        }
        long images = (long) train.count() * settings.epochs();
        return new TrainingRun(epochs, testPredictions, totalTrainSeconds, images / totalTrainSeconds,
                inferencePerSecond);
    }

    private static long correct(int[] predictions, Examples examples) {
        long correct = 0;
        for (int i = 0; i < examples.count(); i++) {
            if (predictions[i] == examples.labels()[i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * SDLM's curvature phase before an epoch: curvature passes over the first {@code hessianSamples} images of the
     * epoch's order (a fresh sample every epoch), in batches of the training batch size, averaged by the network.
     */
    private void estimateCurvature(CompiledNetwork network, ImageData images, Examples train, int[] order, int epoch,
                                   int[] labels) {
        int samples = Math.min(settings.hessianSamplesOrDefault(), train.count());
        int batch = Math.min(labels.length, samples);
        network.resetCurvature();
        for (int from = 0; from < samples; from += batch) {
            if (stopRequested.getAsBoolean()) {
                throw new TrainingStoppedException(epoch, 1);
            }
            int n = Math.min(batch, samples - from);
            for (int i = 0; i < n; i++) {
                labels[i] = train.labels()[order[from + i]];
            }
            double loss = network.accumulateCurvature(images, order, from, n, labels,
                    SeedStream.CURVATURE_PASS.derive(seed, epoch, from));
            if (!Double.isFinite(loss)) {
                throw new DivergenceException(epoch, 0, loss);
            }
        }
        network.finishCurvature();
    }

    /** Summed loss over {@code examples}, writing every prediction; batches of the evaluation batch size. */
    private double evaluate(CompiledNetwork network, ImageData images, Examples examples, int[] predictionsOut) {
        int batch = Math.min(settings.evaluationBatchSize(), examples.count());
        int[] order = new int[examples.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int[] labels = new int[batch];
        int[] predictions = new int[batch];
        double lossSum = 0;
        for (int from = 0; from < examples.count(); from += batch) {
            int n = Math.min(batch, examples.count() - from);
            System.arraycopy(examples.labels(), from, labels, 0, n);
            lossSum += network.evaluate(images, order, from, n, labels, predictions);
            System.arraycopy(predictions, 0, predictionsOut, from, n);
        }
        return lossSum;
    }

    /** Fisher–Yates shuffle of the identity permutation. */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
