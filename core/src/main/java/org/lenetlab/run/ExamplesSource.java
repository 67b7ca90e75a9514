package org.lenetlab.run;

import java.util.Map;
import org.lenetlab.spec.DatasetSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.train.Examples;

/** Supplies cells with their training and test examples. */
public interface ExamplesSource {
    /**
     * Training and test examples of {@code dataset}, normalised, the training set cut to {@code trainLimit}
     * images when that is not {@code null}.
     */
    Split prepare(DatasetSpec dataset, Normalization normalization, Integer trainLimit);

    /** SHA-256 of every data file read so far, by file name. */
    Map<String, String> fileDigests();

    /**
     * Training and test examples.
     *
     * @param train training examples
     * @param test  test examples
     */
    record Split(Examples train, Examples test) {
    }
}
