package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.ImageBatches;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/** Host access to tensors and batch gathering. */
class TensorAndImagesTest {
    @Test
    void allocateWriteReadGetSetClear() {
        for (CpuBackend backend : List.of(Fixtures.FLOAT, Fixtures.DOUBLE)) {
            Tensor t = backend.allocate(Shape.of(2, 3));
            assertEquals(Shape.of(2, 3), t.shape());
            assertEquals(backend.dataType(), ((CpuTensor) t).dataType());
            assertArrayEquals(new long[] {2, 3}, ((CpuTensor) t).array().shape());
            assertArrayEquals(new double[6], Fixtures.values(t));
            float[] source = {9, 1, 2, 3, 4, 5, 6.5f, 9};
            t.write(source, 1);
            assertEquals(6.5, t.get(5));
            assertEquals(4.0, ((CpuTensor) t).array().getDouble(1, 0)); // row-major
            float[] target = new float[8];
            t.read(target, 2);
            assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 5, 6.5f}, target);
            t.set(0, 0.1);
            assertEquals(backend == Fixtures.FLOAT ? (double) 0.1f : 0.1, t.get(0));
            t.clear();
            assertArrayEquals(new double[6], Fixtures.values(t));
            assertThrows(IndexOutOfBoundsException.class, () -> t.write(new float[6], 1));
            assertThrows(IndexOutOfBoundsException.class, () -> t.get(6));
        }
    }

    @Test
    void gatherCopiesSelectedImages() {
        Shape image = Shape.of(1, 2, 3);
        float[] images = new float[4 * 6];
        for (int i = 0; i < images.length; i++) {
            images[i] = i;
        }
        for (CpuBackend backend : List.of(Fixtures.FLOAT, Fixtures.DOUBLE)) {
            ImageBatches batches = backend.images(images, image);
            Tensor batch = backend.allocate(image.withBatch(3));
            int[] order = {3, 1, 0, 2};
            batches.gather(order, 1, 3, batch);
            double[] expected = new double[18];
            int[] picked = {1, 0, 2};
            for (int r = 0; r < 3; r++) {
                for (int j = 0; j < 6; j++) {
                    expected[r * 6 + j] = picked[r] * 6 + j;
                }
            }
            assertArrayEquals(expected, Fixtures.values(batch));
            // a short last batch fills only the first rows
            batch.clear();
            batches.gather(order, 3, 1, batch);
            assertArrayEquals(new double[] {12, 13, 14, 15, 16, 17}, java.util.Arrays.copyOf(Fixtures.values(batch), 6));
            assertEquals(0.0, batch.get(6));
            assertThrows(IndexOutOfBoundsException.class, () -> batches.gather(new int[] {4}, 0, 1, batch));
        }
    }

    @Test
    void precisionIsFloatOrDouble() {
        assertEquals(DataType.FLOAT, new CpuBackend().dataType());
        assertThrows(IllegalArgumentException.class, () -> CpuBackend.withPrecision(DataType.INT32));
    }
}
