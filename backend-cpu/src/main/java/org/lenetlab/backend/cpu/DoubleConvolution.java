package org.lenetlab.backend.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lenetlab.plan.ConnectionTable;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.Shape;

/**
 * A 2-D convolution as Java loops in double precision, with or without a connection table, one sample at a time.
 *
 * <p>Weights are packed {@code [rows, kernel, kernel]}, one row per (output, input) pair of the table in the table's
 * order; without a table the pairs are every output with every input in order, which is exactly the
 * {@code [out, in, kernel, kernel]} layout. Each sample's input is unrolled into patches ("im2col"). With many
 * output positions (C1, C3) the patches are kept as one array per (channel, kernel tap) holding that tap's input at
 * every output position, and the sums run as vector loops over positions on arrays that all start at index 0 (the
 * JIT compiler of Java 17 vectorises only such loops); with few positions (C5's single one) they are kept position by
 * position, {@code [position][channel][kernel tap]}, and the sums run over a unit's whole fan-in.
 *
 * <p>The backward pass and the curvature pass have the same structure — parameter sums of (output gradient ×
 * patch value), input sums of (weight × output gradient) — so both run one routine, the curvature pass on squared
 * patches, squared weights and output curvatures.
 */
final class DoubleConvolution {
    /** Below this many output positions per channel, patches are laid out position by position. */
    private static final int SPATIAL_POSITIONS = 8;

    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int filters;
    private final int outHeight;
    private final int outWidth;
    private final int positions;
    private final int area;
    private final int fan;
    private final int rows;
    private final boolean spatial;
    /** Per input channel: the output channels reading it, and the weight row of each. */
    private final int[][] usersOf;
    private final int[][] userRowsOf;
    /** Per output channel: runs of consecutive input channels with consecutive rows, as (channel, row, count). */
    private final int[][] runsOf;

    /** Unrolled inputs of the samples of the last training forward pass, for the backward and curvature passes. */
    private final Unrolled kept = new Unrolled();
    private final Unrolled squared = new Unrolled();
    private final Unrolled scratch = new Unrolled();
    private DoubleTensor keptFor;
    private int keptCount;
    private double[] squaredWeights = new double[0];
    /** Per-sample work rows: outputs (or output gradients) by channel, and the unrolled input gradient. */
    private final double[][] outputRows;
    private final double[][] workRows;
    private double[] work = new double[0];
    private double[] segment = new double[0];
    private double[] segment2 = new double[0];

    DoubleConvolution(ConvolutionPlan layer) {
        Shape in = layer.input();
        Shape out = layer.output();
        ConnectionTable table = layer.table();
        this.channels = in.dim(0);
        this.height = in.dim(1);
        this.width = in.dim(2);
        this.kernel = layer.kernelSize();
        this.stride = layer.stride();
        this.padding = layer.padding();
        this.filters = out.dim(0);
        this.outHeight = out.dim(1);
        this.outWidth = out.dim(2);
        this.positions = outHeight * outWidth;
        this.area = kernel * kernel;
        this.fan = channels * area;
        this.spatial = positions >= SPATIAL_POSITIONS;
        int[][] inputsOf = new int[filters][];
        int[][] rowsOf = new int[filters][];
        for (int o = 0; o < filters; o++) {
            int count = table.inputCount(o);
            inputsOf[o] = new int[count];
            rowsOf[o] = new int[count];
            for (int k = 0; k < count; k++) {
                inputsOf[o][k] = table.input(o, k);
                rowsOf[o][k] = table.row(o, k);
            }
        }
        this.rows = table.pairs();
        List<List<int[]>> users = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            users.add(new ArrayList<>());
        }
        for (int o = 0; o < filters; o++) {
            for (int k = 0; k < inputsOf[o].length; k++) {
                users.get(inputsOf[o][k]).add(new int[] {o, rowsOf[o][k]});
            }
        }
        this.usersOf = new int[channels][];
        this.userRowsOf = new int[channels][];
        for (int c = 0; c < channels; c++) {
            usersOf[c] = users.get(c).stream().mapToInt(p -> p[0]).toArray();
            userRowsOf[c] = users.get(c).stream().mapToInt(p -> p[1]).toArray();
        }
        this.runsOf = new int[filters][];
        for (int o = 0; o < filters; o++) {
            List<Integer> runs = new ArrayList<>();
            int k = 0;
            while (k < inputsOf[o].length) {
                int end = k + 1;
                while (end < inputsOf[o].length && inputsOf[o][end] == inputsOf[o][end - 1] + 1) {
                    end++;
                }
                runs.add(inputsOf[o][k]);
                runs.add(rowsOf[o][k]);
                runs.add(end - k);
                k = end;
            }
            runsOf[o] = runs.stream().mapToInt(Integer::intValue).toArray();
        }
        this.outputRows = spatial ? new double[filters][positions] : null;
        this.workRows = spatial ? new double[fan][positions] : null;
    }

    /** The unrolled inputs of a batch: per sample, {@code fan} rows of {@code positions} values, or one flat array. */
    private final class Unrolled {
        double[][][] tapRows = new double[0][][];
        double[][] flat = new double[0][];

        void ensure(int n) {
            if (spatial && tapRows.length < n) {
                double[][][] grown = Arrays.copyOf(tapRows, n);
                for (int s = tapRows.length; s < n; s++) {
                    grown[s] = new double[fan][positions];
                }
                tapRows = grown;
            } else if (!spatial && flat.length < n) {
                double[][] grown = Arrays.copyOf(flat, n);
                for (int s = flat.length; s < n; s++) {
                    grown[s] = new double[positions * fan];
                }
                flat = grown;
            }
        }
    }

    /** {@code y = conv(x) + b} for the {@code n} samples; a training pass keeps the patches for the backward pass. */
    void forward(DoubleTensor input, DoubleTensor output, double[] w, double[] b, boolean training) {
        int n = input.shape().dim(0);
        double[] x = input.data();
        double[] y = output.data();
        Unrolled target = training ? kept : scratch;
        target.ensure(training ? n : 1);
        if (training) {
            keptFor = input;
            keptCount = n;
        } else {
            invalidate();
        }
        int inSize = channels * height * width;
        int outSize = filters * positions;
        for (int s = 0; s < n; s++) {
            int slot = training ? s : 0;
            if (spatial) {
                unrollSpatial(x, s * inSize, target.tapRows[slot]);
                forwardSpatial(target.tapRows[slot], w, b, y, s * outSize);
            } else {
                unrollPatches(x, s * inSize, target.flat[slot]);
                forwardPatches(target.flat[slot], w, b, y, s * outSize);
            }
        }
    }

    /** Forgets the kept patches (after a pass that did not make them). */
    void invalidate() {
        keptFor = null;
    }

    /**
     * The backward pass: {@code dw}, {@code db} overwritten with the parameter gradients, {@code dx} (unless
     * {@code null}) with the input gradient.
     */
    void backward(DoubleTensor input, double[] w, double[] dy, double[] dw, double[] db, double[] dx) {
        int n = input.shape().dim(0);
        propagate(patchesFor(input, n), w, dy, dw, db, dx, n);
    }

    /** The curvature pass: as {@link #backward} on squared patches and squared weights with output curvatures. */
    void curvature(DoubleTensor input, double[] w, double[] hy, double[] hw, double[] hb, double[] hx) {
        int n = input.shape().dim(0);
        Unrolled patches = patchesFor(input, n);
        squared.ensure(n);
        for (int s = 0; s < n; s++) {
            if (spatial) {
                for (int r = 0; r < fan; r++) {
                    DoubleMath.squares(patches.tapRows[s][r], squared.tapRows[s][r], positions);
                }
            } else {
                DoubleMath.squares(patches.flat[s], squared.flat[s], positions * fan);
            }
        }
        if (squaredWeights.length < rows * area) {
            squaredWeights = new double[rows * area];
        }
        DoubleMath.squares(w, squaredWeights, rows * area);
        propagate(squared, squaredWeights, hy, hw, hb, hx, n);
    }

    private Unrolled patchesFor(DoubleTensor input, int n) {
        if (keptFor != input || keptCount != n) {
            double[] x = input.data();
            kept.ensure(n);
            int inSize = channels * height * width;
            for (int s = 0; s < n; s++) {
                if (spatial) {
                    unrollSpatial(x, s * inSize, kept.tapRows[s]);
                } else {
                    unrollPatches(x, s * inSize, kept.flat[s]);
                }
            }
            keptFor = input;
            keptCount = n;
        }
        return kept;
    }

    private void propagate(Unrolled patches, double[] w, double[] dy, double[] dw, double[] db, double[] dx, int n) {
        boolean set = !spatial && n == 1 && positions == 1; // then the one pass sets every weight gradient
        if (!set) {
            Arrays.fill(dw, 0, rows * area, 0.0);
        }
        Arrays.fill(db, 0, filters, 0.0);
        int inSize = channels * height * width;
        int outSize = filters * positions;
        for (int s = 0; s < n; s++) {
            int yo = s * outSize;
            for (int o = 0; o < filters; o++) {
                db[o] += DoubleMath.sum(dy, yo + o * positions, positions);
            }
            if (dx != null) {
                Arrays.fill(dx, s * inSize, (s + 1) * inSize, 0.0);
            }
            if (spatial) {
                backwardSpatial(patches.tapRows[s], w, dy, yo, dw, dx, s * inSize);
            } else {
                backwardPatches(patches.flat[s], w, dy, yo, dw, dx, s * inSize, set);
            }
        }
    }

    // ------------------------------------------------------------------ unrolling

    /** Unrolls one sample's input {@code x[xo..]}: row {@code c·area + tap} holds that tap at every position. */
    private void unrollSpatial(double[] x, int xo, double[][] taps) {
        for (int c = 0; c < channels; c++) {
            for (int u = 0; u < kernel; u++) {
                for (int v = 0; v < kernel; v++) {
                    unrollTap(x, xo + c * height * width, u, v, taps[c * area + u * kernel + v]);
                }
            }
        }
    }

    /** One kernel tap (u, v) of one channel: the input value under that tap at every output position. */
    private void unrollTap(double[] x, int plane, int u, int v, double[] to) {
        for (int i = 0; i < outHeight; i++) {
            int r = i * stride + u - padding;
            int at = i * outWidth;
            if (r < 0 || r >= height) {
                Arrays.fill(to, at, at + outWidth, 0.0);
                continue;
            }
            int rowStart = plane + r * width;
            if (stride == 1) {
                int first = Math.min(outWidth, Math.max(0, padding - v));
                int last = Math.max(first, Math.min(outWidth, width + padding - v));
                Arrays.fill(to, at, at + first, 0.0);
                System.arraycopy(x, rowStart + first + v - padding, to, at + first, last - first);
                Arrays.fill(to, at + last, at + outWidth, 0.0);
            } else {
                for (int j = 0; j < outWidth; j++) {
                    int q = j * stride + v - padding;
                    to[at + j] = q >= 0 && q < width ? x[rowStart + q] : 0.0;
                }
            }
        }
    }

    /** Unrolls one sample's input position by position: {@code [position][channel][tap]}. */
    private void unrollPatches(double[] x, int xo, double[] to) {
        for (int i = 0; i < outHeight; i++) {
            for (int j = 0; j < outWidth; j++) {
                int base = (i * outWidth + j) * fan;
                for (int c = 0; c < channels; c++) {
                    int plane = xo + c * height * width;
                    for (int u = 0; u < kernel; u++) {
                        int r = i * stride + u - padding;
                        for (int v = 0; v < kernel; v++) {
                            int q = j * stride + v - padding;
                            to[base + c * area + u * kernel + v] =
                                    r >= 0 && r < height && q >= 0 && q < width ? x[plane + r * width + q] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /** Adds unrolled rows (one per channel and tap) back onto the input positions they came from. */
    private void foldSpatial(double[][] taps, double[] dx, int xo) {
        for (int c = 0; c < channels; c++) {
            int plane = xo + c * height * width;
            for (int u = 0; u < kernel; u++) {
                for (int v = 0; v < kernel; v++) {
                    double[] g = taps[c * area + u * kernel + v];
                    for (int i = 0; i < outHeight; i++) {
                        int r = i * stride + u - padding;
                        if (r < 0 || r >= height) {
                            continue;
                        }
                        int at = i * outWidth;
                        int rowStart = plane + r * width;
                        for (int j = 0; j < outWidth; j++) {
                            int q = j * stride + v - padding;
                            if (q >= 0 && q < width) {
                                dx[rowStart + q] += g[at + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds a position-by-position unrolled array back onto the input positions. */
    private void foldPatches(double[] g, double[] dx, int xo) {
        for (int i = 0; i < outHeight; i++) {
            for (int j = 0; j < outWidth; j++) {
                int base = (i * outWidth + j) * fan;
                for (int c = 0; c < channels; c++) {
                    int plane = xo + c * height * width;
                    for (int u = 0; u < kernel; u++) {
                        int r = i * stride + u - padding;
                        if (r < 0 || r >= height) {
                            continue;
                        }
                        for (int v = 0; v < kernel; v++) {
                            int q = j * stride + v - padding;
                            if (q >= 0 && q < width) {
                                dx[plane + r * width + q] += g[base + c * area + u * kernel + v];
                            }
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ the sums

    private void forwardSpatial(double[][] taps, double[] w, double[] b, double[] y, int yo) {
        for (int o = 0; o < filters; o++) {
            Arrays.fill(outputRows[o], b[o]);
        }
        for (int c = 0; c < channels; c++) {
            int[] users = usersOf[c];
            for (int k = 0; k < users.length; k++) {
                double[] out = outputRows[users[k]];
                int wb = userRowsOf[c][k] * area;
                int tb = c * area;
                int t = 0;
                for (; t + 3 < area; t += 4) {
                    DoubleMath.axpy4(w[wb + t], w[wb + t + 1], w[wb + t + 2], w[wb + t + 3], taps[tb + t], taps[tb + t + 1],
                            taps[tb + t + 2], taps[tb + t + 3], out, positions);
                }
                for (; t < area; t++) {
                    DoubleMath.axpy(w[wb + t], taps[tb + t], out, positions);
                }
            }
        }
        for (int o = 0; o < filters; o++) {
            System.arraycopy(outputRows[o], 0, y, yo + o * positions, positions);
        }
    }

    private void forwardPatches(double[] patches, double[] w, double[] b, double[] y, int yo) {
        for (int p = 0; p < positions; p++) {
            int pb = p * fan;
            int o = 0;
            // four outputs at a time when they read the same channels (always without a table): one pass over the patch
            for (; o + 3 < filters; o += 4) {
                if (!sameRuns(o, o + 1) || !sameRuns(o, o + 2) || !sameRuns(o, o + 3)) {
                    break;
                }
                double[] sums = {b[o], b[o + 1], b[o + 2], b[o + 3]};
                int[] runs = runsOf[o];
                for (int r = 0; r < runs.length; r += 3) {
                    int len = runs[r + 2] * area;
                    DoubleMath.dot4Rows(patches, pb + runs[r] * area, w, runs[r + 1] * area, runsOf[o + 1][r + 1] * area,
                            runsOf[o + 2][r + 1] * area, runsOf[o + 3][r + 1] * area, len, sums);
                }
                for (int k = 0; k < 4; k++) {
                    y[yo + (o + k) * positions + p] = sums[k];
                }
            }
            for (; o < filters; o++) {
                double acc = b[o];
                int[] runs = runsOf[o];
                for (int r = 0; r < runs.length; r += 3) {
                    acc += DoubleMath.dot(w, runs[r + 1] * area, patches, pb + runs[r] * area, runs[r + 2] * area);
                }
                y[yo + o * positions + p] = acc;
            }
        }
    }

    /** Whether outputs {@code a} and {@code b} read the same runs of input channels. */
    private boolean sameRuns(int a, int b) {
        int[] ra = runsOf[a];
        int[] rb = runsOf[b];
        if (ra.length != rb.length) {
            return false;
        }
        for (int r = 0; r < ra.length; r += 3) {
            if (ra[r] != rb[r] || ra[r + 2] != rb[r + 2]) {
                return false;
            }
        }
        return true;
    }

    private void backwardSpatial(double[][] taps, double[] w, double[] dy, int yo, double[] dw, double[] dx, int xo) {
        double[][] g = outputRows;
        for (int o = 0; o < filters; o++) {
            System.arraycopy(dy, yo + o * positions, g[o], 0, positions);
        }
        for (int c = 0; c < channels; c++) {
            int[] users = usersOf[c];
            int[] userRows = userRowsOf[c];
            int tb = c * area;
            for (int k = 0; k < users.length; k++) {
                double[] gk = g[users[k]];
                int wb = userRows[k] * area;
                int t = 0;
                for (; t + 3 < area; t += 4) {
                    DoubleMath.dot4(gk, taps[tb + t], taps[tb + t + 1], taps[tb + t + 2], taps[tb + t + 3], positions, dw,
                            wb + t);
                }
                for (; t < area; t++) {
                    dw[wb + t] += DoubleMath.dot(gk, 0, taps[tb + t], 0, positions);
                }
            }
            if (dx == null) {
                continue;
            }
            // this channel's unrolled input gradient, tap by tap, summed over its users four at a time
            for (int t = 0; t < area; t++) {
                double[] to = workRows[tb + t];
                int k = 0;
                if (users.length >= 4) {
                    DoubleMath.set4(w[userRows[0] * area + t], w[userRows[1] * area + t], w[userRows[2] * area + t],
                            w[userRows[3] * area + t], g[users[0]], g[users[1]], g[users[2]], g[users[3]], to,
                            positions);
                    k = 4;
                } else {
                    Arrays.fill(to, 0.0);
                }
                for (; k + 3 < users.length; k += 4) {
                    DoubleMath.axpy4(w[userRows[k] * area + t], w[userRows[k + 1] * area + t],
                            w[userRows[k + 2] * area + t], w[userRows[k + 3] * area + t], g[users[k]],
                            g[users[k + 1]], g[users[k + 2]], g[users[k + 3]], to, positions);
                }
                for (; k < users.length; k++) {
                    DoubleMath.axpy(w[userRows[k] * area + t], g[users[k]], to, positions);
                }
            }
        }
        if (dx != null) {
            foldSpatial(workRows, dx, xo);
        }
    }

    private void backwardPatches(double[] patches, double[] w, double[] dy, int yo, double[] dw, double[] dx, int xo,
                                 boolean set) {
        int size = positions * fan;
        if (work.length < size) {
            work = new double[size];
        }
        if (dx != null) {
            Arrays.fill(work, 0, size, 0.0);
        }
        for (int p = 0; p < positions; p++) {
            int pb = p * fan;
            for (int o = 0; o < filters; o++) {
                double g = dy[yo + o * positions + p];
                int[] runs = runsOf[o];
                for (int r = 0; r < runs.length; r += 3) {
                    int len = runs[r + 2] * area;
                    int wo = runs[r + 1] * area;
                    int io = pb + runs[r] * area;
                    gradientSegment(g, patches, io, dw, wo, len, set);
                    if (dx != null) {
                        inputSegment(g, w, wo, work, io, len);
                    }
                }
            }
        }
        if (dx != null) {
            foldPatches(work, dx, xo);
        }
    }

    /** {@code dw[wo..wo+len) (+)= g · patches[io..io+len)}, vectorised through a segment starting at index 0. */
    private void gradientSegment(double g, double[] patches, int io, double[] dw, int wo, int len, boolean set) {
        if (segment.length < len) {
            segment = new double[len];
            segment2 = new double[len];
        }
        if (set) {
            if (io == 0) {
                DoubleMath.scale(g, patches, segment, len);
            } else {
                System.arraycopy(patches, io, segment2, 0, len);
                DoubleMath.scale(g, segment2, segment, len);
            }
            System.arraycopy(segment, 0, dw, wo, len);
        } else {
            System.arraycopy(patches, io, segment2, 0, len);
            System.arraycopy(dw, wo, segment, 0, len);
            DoubleMath.axpy(g, segment2, segment, len);
            System.arraycopy(segment, 0, dw, wo, len);
        }
    }

    /** {@code work[io..io+len) += g · w[wo..wo+len)}, vectorised through a segment starting at index 0. */
    private void inputSegment(double g, double[] w, int wo, double[] work, int io, int len) {
        if (segment.length < len) {
            segment = new double[len];
            segment2 = new double[len];
        }
        System.arraycopy(w, wo, segment2, 0, len);
        if (io == 0) {
            DoubleMath.axpy(g, segment2, work, len);
        } else {
            System.arraycopy(work, io, segment, 0, len);
            DoubleMath.axpy(g, segment2, segment, len);
            System.arraycopy(segment, 0, work, io, len);
        }
    }
}
