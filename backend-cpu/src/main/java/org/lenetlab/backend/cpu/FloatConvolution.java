package org.lenetlab.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.Shape;

/**
 * A stride-1 2-D convolution (without a connection table) in float32 Java on the hot path, a batch split into fixed
 * chunks of {@link #CHUNK} samples that run on the backend's {@link Workers}.
 *
 * <p>Per sample, the zero-padded input planes ({@code Hp × Wp}) are unrolled "wide": the output is computed at
 * {@code Wp} columns per row instead of {@code OW}, so that each kernel tap's patch row is one contiguous slice of
 * the padded plane ({@code plane[i·Wp + j ..]}), copied with one {@code arraycopy}; the {@code Wp − OW} extra
 * columns of each row are computed and dropped (4 of 32 for the padded first convolution, 4 of 14 for the second).
 * The forward product runs in {@link FloatGemm#addProductRows Java loops} for few taps (unless OpenBLAS runs its
 * AVX-512 kernels), else through OpenBLAS; the weight gradient (summed per chunk, then over chunks in chunk order)
 * and the input gradient run through OpenBLAS. OpenBLAS's operands are kept in native memory (JavaCPP would copy
 * Java arrays in and out at every call).
 *
 * <p>Results do not depend on the thread count: a chunk is always the same samples and its sums run in one order.
 */
final class FloatConvolution {
    /** Samples per unit of work (the last chunk of a batch may be shorter). */
    static final int CHUNK = 16;

    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int padding;
    private final int filters;
    private final int outHeight;
    private final int outWidth;
    private final int paddedHeight;
    private final int paddedWidth;
    /** Wide output positions per channel: {@code outHeight × paddedWidth}. */
    private final int wide;
    /** Kernel taps over all input channels: the product's inner dimension. */
    private final int taps;
    private final int plane;
    private final int inputSize;
    private final int outputSize;

    /**
     * Whether the forward product runs as Java loops: for few taps (the first convolution's 25 or 9) when OpenBLAS
     * runs AVX2 kernels, which the Java loops beat by about two to one there; with many taps, or with OpenBLAS's
     * AVX-512 kernels ({@link FloatGemm#AVX512_BLAS}, the backend's {@code blasForward}), OpenBLAS is faster.
     */
    private final boolean javaForward;
    /** Whether the weight gradient is computed transposed (columns · dYᵀ): OpenBLAS is faster so with few filters. */
    private final boolean transposedGradient;
    private Scratch[] scratch = new Scratch[0];
    /** Per chunk: its weight gradient ([filters, taps], or [taps, filters] when transposed), in native memory. */
    private FloatBuffer[] weightPartials = new FloatBuffer[0];
    private float[][] biasPartials = new float[0][];
    /** The weights in native memory, for OpenBLAS (JavaCPP copies Java arrays in and out at every call). */
    private final FloatBuffer nativeWeights;
    /** The same for the forward pass (kept apart, so a forward pass never overwrites what a backward pass reads). */
    private final FloatBuffer nativeForwardWeights;
    private final float[] partial;

    // the arguments of the call in progress, for the units (fields, so that no task object is made per call)
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private float[] w;
    private float[] b;
    private int count;
    private final Workers.Task forwardUnit = this::forwardChunk;
    private final Workers.Task backwardUnit = this::backwardChunk;

    /** Whether {@code layer} is a convolution this class computes. */
    static boolean supports(ConvolutionPlan layer) {
        return layer.stride() == 1 && layer.table().isFull();
    }

    FloatConvolution(ConvolutionPlan layer, boolean blasForward) {
        if (!supports(layer)) {
            throw new IllegalArgumentException("float32 convolution needs stride 1 and no connection table");
        }
        Shape in = layer.input();
        Shape out = layer.output();
        this.channels = in.dim(0);
        this.height = in.dim(1);
        this.width = in.dim(2);
        this.kernel = layer.kernelSize();
        this.padding = layer.padding();
        this.filters = out.dim(0);
        this.outHeight = out.dim(1);
        this.outWidth = out.dim(2);
        this.paddedHeight = height + 2 * padding;
        this.paddedWidth = width + 2 * padding;
        this.wide = outHeight * paddedWidth;
        this.taps = channels * kernel * kernel;
        // the last tap's slice reaches kernel − 1 values past the padded plane
        this.plane = paddedHeight * paddedWidth + kernel;
        this.inputSize = channels * height * width;
        this.outputSize = filters * outHeight * outWidth;
        this.transposedGradient = filters < 8;
        this.javaForward = taps < 64 && !blasForward;
        this.nativeWeights = direct(filters * taps);
        this.nativeForwardWeights = direct(filters * taps);
        this.partial = new float[filters * taps];
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Float.BYTES * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Per-thread work arrays, all starting at index 0 so that the Java loops vectorise. */
    private final class Scratch {
        final float[][] planes = new float[channels][plane];
        final float[][] columns = javaForward ? new float[taps][wide] : null;
        final float[][] outputs = javaForward ? new float[filters][wide] : null;
        /** OpenBLAS's operands, in native memory: unrolled input, wide output gradient, column gradient. */
        final FloatBuffer flatColumns = direct(taps * wide);
        final FloatBuffer flatGradient = direct(filters * wide);
        final FloatBuffer columnGradient = direct(taps * wide);
        final float[] columnGradientRow = new float[taps * wide];
        final float[] shifted = new float[plane];
        /** The forward product through OpenBLAS (for many taps): weights, unrolled input and wide output. */
        final FloatBuffer forwardColumns = javaForward ? null : direct(taps * wide);
        final FloatBuffer forwardOutputs = javaForward ? null : direct(filters * wide);
        final float[] outputRow = javaForward ? null : new float[filters * wide];
    }

    private void prepare(int threads, int samples) {
        if (scratch.length < threads) {
            Scratch[] more = Arrays.copyOf(scratch, threads);
            for (int i = scratch.length; i < threads; i++) {
                more[i] = new Scratch();
            }
            scratch = more;
        }
        int chunks = chunks(samples);
        if (weightPartials.length < chunks) {
            weightPartials = new FloatBuffer[chunks];
            for (int c = 0; c < chunks; c++) {
                weightPartials[c] = direct(filters * taps);
            }
            biasPartials = new float[chunks][filters];
        }
    }

    private static int chunks(int samples) {
        return (samples + CHUNK - 1) / CHUNK;
    }

    /** {@code output = conv(input) + bias} for the first {@code n} samples. */
    void forward(Workers workers, float[] input, float[] weights, float[] bias, float[] output, int n) {
        prepare(workers.threads(), n);
        this.x = input;
        this.w = weights;
        this.b = bias;
        this.y = output;
        this.count = n;
        if (!javaForward) {
            nativeForwardWeights.put(0, weights, 0, filters * taps);
        }
        workers.run(chunks(n), forwardUnit);
    }

    private void forwardChunk(int chunk, int worker) {
        Scratch s = scratch[worker];
        int end = Math.min(count, (chunk + 1) * CHUNK);
        for (int sample = chunk * CHUNK; sample < end; sample++) {
            pad(x, sample * inputSize, s.planes);
            int at = sample * outputSize;
            if (javaForward) {
                unroll(s.planes, s.columns);
                for (int o = 0; o < filters; o++) {
                    Arrays.fill(s.outputs[o], b[o]);
                }
                FloatGemm.addProductRows(w, filters, taps, s.columns, s.outputs, wide);
                for (int o = 0; o < filters; o++) {
                    float[] row = s.outputs[o];
                    for (int r = 0; r < outHeight; r++) {
                        System.arraycopy(row, r * paddedWidth, y, at + (o * outHeight + r) * outWidth, outWidth);
                    }
                }
            } else {
                FloatBuffer columns = s.forwardColumns;
                for (int c = 0, k = 0; c < channels; c++) {
                    float[] p = s.planes[c];
                    for (int i = 0; i < kernel; i++) {
                        for (int j = 0; j < kernel; j++, k++) {
                            columns.put(k * wide, p, i * paddedWidth + j, wide);
                        }
                    }
                }
                FloatGemm.sgemm(false, false, filters, wide, taps, 1f, nativeForwardWeights, taps, columns, wide, 0f,
                        s.forwardOutputs, wide);
                s.forwardOutputs.get(0, s.outputRow, 0, filters * wide);
                float[] row = s.outputRow;
                for (int o = 0; o < filters; o++) {
                    float bias = b[o];
                    for (int r = 0; r < outHeight; r++) {
                        int from = o * wide + r * paddedWidth;
                        int to = at + (o * outHeight + r) * outWidth;
                        for (int c = 0; c < outWidth; c++) {
                            y[to + c] = row[from + c] + bias;
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes the weight and bias gradients summed over the first {@code n} samples and, unless {@code inputGradient}
     * is {@code null}, the input gradient.
     */
    void backward(Workers workers, float[] input, float[] weights, float[] outputGradient, float[] weightGradient,
                  float[] biasGradient, float[] inputGradient, int n) {
        prepare(workers.threads(), n);
        this.x = input;
        this.w = weights;
        this.dy = outputGradient;
        this.dx = inputGradient;
        this.count = n;
        int chunks = chunks(n);
        nativeWeights.put(0, weights, 0, filters * taps);
        workers.run(chunks, backwardUnit);
        // sum the chunks' partial gradients in chunk order
        Arrays.fill(weightGradient, 0, filters * taps, 0f);
        Arrays.fill(biasGradient, 0, filters, 0f);
        for (int c = 0; c < chunks; c++) {
            weightPartials[c].get(0, partial, 0, filters * taps);
            if (transposedGradient) {
                for (int k = 0; k < taps; k++) {
                    for (int o = 0; o < filters; o++) {
                        weightGradient[o * taps + k] += partial[k * filters + o];
                    }
                }
            } else {
                for (int i = 0; i < filters * taps; i++) {
                    weightGradient[i] += partial[i];
                }
            }
            float[] bp = biasPartials[c];
            for (int o = 0; o < filters; o++) {
                biasGradient[o] += bp[o];
            }
        }
    }

    private void backwardChunk(int chunk, int worker) {
        Scratch s = scratch[worker];
        FloatBuffer weightPartial = weightPartials[chunk];
        float[] biasPartial = biasPartials[chunk];
        Arrays.fill(biasPartial, 0f);
        int end = Math.min(count, (chunk + 1) * CHUNK);
        FloatBuffer g = s.flatGradient;
        FloatBuffer columns = s.flatColumns;
        for (int sample = chunk * CHUNK; sample < end; sample++) {
            int at = sample * outputSize;
            // the output gradient, wide; the extra columns stay zero (nothing else writes them)
            for (int o = 0; o < filters; o++) {
                float sum = 0f;
                for (int r = 0; r < outHeight; r++) {
                    int from = at + (o * outHeight + r) * outWidth;
                    g.put(o * wide + r * paddedWidth, dy, from, outWidth);
                    for (int c = 0; c < outWidth; c++) {
                        sum += dy[from + c];
                    }
                }
                biasPartial[o] += sum;
            }
            pad(x, sample * inputSize, s.planes);
            for (int c = 0, k = 0; c < channels; c++) {
                float[] p = s.planes[c];
                for (int i = 0; i < kernel; i++) {
                    for (int j = 0; j < kernel; j++, k++) {
                        columns.put(k * wide, p, i * paddedWidth + j, wide);
                    }
                }
            }
            // the chunk's first sample overwrites the partial, the others add to it
            float beta = sample == chunk * CHUNK ? 0f : 1f;
            if (transposedGradient) {
                // dWᵀ += columns · dYᵀ
                FloatGemm.sgemm(false, true, taps, filters, wide, 1f, columns, wide, g, wide, beta, weightPartial,
                        filters);
            } else {
                // dW += dY · columnsᵀ
                FloatGemm.sgemm(false, true, filters, taps, wide, 1f, g, wide, columns, wide, beta, weightPartial,
                        taps);
            }
            if (dx != null) {
                // column gradient = Wᵀ · dY, folded back onto the padded planes
                FloatGemm.sgemm(true, false, taps, wide, filters, 1f, nativeWeights, taps, g, wide, 0f,
                        s.columnGradient, wide);
                s.columnGradient.get(0, s.columnGradientRow, 0, taps * wide);
                fold(s.columnGradientRow, s.planes, s.shifted);
                int in = sample * inputSize;
                for (int c = 0; c < channels; c++) {
                    float[] p = s.planes[c];
                    for (int r = 0; r < height; r++) {
                        System.arraycopy(p, (r + padding) * paddedWidth + padding, dx, in + (c * height + r) * width,
                                width);
                    }
                    Arrays.fill(p, 0f); // zero border again for the next pad
                }
            }
        }
    }

    /** Copies one sample's input into the zero-padded planes (whose border and tail are never written). */
    private void pad(float[] source, int at, float[][] planes) {
        for (int c = 0; c < channels; c++) {
            float[] p = planes[c];
            for (int r = 0; r < height; r++) {
                System.arraycopy(source, at + (c * height + r) * width, p, (r + padding) * paddedWidth + padding, width);
            }
        }
    }

    /** One row per tap: the padded plane's slice that the tap multiplies at every wide output position. */
    private void unroll(float[][] planes, float[][] columns) {
        for (int c = 0, k = 0; c < channels; c++) {
            float[] p = planes[c];
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++, k++) {
                    System.arraycopy(p, i * paddedWidth + j, columns[k], 0, wide);
                }
            }
        }
    }

    /**
     * Adds each tap's column gradient back at the plane positions it was read from: the planes become the padded
     * input gradient. Its border is then non-zero: the caller clears the planes before the next {@link #pad}.
     */
    private void fold(float[] columnGradient, float[][] planes, float[] shifted) {
        for (int c = 0, k = 0; c < channels; c++) {
            float[] p = planes[c];
            Arrays.fill(p, 0f);
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++, k++) {
                    int to = i * paddedWidth + j;
                    // shift the tap's row to the plane positions it was read from, then add index for index
                    // (a loop whose arrays share one index vectorises; one mixing offsets does not)
                    System.arraycopy(columnGradient, k * wide, shifted, to, wide);
                    for (int q = to; q < to + wide; q++) {
                        p[q] += shifted[q];
                    }
                }
            }
        }
    }
}
