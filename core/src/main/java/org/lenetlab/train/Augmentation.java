package org.lenetlab.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.AugmentationSpec;

/**
 * Distorts training images on the fly: a random planar affine map (translation, scaling, squeezing, horizontal
 * shearing, rotation, all about the image centre) and optionally an elastic displacement field, sampled bilinearly,
 * pixels from outside the image taking the background value. Every random number of image {@code index} in epoch
 * {@code epoch} comes from {@link SeedStream#AUGMENTATION} under the cell's seed, so the same seed gives the same
 * distorted images whatever the batch size, thread count or resumption.
 *
 * <p>A batch's images are distorted in parallel (fixed units of {@value #UNIT} images spread over the common
 * fork-join pool and the calling thread); since each image depends on its own seed alone, the result is bit for bit
 * the one of a serial pass.
 *
 * <p>The elastic field ({@link AugmentationSpec.ElasticSpec}): for each axis a lattice of random values, uniform in
 * [−1, 1], at nodes {@code h = max(1, sigma)} pixels apart, from {@code floor(3 sigma / h)} nodes before the first
 * pixel to the last node at most {@code 3 sigma} after the last pixel (pixel 0 is a node); the displacement at pixel
 * (x, y) is {@code alpha · Σ_j Σ_k w(y − p_j) w(x − p_k) U_jk}, with {@code w(t) = e(t) / (sqrt(h) Σ_m e(m h))},
 * {@code e(t) = exp(−t² / 2 sigma²)} for {@code |t| ≤ 3 sigma} (0 beyond) and m over the nodes within 3 sigma of 0.
 * With {@code h = 1} that is uniform noise per pixel smoothed by the normalised Gaussian kernel; with {@code h = sigma}
 * it has the same variance and (up to ripples of relative size {@code exp(−2π²)}) the same Gaussian correlation,
 * at about a fifth of the work for sigma 4. The field is as strong at the border as in the middle, each
 * displacement is at most {@code alpha / h} pixels, and its standard deviation is about
 * {@code 0.163 alpha / max(1, sigma)} (for sigma ≥ 1). It is computed in float.
 */
public final class Augmentation {
    /** Images per unit of parallel work: the units do not depend on the number of threads. */
    static final int UNIT = 8;

    private final double probability;
    private final double translate;
    private final double scale;
    private final double squeeze;
    private final double shear;
    private final double rotate;
    private final double alpha;
    private final double sigma;
    private final float background;
    private final boolean parallel;
    private volatile ElasticGrid grid;

    /**
     * Distortions as {@code spec} says, filling with {@code background}: the value a blank pixel has once the images
     * are normalised and preprocessed. A batch's images are distorted in parallel.
     */
    public Augmentation(AugmentationSpec spec, float background) {
        this(spec, background, true);
    }

    /**
     * Distortions as {@code spec} says, filling with {@code background}; {@code parallel} false distorts every image
     * on the calling thread (the result is the same either way).
     */
    public Augmentation(AugmentationSpec spec, float background, boolean parallel) {
        this.probability = orZero(spec.probability(), 1.0);
        this.translate = orZero(spec.translate(), 0);
        this.scale = orZero(spec.scale(), 0);
        this.squeeze = orZero(spec.squeeze(), 0);
        this.shear = orZero(spec.shear(), 0);
        this.rotate = Math.toRadians(orZero(spec.rotate(), 0));
        this.alpha = spec.elastic() == null ? 0 : orZero(spec.elastic().alpha(), 0);
        this.sigma = spec.elastic() == null ? 0 : orZero(spec.elastic().sigma(), 0);
        this.background = background;
        this.parallel = parallel;
    }

    private static double orZero(Double value, double otherwise) {
        return value == null ? otherwise : value;
    }

    /**
     * Writes the distorted training images {@code order[from .. from + count)} of {@code train}, in that order, into
     * {@code out} (at least {@code count × image size} long).
     *
     * @param seed  the cell's seed
     * @param epoch the epoch, from 1
     */
    public void distort(Examples train, int[] order, int from, int count, long seed, int epoch, float[] out) {
        Shape shape = train.imageShape();
        ElasticGrid elastic = elasticGrid(shape.dim(1), shape.dim(2));
        int units = (count + UNIT - 1) / UNIT;
        if (!parallel || units < 2) {
            distortRange(train, order, from, 0, count, seed, epoch, out, elastic);
            return;
        }
        IntStream.range(0, units).parallel().forEach(u -> distortRange(train, order, from, u * UNIT,
                Math.min(count, (u + 1) * UNIT), seed, epoch, out, elastic));
    }

    /** As {@link #distort}, on the calling thread alone. */
    void distortSerially(Examples train, int[] order, int from, int count, long seed, int epoch, float[] out) {
        Shape shape = train.imageShape();
        distortRange(train, order, from, 0, count, seed, epoch, out, elasticGrid(shape.dim(1), shape.dim(2)));
    }

    /**
     * The elastic displacement field of image {@code index} in {@code epoch} for images of {@code height × width}:
     * {@code [dx, dy]}, row-major; {@code null} when there is no elastic deformation. For tests and inspection.
     */
    float[][] displacement(long seed, int epoch, int index, int height, int width) {
        ElasticGrid elastic = elasticGrid(height, width);
        if (elastic == null) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(SeedStream.AUGMENTATION.derive(seed, epoch, index));
        for (int draw = 0; draw < 7; draw++) { // the probability and the six affine amounts come first
            random.nextDouble();
        }
        Scratch s = new Scratch(elastic);
        elastic.fields(random, s);
        return new float[][] {s.dx, s.dy};
    }

    private ElasticGrid elasticGrid(int height, int width) {
        if (!(alpha > 0 && sigma > 0)) {
            return null;
        }
        ElasticGrid g = grid;
        if (g == null || g.height != height || g.width != width) {
            g = new ElasticGrid(height, width, alpha, sigma);
            grid = g;
        }
        return g;
    }

    /** Distorts the images {@code first .. end − 1} of the batch. */
    private void distortRange(Examples train, int[] order, int from, int first, int end, long seed, int epoch,
                              float[] out, ElasticGrid elastic) {
        Shape shape = train.imageShape();
        int channels = shape.dim(0);
        int height = shape.dim(1);
        int width = shape.dim(2);
        int size = channels * height * width;
        float[] images = train.images();
        Scratch scratch = elastic == null ? null : new Scratch(elastic);
        for (int i = first; i < end; i++) {
            int index = order[from + i];
            SplittableRandom random = new SplittableRandom(SeedStream.AUGMENTATION.derive(seed, epoch, index));
            if (random.nextDouble() >= probability) {
                System.arraycopy(images, index * size, out, i * size, size);
                continue;
            }
            double tx = uniform(random, translate);
            double ty = uniform(random, translate);
            double s = 1 + uniform(random, scale);
            double q = 1 + uniform(random, squeeze);
            double k = uniform(random, shear);
            double theta = uniform(random, rotate);
            // forward map about the centre: rotation · shear · (squeeze and scale), then the shift
            double sx = s * q;
            double sy = s / q;
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            double a = cos * sx;
            double b = cos * k * sy - sin * sy;
            double c = sin * sx;
            double d = sin * k * sy + cos * sy;
            double det = a * d - b * c;
            // inverse, to find for each output pixel where it comes from
            double ia = d / det;
            double ib = -b / det;
            double ic = -c / det;
            double id = a / det;
            float[] dx = null;
            float[] dy = null;
            if (elastic != null) {
                elastic.fields(random, scratch);
                dx = scratch.dx;
                dy = scratch.dy;
            }
            double cy = (height - 1) / 2.0;
            double cx = (width - 1) / 2.0;
            for (int ch = 0; ch < channels; ch++) {
                int src = index * size + ch * height * width;
                int dst = i * size + ch * height * width;
                for (int y = 0; y < height; y++) {
                    double v = y - cy - ty;
                    double bv = ib * v;
                    double dv = id * v;
                    int row = y * width;
                    for (int x = 0; x < width; x++) {
                        double u = x - cx - tx;
                        double px = ia * u + bv + cx;
                        double py = ic * u + dv + cy;
                        if (dx != null) {
                            px += dx[row + x];
                            py += dy[row + x];
                        }
                        out[dst + row + x] = sample(images, src, height, width, px, py);
                    }
                }
            }
        }
    }

    private static double uniform(SplittableRandom random, double amount) {
        double u = random.nextDouble() * 2 - 1; // drawn even when the amount is 0, so each draw keeps its place
        return u * amount;
    }

    private float sample(float[] images, int base, int height, int width, double px, double py) {
        int x0 = (int) Math.floor(px);
        int y0 = (int) Math.floor(py);
        double fx = px - x0;
        double fy = py - y0;
        double v00;
        double v01;
        double v10;
        double v11;
        if (x0 >= 0 && y0 >= 0 && x0 < width - 1 && y0 < height - 1) {
            int p = base + y0 * width + x0;
            v00 = images[p];
            v01 = images[p + 1];
            v10 = images[p + width];
            v11 = images[p + width + 1];
        } else {
            v00 = pixel(images, base, height, width, x0, y0);
            v01 = pixel(images, base, height, width, x0 + 1, y0);
            v10 = pixel(images, base, height, width, x0, y0 + 1);
            v11 = pixel(images, base, height, width, x0 + 1, y0 + 1);
        }
        double top = v00 + (v01 - v00) * fx;
        double bottom = v10 + (v11 - v10) * fx;
        return (float) (top + (bottom - top) * fy);
    }

    private float pixel(float[] images, int base, int height, int width, int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? background : images[base + y * width + x];
    }

    /** One thread's buffers for the elastic field. */
    private static final class Scratch {
        final float[] dx;
        final float[] dy;
        final float[] noise;
        final float[][] rowsX;
        final float[][] rowsY;
        final float[] accX;
        final float[] accY;

        Scratch(ElasticGrid g) {
            dx = new float[g.height * g.width];
            dy = new float[g.height * g.width];
            noise = new float[2 * g.ys.nodes * g.xs.nodes];
            rowsX = new float[g.ys.nodes][g.width];
            rowsY = new float[g.ys.nodes][g.width];
            accX = new float[g.width];
            accY = new float[g.width];
        }
    }

    /** The elastic field's lattice and weights for one image size (see the class comment for the definition). */
    private static final class ElasticGrid {
        final int height;
        final int width;
        final Axis ys;
        final Axis xs;

        ElasticGrid(int height, int width, double alpha, double sigma) {
            this.height = height;
            this.width = width;
            this.ys = new Axis(height, sigma, alpha);
            this.xs = new Axis(width, sigma, 1);
        }

        /**
         * Draws the lattice's values from {@code random}, row by row, first those of the horizontal displacement,
         * then those of the vertical one, and writes the two fields into {@code s.dx} and {@code s.dy}.
         */
        void fields(SplittableRandom random, Scratch s) {
            float[] noise = s.noise;
            for (int p = 0; p < noise.length; p++) {
                noise[p] = (float) (random.nextDouble() * 2 - 1);
            }
            int nx = xs.nodes;
            int ny = ys.nodes;
            int second = nx * ny;
            // along x: each lattice row to a row of pixels
            float[][] rowsX = s.rowsX;
            float[][] rowsY = s.rowsY;
            for (int j = 0; j < ny; j++) {
                float[] rx = rowsX[j];
                float[] ry = rowsY[j];
                Arrays.fill(rx, 0f);
                Arrays.fill(ry, 0f);
                for (int k = 0; k < nx; k++) {
                    float a = noise[j * nx + k];
                    float b = noise[second + j * nx + k];
                    float[] w = xs.weights[k];
                    int end = xs.endPixel[k];
                    for (int x = xs.firstPixel[k]; x < end; x++) {
                        rx[x] += a * w[x];
                        ry[x] += b * w[x];
                    }
                }
            }
            // along y: each pixel row from the lattice rows within reach (alpha is in the y weights)
            float[] accX = s.accX;
            float[] accY = s.accY;
            for (int y = 0; y < height; y++) {
                Arrays.fill(accX, 0f);
                Arrays.fill(accY, 0f);
                for (int j = ys.firstNode[y]; j < ys.endNode[y]; j++) {
                    float w = ys.weights[j][y];
                    float[] rx = rowsX[j];
                    float[] ry = rowsY[j];
                    for (int x = 0; x < width; x++) {
                        accX[x] += w * rx[x];
                        accY[x] += w * ry[x];
                    }
                }
                System.arraycopy(accX, 0, s.dx, y * width, width);
                System.arraycopy(accY, 0, s.dy, y * width, width);
            }
        }
    }

    /** One axis of the lattice: node positions and each node's weight at each pixel. */
    private static final class Axis {
        final int nodes;
        /** {@code weights[node][pixel]}, 0 beyond 3 sigma. */
        final float[][] weights;
        final int[] firstPixel;
        final int[] endPixel;
        final int[] firstNode;
        final int[] endNode;

        Axis(int size, double sigma, double factor) {
            double h = Math.max(1, sigma);
            double reach = 3 * sigma;
            int before = (int) Math.floor(reach / h);
            int after = (int) Math.floor((size - 1 + reach) / h);
            nodes = before + after + 1;
            double norm = 0;
            for (int m = -before; m <= before; m++) {
                norm += Math.exp(-(m * h) * (m * h) / (2 * sigma * sigma));
            }
            double scale = factor / (Math.sqrt(h) * norm);
            weights = new float[nodes][size];
            firstPixel = new int[nodes];
            endPixel = new int[nodes];
            firstNode = new int[size];
            endNode = new int[size];
            Arrays.fill(firstNode, nodes);
            for (int j = 0; j < nodes; j++) {
                double p = (j - before) * h;
                firstPixel[j] = size;
                for (int x = 0; x < size; x++) {
                    double t = x - p;
                    if (Math.abs(t) <= reach) {
                        weights[j][x] = (float) (scale * Math.exp(-t * t / (2 * sigma * sigma)));
                        firstPixel[j] = Math.min(firstPixel[j], x);
                        endPixel[j] = x + 1;
                        firstNode[x] = Math.min(firstNode[x], j);
                        endNode[x] = j + 1;
                    }
                }
                if (endPixel[j] == 0) {
                    firstPixel[j] = 0;
                }
            }
        }
    }
}
