package org.lenetlab.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The Java loops that small batches run agree with the ND4J ops of larger ones, a convolution with a connection
 * table is a full convolution with the unconnected kernels zero, and tensors keep their two copies in step.
 */
class JavaLoopsTest {
    private static final Pass TRAINING = new Pass(true, 17);

    static Stream<LayerSpec> layers() {
        return Stream.of(
                new ConvolutionSpec(null, 4, 5, 1, 2, null, null),
                new ConvolutionSpec(null, 3, 3, 2, 1, null, null),
                new ConvolutionSpec(null, 5, 3, 1, 0, null, null),
                new ConvolutionSpec(null, 6, 7, 1, 0, null, null),
                new MaxPoolingSpec(null, 2, 2),
                new AveragePoolingSpec(null, 3, 2),
                new ActivationSpec(null, ActivationFunction.RELU),
                new ActivationSpec(null, ActivationFunction.SIGMOID),
                new ActivationSpec(null, ActivationFunction.TANH),
                new DropoutSpec(null, 0.3),
                new FlattenSpec(null));
    }

    @ParameterizedTest
    @MethodSource("layers")
    void javaLoopsAgreeWithNd4j(LayerSpec spec) {
        LayerPlan layer = Fixtures.plan(3, 7, 7, spec).layers().get(0);
        assertPathsAgree(layer, 3);
    }

    @Test
    void denseJavaLoopsAgreeWithNd4j() {
        ModelPlan plan = Fixtures.plan(2, 3, 3, new FlattenSpec(null), new DenseSpec(null, 5, null, null));
        assertPathsAgree(plan.layers().get(1), 4);
    }

    /** Forward and backward of one layer on both paths, from the same values, in float64. */
    private static void assertPathsAgree(LayerPlan layer, int batch) {
        Random random = new Random(layer.toString().hashCode());
        LayerKernel java = Fixtures.DOUBLE_JAVA.layer(layer);
        LayerKernel nd4j = Fixtures.DOUBLE_ND4J.layer(layer);
        for (int p = 0; p < java.parameters().size(); p++) {
            Fixtures.fillUniform(java.parameters().get(p).value(), random, 0.5);
            Fixtures.setValues(nd4j.parameters().get(p).value(), Fixtures.values(java.parameters().get(p).value()));
        }
        Tensor[] x = pair(layer.input().withBatch(batch));
        Fixtures.fillDistinct(x[0], random);
        Fixtures.setValues(x[1], Fixtures.values(x[0]));
        Tensor[] y = pair(layer.output().withBatch(batch));
        Tensor[] dy = pair(layer.output().withBatch(batch));
        Fixtures.fillUniform(dy[0], random, 1);
        Fixtures.setValues(dy[1], Fixtures.values(dy[0]));
        Tensor[] dx = pair(layer.input().withBatch(batch));
        java.forward(x[0], y[0], TRAINING);
        nd4j.forward(x[1], y[1], TRAINING);
        assertArrayEquals(Fixtures.values(y[1]), Fixtures.values(y[0]), 1e-12, "outputs");
        java.backward(x[0], y[0], dy[0], dx[0]);
        nd4j.backward(x[1], y[1], dy[1], dx[1]);
        assertArrayEquals(Fixtures.values(dx[1]), Fixtures.values(dx[0]), 1e-12, "input gradients");
        for (int p = 0; p < java.parameters().size(); p++) {
            assertArrayEquals(Fixtures.values(nd4j.parameters().get(p).gradient()),
                    Fixtures.values(java.parameters().get(p).gradient()), 1e-12, "parameter gradients");
        }
    }

    private static Tensor[] pair(Shape shape) {
        return new Tensor[] {Fixtures.DOUBLE_JAVA.allocate(shape), Fixtures.DOUBLE_ND4J.allocate(shape)};
    }

    @Test
    void aConnectionTableIsAFullConvolutionWithTheOtherKernelsZero() {
        List<List<Integer>> table = List.of(List.of(0, 1, 2), List.of(2, 0), List.of(1), List.of(0, 1, 2, 3),
                List.of(3, 1));
        LayerPlan partial = Fixtures.plan(4, 9, 9, new ConvolutionSpec(null, 5, 3, 1, 1, null, null, table))
                .layers().get(0);
        LayerPlan full = Fixtures.plan(4, 9, 9, new ConvolutionSpec(null, 5, 3, 1, 1, null, null)).layers().get(0);
        LayerKernel tableKernel = Fixtures.DOUBLE.layer(partial);
        LayerKernel fullKernel = Fixtures.DOUBLE_ND4J.layer(full);
        Random random = new Random(3);
        Tensor tableWeight = tableKernel.parameters().get(0).value();
        Tensor fullWeight = fullKernel.parameters().get(0).value();
        int row = 0;
        for (int o = 0; o < 5; o++) {
            for (int c : table.get(o)) {
                for (int t = 0; t < 9; t++) {
                    double v = random.nextGaussian();
                    tableWeight.set(row * 9L + t, v);
                    fullWeight.set((o * 4L + c) * 9 + t, v);
                }
                row++;
            }
        }
        for (int o = 0; o < 5; o++) {
            double v = random.nextGaussian();
            tableKernel.parameters().get(1).value().set(o, v);
            fullKernel.parameters().get(1).value().set(o, v);
        }
        Tensor x = Fixtures.DOUBLE.allocate(partial.input().withBatch(2));
        Fixtures.fillUniform(x, random, 1);
        Tensor xFull = Fixtures.DOUBLE_ND4J.allocate(x.shape());
        Fixtures.setValues(xFull, Fixtures.values(x));
        Tensor y = Fixtures.DOUBLE.allocate(partial.output().withBatch(2));
        Tensor yFull = Fixtures.DOUBLE_ND4J.allocate(y.shape());
        tableKernel.forward(x, y, TRAINING);
        fullKernel.forward(xFull, yFull, TRAINING);
        assertArrayEquals(Fixtures.values(yFull), Fixtures.values(y), 1e-12);
        assertEquals(row, partial.parameters().get(0).shape().dim(0));
    }

    @Test
    void tensorsKeepTheirTwoCopiesInStep() {
        for (CpuBackend backend : List.of(Fixtures.FLOAT, Fixtures.DOUBLE)) {
            CpuTensor t = backend.allocate(Shape.of(2, 3));
            assertEquals(0.0, t.get(4));
            t.hostOverwrite()[4] = 2.5;
            assertTrue(t.onHost());
            assertEquals(2.5, t.array().getDouble(1, 1), "the ND4J copy follows the Java one");
            assertFalse(t.onHost(), "writing through ND4J leaves the Java copy stale");
            t.array().putScalar(new long[] {0, 2}, 7.0);
            assertEquals(7.0, t.hostRead()[2], "the Java copy follows the ND4J one");
            assertEquals(7.0, t.get(2));
            t.set(0, 0.1);
            assertEquals(backend.dataType() == DataType.FLOAT ? (float) 0.1 : 0.1, t.get(0), "the backend's precision");
            float[] out = new float[6];
            t.read(out, 0);
            assertArrayEquals(new float[] {0.1f, 0, 7, 0, 2.5f, 0}, out);
            t.clear();
            assertArrayEquals(new double[6], Fixtures.values(t));
            assertEquals(0.0, t.array().sumNumber().doubleValue());
        }
    }

    @Test
    void largerBatchesFollowTheirInputIntoJavaLoops() {
        LayerPlan layer = Fixtures.plan(2, 6, 6, new ConvolutionSpec(null, 3, 3, 1, 0, null, null)).layers().get(0);
        LayerKernel kernel = Fixtures.FLOAT.layer(layer);
        Shape batch = layer.input().withBatch(CpuBackend.DEFAULT_JAVA_LOOPS_UP_TO + 8);
        // an input the Java loops of a layer before left in the Java copy stays there
        CpuTensor onHost = Fixtures.FLOAT.allocate(batch);
        java.util.Arrays.fill(onHost.hostOverwrite(), 0.5);
        CpuTensor out = Fixtures.FLOAT.allocate(layer.output().withBatch(batch.dim(0)));
        kernel.forward(onHost, out, TRAINING);
        assertTrue(onHost.onHost() && out.onHost(), "ran as Java loops");
        // an input in ND4J's copy runs through ND4J
        CpuTensor inNd4j = Fixtures.FLOAT.allocate(batch);
        inNd4j.array().assign(0.5);
        CpuTensor out2 = Fixtures.FLOAT.allocate(out.shape());
        kernel.forward(inNd4j, out2, TRAINING);
        assertFalse(out2.onHost(), "ran through ND4J");
        assertArrayEquals(Fixtures.values(out), Fixtures.values(out2), 1e-5);
        // with the limit at 0, never
        LayerKernel nd4j = Fixtures.FLOAT_ND4J.layer(layer);
        CpuTensor out3 = Fixtures.FLOAT_ND4J.allocate(out.shape());
        nd4j.forward(onHost, out3, TRAINING);
        assertFalse(out3.onHost());
    }

    @Test
    void theJavaLoopLimitIsABatchSize() {
        assertEquals(CpuBackend.DEFAULT_JAVA_LOOPS_UP_TO, Fixtures.FLOAT.javaLoopsUpTo());
        assertTrue(Fixtures.FLOAT.javaLoops(1));
        assertFalse(Fixtures.FLOAT_ND4J.javaLoops(1));
        assertEquals(DataType.FLOAT, Fixtures.FLOAT_ND4J.dataType());
        List<Parameter> none = Fixtures.FLOAT.layer(Fixtures.plan(1, 2, 2, new FlattenSpec(null)).layers().get(0))
                .parameters();
        assertTrue(none.isEmpty());
    }
}
