package org.lenetlab.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One string per IDX file of a declared data set: its path, or its SHA-256.
 *
 * @param trainImages the training images (IDX, magic 2051)
 * @param trainLabels the training labels (IDX, magic 2049)
 * @param testImages  the test images
 * @param testLabels  the test labels
 */
public record IdxFilesSpec(String trainImages, String trainLabels, String testImages, String testLabels) {
    /** The four values by field name, in the order above (values may be {@code null}). */
    public Map<String, String> byField() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("trainImages", trainImages);
        map.put("trainLabels", trainLabels);
        map.put("testImages", testImages);
        map.put("testLabels", testLabels);
        return map;
    }

    /** Each value mapped by {@code f}. */
    public IdxFilesSpec map(UnaryOperator<String> f) {
        return new IdxFilesSpec(f.apply(trainImages), f.apply(trainLabels), f.apply(testImages), f.apply(testLabels));
    }
}
