package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Training-time distortions of the training images, drawn afresh for every image in every epoch from the cell's
 * seed, the epoch and the image's index (so a run is bit-reproducible and resumes exactly). LeCun et al.'s planar
 * affine distortions (translations, scaling, squeezing, horizontal shearing), and the rotation and elastic
 * deformation users also ask for. Each amount is the largest one drawn, uniformly in {@code [-amount, amount]};
 * an absent or zero amount leaves that distortion out. The test set is never distorted.
 *
 * @param name        optional: names the setting in cell ids when augmentation is swept, e.g. {@code paper}
 * @param probability the share of training images distorted in each epoch (the others pass unchanged), default 1
 * @param translate   the largest horizontal and vertical shift, in pixels (each axis drawn separately)
 * @param scale       the largest relative change of size: both axes scaled by {@code 1 + s}
 * @param squeeze     the largest squeeze: the horizontal axis scaled by {@code 1 + q} and the vertical by
 *                    {@code 1 / (1 + q)} (compressing one while stretching the other)
 * @param shear       the largest horizontal shear: {@code x += k · (y − centre)}
 * @param rotate      the largest rotation, in degrees
 * @param elastic     an elastic deformation (Simard et al., 2003), or absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AugmentationSpec(String name, Double probability, Double translate, Double scale, Double squeeze, Double shear,
                               Double rotate, ElasticSpec elastic) {
    /** Whether this distorts anything: some amount (and the probability) above zero. */
    public static boolean distorts(AugmentationSpec a) {
        if (a == null || a.probability() != null && a.probability() <= 0) {
            return false;
        }
        boolean elastic = a.elastic() != null && positive(a.elastic().alpha()) && positive(a.elastic().sigma());
        return positive(a.translate()) || positive(a.scale()) || positive(a.squeeze()) || positive(a.shear())
                || positive(a.rotate()) || elastic;
    }

    private static boolean positive(Double v) {
        return v != null && v > 0;
    }

    /**
     * An elastic deformation (after Simard et al., 2003, whose MNIST values are alpha 34, sigma 4): a random
     * displacement field per axis, Gaussian-smoothed uniform noise scaled by {@code alpha}. Exactly: random values,
     * uniform in [−1, 1], at the nodes of a lattice {@code h = max(1, sigma)} pixels apart that reaches {@code 3 sigma}
     * beyond the image (pixel 0 is a node); the displacement at a pixel is {@code alpha} times the sum of the nodes'
     * values, each weighted by {@code w(dx) · w(dy)}, its distance to the node along each axis, where
     * {@code w(t) = exp(−t² / 2 sigma²) / (sqrt(h) · Σ_m exp(−(m h)² / 2 sigma²))} within {@code 3 sigma} (m over the
     * nodes within 3 sigma of 0) and 0 beyond. With {@code h = 1} that is per-pixel noise smoothed by the normalised
     * Gaussian kernel; with {@code h = sigma} it has the same spread (standard deviation about
     * {@code 0.163 alpha / sigma} pixels) and Gaussian correlation for a fraction of the work. The field is as strong at
     * the border as inside, and no displacement exceeds {@code alpha / max(1, sigma)} pixels.
     *
     * @param alpha the scale of the displacements, in pixels
     * @param sigma the smoothing (the Gaussian's standard deviation), in pixels
     */
    public record ElasticSpec(Double alpha, Double sigma) {
    }
}
