package org.lenetlab.backend.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies the nd4j backend's optimizer state arrays (dense, c-ordered, never views) to and from host arrays. */
final class UpdaterState {
    private UpdaterState() {
    }

    /** Copies of {@code arrays}, in order, widened to double. */
    static List<double[]> read(INDArray... arrays) {
        List<double[]> out = new ArrayList<>(arrays.length);
        for (INDArray a : arrays) {
            double[] values = new double[Math.toIntExact(a.length())];
            for (int i = 0; i < values.length; i++) {
                values[i] = a.data().getDouble(i);
            }
            out.add(values);
        }
        return out;
    }

    /** Writes {@code state} into {@code arrays}, after checking the count and every length. */
    static void write(List<double[]> state, INDArray... arrays) {
        if (state.size() != arrays.length) {
            throw new IllegalArgumentException("optimizer state has " + state.size() + " arrays, expected " + arrays.length);
        }
        for (int i = 0; i < arrays.length; i++) {
            if (state.get(i).length != arrays[i].length()) {
                throw new IllegalArgumentException("optimizer state array " + i + " has " + state.get(i).length
                        + " values, expected " + arrays[i].length() + " " + Arrays.toString(arrays[i].shape()));
            }
        }
        for (int i = 0; i < arrays.length; i++) {
            double[] values = state.get(i);
            for (int j = 0; j < values.length; j++) {
                arrays[i].data().put(j, values[j]);
            }
        }
    }
}
