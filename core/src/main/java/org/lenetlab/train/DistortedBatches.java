package org.lenetlab.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;

/**
 * The distorted training batches of a trainer: each batch is distorted on a background thread while the step before
 * it trains, into one of two buffers that take turns, so that the distortion overlaps the backend's work; a batch
 * that was not prepared ahead (the first of an epoch) is distorted on the spot, its images spread over the cores.
 * Either way a batch holds exactly what {@link Augmentation#distort} gives, so prefetching changes no result.
 * Close it to stop the background thread.
 */
public final class DistortedBatches implements AutoCloseable {
    private final Augmentation augmentation;
    private final Examples train;
    private final float[][] buffers;
    private final ExecutorService background;
    private Future<?> pending;
    private int[] pendingOrder;
    private int pendingFrom;
    private int pendingCount;
    private long pendingSeed;
    private int pendingEpoch;
    /** The buffer the pending batch is written into, or the buffer to use next when none is pending. */
    private int pendingBuffer;

    /** Batches of up to {@code batchSize} images of {@code train}, distorted by {@code augmentation}. */
    public DistortedBatches(Augmentation augmentation, Examples train, int batchSize) {
        this.augmentation = augmentation;
        this.train = train;
        int size = Math.multiplyExact(batchSize, Math.toIntExact(train.imageShape().size()));
        this.buffers = new float[][] {new float[size], new float[size]};
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lenet-augmentation");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The distorted images {@code order[from .. from + count)} of {@code epoch}, as images of {@code network} for one
     * training step (read in order {@code 0 .. count − 1}); then begins distorting the batch
     * {@code order[nextFrom .. nextFrom + nextCount)} of the same epoch in the background ({@code nextCount} 0: none).
     * {@code order} must not change until that next batch has been asked for or this is closed.
     */
    public ImageData batch(CompiledNetwork network, int[] order, int from, int count, long seed, int epoch,
                           int nextFrom, int nextCount) {
        boolean prepared = pending != null && pendingOrder == order && pendingFrom == from && pendingCount == count
                && pendingSeed == seed && pendingEpoch == epoch;
        await();
        int current = pendingBuffer;
        if (!prepared) {
            augmentation.distort(train, order, from, count, seed, epoch, buffers[current]);
        }
        ImageData images = network.images(buffers[current], train.imageShape());
        int other = 1 - current;
        pendingBuffer = other;
        if (nextCount > 0) {
            float[] into = buffers[other];
            pendingOrder = order;
            pendingFrom = nextFrom;
            pendingCount = nextCount;
            pendingSeed = seed;
            pendingEpoch = epoch;
            pending = background.submit(() -> augmentation.distortSerially(train, order, nextFrom, nextCount, seed,
                    epoch, into));
        }
        return images;
    }

    /** Waits until the batch being distorted in the background, if any, is ready; it stays ready for the next call. */
    public void finishPending() {
        Future<?> f = pending;
        if (f != null) {
            get(f);
        }
    }

    /** Waits for the background batch, if any, and forgets it. */
    private void await() {
        Future<?> f = pending;
        pending = null;
        pendingOrder = null;
        if (f != null) {
            get(f);
        }
    }

    private static void get(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while distorting a training batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for the batch being distorted, if any, and stops the background thread. */
    @Override
    public void close() {
        try {
            await();
        } finally {
            background.shutdown();
        }
    }
}
