package org.lenetlab.reports;

import java.util.Map;
import java.util.Objects;
import org.lenetlab.data.IdxReader;
import org.lenetlab.data.ImageSet;
import org.lenetlab.data.MnistFiles;
import org.lenetlab.data.MnistManifest;

/**
 * The MNIST test images, from which the report draws the misclassified digits.
 *
 * @param images the test set, in file order (the order of the indices in results files)
 * @param sha256 SHA-256 of the data files they were read from, by file name (compared with the runs' own)
 */
public record TestImages(ImageSet images, Map<String, String> sha256) {
    /** Checks and copies. */
    public TestImages {
        Objects.requireNonNull(images, "images");
        sha256 = Map.copyOf(sha256);
    }

    /** Reads only the test images and labels of verified MNIST files. */
    public static TestImages read(MnistFiles files) {
        MnistManifest m = files.manifest();
        ImageSet test = IdxReader.readImageSet(files.path(m.testImages()), files.path(m.testLabels()));
        return new TestImages(test, files.sha256());
    }
}
