package org.lenetlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.lenetlab.backend.ImageBatches;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.Tensor;

/**
 * The training loop: for each epoch, a seeded permutation of the training set, the epoch's learning rate when the
 * settings have a schedule, a curvature estimate when the optimizer needs one (SDLM), mini-batch steps through the
 * network's kernels, then an evaluation on the whole test set. Backend-agnostic.
 */
public final class Trainer {
    private final TrainingSettings settings;
    private final long seed;
    private final TrainingListener listener;
    private final BooleanSupplier stopRequested;
    private final TrainingCheckpoints checkpoints;

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
        this.settings = settings;
        this.seed = seed;
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.checkpoints = checkpoints;
    }

    /** Trains {@code network} on {@code train}, evaluating on {@code test} after every epoch. */
    public TrainingRun run(Network network, Examples train, Examples test) {
        for (Examples examples : List.of(train, test)) {
            if (!examples.imageShape().equals(network.plan().input())) {
                throw new IllegalArgumentException("model " + network.plan().name() + " takes " + network.plan().input()
                        + " inputs but the examples are " + examples.imageShape());
            }
        }
        ImageBatches trainImages = network.backend().images(train.images(), train.imageShape());
        ImageBatches testImages = network.backend().images(test.images(), test.imageShape());
        ParameterUpdater updater = network.backend().updater(settings.optimizerConfig(), network.parameters());
        int batchSize = Math.min(settings.batchSize(), train.count());
        int batches = (train.count() + batchSize - 1) / batchSize;
        int[] order = new int[train.count()];
        int[] labels = new int[batchSize];
        int[] predictions = new int[batchSize];
        int[] testPredictions = new int[test.count()];
        TrainingState resumed = checkpoints.restore(network, updater).orElse(TrainingState.START);
        List<EpochResult> epochs = new ArrayList<>(resumed.epochs());
        double totalTrainSeconds = resumed.epochs().stream().mapToDouble(EpochResult::trainSeconds).sum();
        double inferencePerSecond = 0;
        long step = resumed.step();
        for (int epoch = resumed.epochsDone() + 1; epoch <= settings.epochs(); epoch++) {
            shuffle(order, new SplittableRandom(Seeds.derive(seed, 2, epoch)));
            listener.epochStarted(epoch, settings.epochs(), batches);
            double lossSum = 0;
            long correct = 0;
            long start = System.nanoTime();
            if (settings.learningRateSchedule() != null) {
                updater.setLearningRate(settings.learningRateFor(epoch));
            }
            if (updater.usesCurvature()) {
                estimateCurvature(network, trainImages, train, order, epoch, updater, labels);
            }
            for (int b = 0; b < batches; b++) {
                if (stopRequested.getAsBoolean()) {
                    throw new TrainingStoppedException(epoch, b + 1);
                }
                int from = b * batchSize;
                int n = Math.min(batchSize, train.count() - from);
                Tensor input = network.input(n);
                trainImages.gather(order, from, n, input);
                for (int i = 0; i < n; i++) {
                    labels[i] = train.labels()[order[from + i]];
                }
                step++;
                double loss = network.forwardBackward(n, labels, predictions, Seeds.derive(seed, 3, step));
                if (!Double.isFinite(loss)) {
                    throw new DivergenceException(epoch, b + 1, loss);
                }
                updater.update(step);
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
            long testCorrect = 0;
            for (int i = 0; i < test.count(); i++) {
                if (testPredictions[i] == test.labels()[i]) {
                    testCorrect++;
                }
            }
            EpochResult result = new EpochResult(epoch, lossSum / train.count(), (double) correct / train.count(),
                    testLoss / test.count(), (double) testCorrect / test.count(), trainSeconds,
                    train.count() / trainSeconds, testSeconds);
            epochs.add(result);
            listener.epochFinished(result);
            checkpoints.epochFinished(new TrainingState(epoch, step, epochs), network, updater);
        }
        if (resumed.epochsDone() >= settings.epochs()) {
            // restored after the last epoch: only the final evaluation is left to do
            long evalStart = System.nanoTime();
            evaluate(network, testImages, test, testPredictions);
            inferencePerSecond = test.count() / ((System.nanoTime() - evalStart) / 1e9);
        }
        long images = (long) train.count() * settings.epochs();
        return new TrainingRun(epochs, testPredictions, totalTrainSeconds, images / totalTrainSeconds, inferencePerSecond);
    }

    /**
     * SDLM's curvature phase before an epoch: curvature passes over the first {@code hessianSamples} images of the
     * epoch's order (a fresh sample every epoch), in batches of the training batch size, averaged by the updater.
     */
    private void estimateCurvature(Network network, ImageBatches images, Examples train, int[] order, int epoch,
                                   ParameterUpdater updater, int[] labels) {
        int samples = Math.min(settings.curvatureSamples(), train.count());
        int batch = Math.min(labels.length, samples);
        updater.resetCurvature();
        for (int from = 0; from < samples; from += batch) {
            if (stopRequested.getAsBoolean()) {
                throw new TrainingStoppedException(epoch, 1);
            }
            int n = Math.min(batch, samples - from);
            images.gather(order, from, n, network.input(n));
            for (int i = 0; i < n; i++) {
                labels[i] = train.labels()[order[from + i]];
            }
            double loss = network.curvature(n, labels, Seeds.derive(seed, 4, epoch, from));
            if (!Double.isFinite(loss)) {
                throw new DivergenceException(epoch, 0, loss);
            }
            updater.accumulateCurvature(n);
        }
        updater.finishCurvature();
    }

    /** Summed loss over {@code examples}, writing every prediction; batches of the evaluation batch size. */
    private double evaluate(Network network, ImageBatches images, Examples examples, int[] predictionsOut) {
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
            images.gather(order, from, n, network.input(n));
            System.arraycopy(examples.labels(), from, labels, 0, n);
            lossSum += network.evaluate(n, labels, predictions);
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
