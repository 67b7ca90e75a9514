package org.lenetlab.backend.nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Work arrays of a kernel, kept per shape so that alternating batch sizes (full batches, the short last batch of
 * an epoch, evaluation batches) do not allocate on every call. Holds only the few most recently used shapes.
 */
final class ScratchArrays {
    private static final int KEEP = 4;

    private final Map<Shape, INDArray> arrays = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Shape, INDArray> eldest) {
            return size() > KEEP;
        }
    };

    /** A c-order array of {@code shape} and {@code type}; its contents are whatever the last user left. */
    INDArray get(Shape shape, DataType type) {
        INDArray array = arrays.get(shape);
        if (array == null || array.dataType() != type) {
            array = Nd4j.create(type, shape.longDims());
            arrays.put(shape, array);
        }
        return array;
    }
}
