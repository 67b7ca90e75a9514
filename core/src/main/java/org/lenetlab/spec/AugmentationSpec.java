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
     * An elastic deformation: a random displacement field, uniform in [−1, 1] per pixel and axis, smoothed by a
     * Gaussian of standard deviation {@code sigma} pixels and scaled by {@code alpha} pixels.
     *
     * @param alpha the scale of the displacements, in pixels
     * @param sigma the smoothing, in pixels
     */
    public record ElasticSpec(Double alpha, Double sigma) {
    }
}
