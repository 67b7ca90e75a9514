package org.lenetlab.train;

import java.util.SplittableRandom;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.AugmentationSpec;

/**
 * Distorts training images on the fly: a random planar affine map (translation, scaling, squeezing, horizontal
 * shearing, rotation, all about the image centre) and optionally an elastic displacement field, sampled bilinearly,
 * pixels from outside the image taking the background value. Every random number of image {@code index} in epoch
 * {@code epoch} comes from {@link SeedStream#AUGMENTATION} under the cell's seed, so the same seed gives the same
 * distorted images whatever the batch size, thread count or resumption.
 */
public final class Augmentation {
    private final double probability;
    private final double translate;
    private final double scale;
    private final double squeeze;
    private final double shear;
    private final double rotate;
    private final double alpha;
    private final double sigma;
    private final float background;
    private final float[] gaussian;

    /**
     * Distortions as {@code spec} says, filling with {@code background}: the value a blank pixel has once the images
     * are normalised and preprocessed.
     */
    public Augmentation(AugmentationSpec spec, float background) {
        this.probability = orZero(spec.probability(), 1.0);
        this.translate = orZero(spec.translate(), 0);
        this.scale = orZero(spec.scale(), 0);
        this.squeeze = orZero(spec.squeeze(), 0);
        this.shear = orZero(spec.shear(), 0);
        this.rotate = Math.toRadians(orZero(spec.rotate(), 0));
        this.alpha = spec.elastic() == null ? 0 : orZero(spec.elastic().alpha(), 0);
        this.sigma = spec.elastic() == null ? 0 : orZero(spec.elastic().sigma(), 0);
        this.background = background;
        this.gaussian = alpha > 0 && sigma > 0 ? kernel(sigma) : null;
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
        int channels = shape.dim(0);
        int height = shape.dim(1);
        int width = shape.dim(2);
        int size = channels * height * width;
        float[] images = train.images();
        double[] dx = gaussian == null ? null : new double[height * width];
        double[] dy = gaussian == null ? null : new double[height * width];
        double[] scratch = gaussian == null ? null : new double[height * width];
        for (int i = 0; i < count; i++) {
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
            if (gaussian != null) {
                field(random, dx, scratch, height, width);
                field(random, dy, scratch, height, width);
            }
            double cy = (height - 1) / 2.0;
            double cx = (width - 1) / 2.0;
            for (int ch = 0; ch < channels; ch++) {
                int src = index * size + ch * height * width;
                int dst = i * size + ch * height * width;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double u = x - cx - tx;
                        double v = y - cy - ty;
                        double px = ia * u + ib * v + cx;
                        double py = ic * u + id * v + cy;
                        if (dx != null) {
                            px += dx[y * width + x];
                            py += dy[y * width + x];
                        }
                        out[dst + y * width + x] = sample(images, src, height, width, px, py);
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
        double v00 = pixel(images, base, height, width, x0, y0);
        double v01 = pixel(images, base, height, width, x0 + 1, y0);
        double v10 = pixel(images, base, height, width, x0, y0 + 1);
        double v11 = pixel(images, base, height, width, x0 + 1, y0 + 1);
        double top = v00 + (v01 - v00) * fx;
        double bottom = v10 + (v11 - v10) * fx;
        return (float) (top + (bottom - top) * fy);
    }

    private float pixel(float[] images, int base, int height, int width, int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? background : images[base + y * width + x];
    }

    /** A displacement field: uniform noise in [−1, 1], smoothed separably by the Gaussian, times alpha. */
    private void field(SplittableRandom random, double[] f, double[] scratch, int height, int width) {
        for (int p = 0; p < f.length; p++) {
            f[p] = random.nextDouble() * 2 - 1;
        }
        int r = gaussian.length / 2;
        float[] g = gaussian;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int lo = Math.max(-r, -x);
                int hi = Math.min(r, width - 1 - x);
                double sum = 0;
                for (int t = lo; t <= hi; t++) {
                    sum += g[t + r] * f[row + x + t];
                }
                scratch[row + x] = sum;
            }
        }
        for (int y = 0; y < height; y++) {
            int lo = Math.max(-r, -y);
            int hi = Math.min(r, height - 1 - y);
            int row = y * width;
            for (int x = 0; x < width; x++) {
                f[row + x] = 0;
            }
            for (int t = lo; t <= hi; t++) {
                double w = g[t + r];
                int from = (y + t) * width;
                for (int x = 0; x < width; x++) {
                    f[row + x] += w * scratch[from + x];
                }
            }
            for (int x = 0; x < width; x++) {
                f[row + x] *= alpha;
            }
        }
    }

    /** A normalised Gaussian kernel of standard deviation {@code sigma}, radius {@code ceil(3 sigma)}. */
    private static float[] kernel(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) {
            sum += Math.exp(-t * t / (2 * sigma * sigma));
        }
        for (int t = -r; t <= r; t++) {
            k[t + r] = (float) (Math.exp(-t * t / (2 * sigma * sigma)) / sum);
        }
        return k;
    }
}
