package org.lenetlab.data;

import java.util.List;

/**
 * The four files that make up MNIST, by role. {@link #STANDARD} holds the real files; tests use tiny stand-ins.
 *
 * @param trainImages the training images, an IDX image file
 * @param trainLabels the training labels, an IDX label file
 * @param testImages  the test images
 * @param testLabels  the test labels
 */
public record MnistManifest(DataFile trainImages, DataFile trainLabels, DataFile testImages, DataFile testLabels) {
    /** The original MNIST files of LeCun, Cortes and Burges, uncompressed. */
    public static final MnistManifest STANDARD = new MnistManifest(
            new DataFile("train-images-idx3-ubyte", 47_040_016L,
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new DataFile("train-labels-idx1-ubyte", 60_008L,
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new DataFile("t10k-images-idx3-ubyte", 7_840_016L,
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new DataFile("t10k-labels-idx1-ubyte", 10_008L,
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /** Checks that the four names differ. */
    public MnistManifest {
        if (List.of(trainImages.name(), trainLabels.name(), testImages.name(), testLabels.name())
                .stream().distinct().count() != 4) {
            throw new IllegalArgumentException("the four MNIST files need four different names");
        }
    }

    /** The four files: train images, train labels, test images, test labels. */
    public List<DataFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }
}
