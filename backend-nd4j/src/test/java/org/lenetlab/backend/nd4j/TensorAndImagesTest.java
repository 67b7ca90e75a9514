package org.lenetlab.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lenetlab.backend.kernels.ImageBatches;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/** Host access to the nd4j backend's tensors in either precision, and gathering batches of images into them. */
class TensorAndImagesTest {
    @ParameterizedTest
    @EnumSource(Precision.class)
    void writeReadGetSetClearAndTheArrayBehind(Precision precision) {
        KernelProvider kernels = Fixtures.ND4J.kernels(precision);
        boolean single = precision == Precision.FLOAT32;
        Tensor t = kernels.allocate(Shape.of(2, 3));
        assertEquals(Shape.of(2, 3), t.shape());
        assertArrayEquals(new double[6], Fixtures.values(t));
        t.write(new float[] {9, 1, 2, 3, 4, 5, 6.5f, 9}, 1);
        assertEquals(6.5, t.get(5));
        assertEquals(single ? DataType.FLOAT : DataType.DOUBLE, Nd4jTensor.array(t).dataType());
        assertEquals(4.0, Nd4jTensor.array(t).getDouble(1, 0), "row-major");
        float[] target = new float[8];
        t.read(target, 2);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 5, 6.5f}, target);
        t.set(0, 0.1);
        assertEquals(single ? (double) 0.1f : 0.1, t.get(0));
        double[] wide = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        t.write(wide);
        double[] back = Fixtures.values(t);
        for (int i = 0; i < 6; i++) {
            assertEquals(single ? (double) (float) wide[i] : wide[i], back[i], 0.0, "value " + i);
        }
        t.clear();
        assertArrayEquals(new double[6], Fixtures.values(t));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(6));
        assertThrows(IndexOutOfBoundsException.class, () -> t.write(new float[5], 0));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void batchesAreGatheredInTheOrderAsked(Precision precision) {
        KernelProvider kernels = Fixtures.ND4J.kernels(precision);
        Shape image = Shape.of(1, 2, 2);
        float[] images = new float[5 * 4];
        for (int i = 0; i < images.length; i++) {
            images[i] = i;
        }
        ImageBatches batches = kernels.images(images, image);
        assertEquals(5, batches.count());
        Tensor batch = kernels.allocate(image.withBatch(3));
        batches.gather(new int[] {4, 0, 2, 1}, 1, 3, batch);
        assertArrayEquals(new double[] {0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7}, Fixtures.values(batch));
        assertThrows(IndexOutOfBoundsException.class, () -> batches.gather(new int[] {5}, 0, 1, batch));
        assertThrows(IllegalArgumentException.class, () -> batches.gather(new int[] {0, 1, 2, 3}, 0, 4, batch));
        assertThrows(IllegalArgumentException.class, () -> kernels.images(new float[7], image));
    }
}
