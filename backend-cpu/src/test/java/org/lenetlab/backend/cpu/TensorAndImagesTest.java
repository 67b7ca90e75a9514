package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.kernels.ImageBatches;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;

/** Host access to every engine's tensors, and gathering batches of images into them. */
class TensorAndImagesTest {
    static Stream<Arguments> engines() {
        return Stream.of(
                Arguments.of("float32: FloatTensor", Fixtures.FLOAT32, FloatTensor.class),
                Arguments.of("float64: DoubleTensor", Fixtures.FLOAT64, DoubleTensor.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void allocateWriteReadGetSetClear(String name, KernelProvider engine, Class<?> type) {
        boolean single = engine.precision() == Precision.FLOAT32;
        Tensor t = engine.allocate(Shape.of(2, 3));
        assertInstanceOf(type, t);
        assertEquals(Shape.of(2, 3), t.shape());
        assertEquals(6, ((CpuTensor) t).length());
        assertArrayEquals(new double[6], Fixtures.values(t));
        float[] source = {9, 1, 2, 3, 4, 5, 6.5f, 9};
        t.write(source, 1);
        assertEquals(6.5, t.get(5));
        assertEquals(4.0, t.get(3));
        float[] target = new float[8];
        t.read(target, 2);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 5, 6.5f}, target);

        // doubles are rounded to the tensor's precision, on the way in only
        t.set(0, 0.1);
        assertEquals(single ? (double) 0.1f : 0.1, t.get(0));
        t.write(new double[] {0.1, 0.2, 0.3, 1e-50, -1.0 / 3, 1e300});
        double[] back = new double[6];
        t.read(back);
        double[] expected = {0.1, 0.2, 0.3, 1e-50, -1.0 / 3, 1e300};
        for (int i = 0; i < 6; i++) {
            assertEquals(single ? (double) (float) expected[i] : expected[i], back[i], 0.0, "value " + i);
        }
        t.read(target, 0);
        assertEquals((float) (-1.0 / 3), target[4], 0.0f, "read as float32, rounded");
        t.clear();
        assertArrayEquals(new double[6], Fixtures.values(t));

        assertThrows(IndexOutOfBoundsException.class, () -> t.write(new float[6], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.read(new float[5], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.write(new double[5]));
        assertThrows(IndexOutOfBoundsException.class, () -> t.read(new double[5]));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(6));
        assertThrows(IndexOutOfBoundsException.class, () -> t.set(-1, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void gatherCopiesTheSelectedImages(String name, KernelProvider engine, Class<?> type) {
        Shape image = Shape.of(1, 2, 3);
        float[] images = new float[4 * 6];
        for (int i = 0; i < images.length; i++) {
            images[i] = i + 0.25f;
        }
        ImageBatches batches = engine.images(images, image);
        assertEquals(4, batches.count());
        assertEquals(image, batches.imageShape());
        Tensor batch = engine.allocate(image.withBatch(3));
        int[] order = {3, 1, 0, 2};
        batches.gather(order, 1, 3, batch);
        double[] expected = new double[18];
        int[] picked = {1, 0, 2};
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 6; j++) {
                expected[r * 6 + j] = picked[r] * 6 + j + 0.25;
            }
        }
        assertArrayEquals(expected, Fixtures.values(batch));
        // a short last batch fills only the first rows
        batch.clear();
        batches.gather(order, 3, 1, batch);
        assertArrayEquals(new double[] {12.25, 13.25, 14.25, 15.25, 16.25, 17.25},
                Arrays.copyOf(Fixtures.values(batch), 6));
        assertEquals(0.0, batch.get(6));

        assertThrows(IndexOutOfBoundsException.class, () -> batches.gather(new int[] {4}, 0, 1, batch));
        assertThrows(IndexOutOfBoundsException.class, () -> batches.gather(new int[] {-1}, 0, 1, batch));
        assertThrows(IndexOutOfBoundsException.class, () -> batches.gather(order, 2, 3, batch));
        assertThrows(IllegalArgumentException.class, () -> batches.gather(Fixtures.identity(4), 0, 4, batch),
                "4 images do not fit a batch of 3");
        assertThrows(IllegalArgumentException.class,
                () -> batches.gather(order, 0, 1, engine.allocate(Shape.of(2, 5))), "rows of another size");
        assertThrows(IllegalArgumentException.class, () -> engine.images(new float[7], image),
                "not a whole number of images");
    }

    @Test
    void anEnginesKernelsRefuseAnotherEnginesTensors() {
        LayerPlan dense = Fixtures.plan(2, 2, 2, new FlattenSpec(null), new DenseSpec(null, 3, null, null))
                .layers().get(1);
        List<KernelProvider> engines = List.of(Fixtures.FLOAT32, Fixtures.FLOAT64,
                Fixtures.reference(Precision.FLOAT32));
        for (KernelProvider engine : engines) {
            LayerKernel kernel = engine.layer(dense);
            for (KernelProvider other : engines) {
                if (other != engine) {
                    Tensor x = other.allocate(dense.input().withBatch(2));
                    Tensor y = other.allocate(dense.output().withBatch(2));
                    assertThrows(IllegalArgumentException.class, () -> kernel.forward(x, y, Pass.INFERENCE),
                            engine.precision() + " kernel on " + x);
                }
            }
        }
    }
}
