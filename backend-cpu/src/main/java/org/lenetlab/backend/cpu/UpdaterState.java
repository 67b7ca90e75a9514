package org.lenetlab.backend.cpu;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies optimizer state arrays (dense, c-ordered, never views) to and from float32 host arrays. */
final class UpdaterState {
    private UpdaterState() {
    }

    /** Copies of {@code arrays}, in order, as float32. */
    static List<float[]> read(INDArray... arrays) {
        List<float[]> out = new ArrayList<>(arrays.length);
        for (INDArray a : arrays) {
            float[] values = new float[Math.toIntExact(a.length())];
            if (a.dataType() == DataType.FLOAT) {
                a.data().asNioFloat().get(0, values, 0, values.length);
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) a.data().getDouble(i);
                }
            }
            out.add(values);
        }
        return out;
    }

    /** Writes {@code state} into {@code arrays}, after checking the count and every length. */
    static void write(List<float[]> state, INDArray... arrays) {
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
            float[] values = state.get(i);
            if (arrays[i].dataType() == DataType.FLOAT) {
                FloatBuffer f = arrays[i].data().asNioFloat();
                f.put(0, values, 0, values.length);
            } else {
                for (int j = 0; j < values.length; j++) {
                    arrays[i].data().put(j, (double) values[j]);
                }
            }
        }
    }
}
