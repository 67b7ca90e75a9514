package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;

/**
 * GPU only: what the cuda backend's compiled networks promise besides their numbers: float32 only, tensors and images
 * through the new interfaces, the loss's argument checks and the optimizer state's checks as on the CPU backend.
 */
class CompileTest {
    private static ModelPlan small() {
        return ModelPlanner.plan(new ModelSpec(null, "small", null, new InputSpec(1, 6, 6), null,
                List.of(new ConvolutionSpec(null, 2, 3, 1, 0, null, null), new ActivationSpec(null,
                        ActivationFunction.RELU), new FlattenSpec(null), new DenseSpec(null, 10, null, null)), null),
                10);
    }

    @Test
    void float64IsRefusedWithTheReason() {
        CudaBackend gpu = Gpu.backend();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> gpu.compile(small(), CompileOptions.inference(Precision.FLOAT64)));
        assertEquals("the cuda backend computes in float32 only; this cell declares float64", e.getMessage());
    }

    @Test
    void compiledNetworkDescribesTheDevice() {
        CudaBackend gpu = Gpu.backend();
        try (CompiledNetwork net = gpu.compile(small(), CompileOptions.inference(Precision.FLOAT32))) {
            assertTrue(net instanceof ComposedNetwork, net.getClass().getName());
            assertEquals(Precision.FLOAT32, net.precision());
            assertEquals(gpu.device(), net.device());
            ImageData images = net.images(new float[3 * 36], Shape.of(1, 6, 6));
            assertEquals(3, images.count());
            assertEquals(Shape.of(1, 6, 6), images.imageShape());
        }
    }

    @Test
    void closingANetworkFreesItsDeviceMemory() {
        CudaBackend gpu = Gpu.backend();
        long mib = 1 << 20;
        int images = (int) (32 * mib / Float.BYTES / 36);
        long before = gpu.memoryBudgetBytes();
        CompiledNetwork net = gpu.compile(small(), CompileOptions.inference(Precision.FLOAT32));
        ImageData data = net.images(new float[images * 36], Shape.of(1, 6, 6));
        long holding = gpu.memoryBudgetBytes();
        assertTrue(before - holding >= 30 * mib, "32 MiB of images took " + (before - holding) / mib + " MiB");
        assertEquals(images, data.count());
        net.close();
        long after = gpu.memoryBudgetBytes();
        assertTrue(after - holding >= 30 * mib, "closing gave back " + (after - holding) / mib + " MiB");
    }

    @Test
    void tensorsRoundDoublesToFloat32() {
        CudaKernels kernels = Gpu.backend().kernels();
        Tensor t = kernels.allocate(Shape.of(2, 2));
        t.write(new double[] {0.1, -2.5, 1e40, 3});
        double[] back = new double[4];
        t.read(back);
        assertArrayEquals(new double[] {(float) 0.1, -2.5, Float.POSITIVE_INFINITY, 3}, back);
        assertEquals((float) 0.1, t.get(0));
        t.set(3, 7.25);
        assertEquals(7.25, t.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.read(new double[3]));
    }

    @Test
    void lossChecksAreTheCpuBackends() {
        CudaBackend gpu = Gpu.backend();
        ModelPlan plan = small();
        CompileOptions options = CompileOptions.inference(Precision.FLOAT32);
        try (CompiledNetwork cuda = gpu.compile(plan, options);
             CompiledNetwork cpu = Agreement.cpu().compile(plan, options)) {
            for (int[] labels : List.of(new int[] {0, 10}, new int[] {-1, 0})) {
                String expected = assertThrows(IllegalArgumentException.class, () -> cpu.evaluate(
                        Agreement.store(cpu, new float[72]), new int[] {0, 1}, 0, 2, labels, new int[2])).getMessage();
                String actual = assertThrows(IllegalArgumentException.class, () -> cuda.evaluate(
                        Agreement.store(cuda, new float[72]), new int[] {0, 1}, 0, 2, labels, new int[2])).getMessage();
                assertEquals(expected, actual);
            }
        }
    }

    @Test
    void optimizerStateIsChecked() {
        CudaBackend gpu = Gpu.backend();
        ModelPlan plan = small();
        try (CompiledNetwork adam = gpu.compile(plan, CompileOptions.training(Precision.FLOAT32,
                new OptimizerPlan.Adam(0.001, 0.9, 0.999, 1e-8, 0)))) {
            List<double[]> state = new ArrayList<>(adam.optimizerState());
            assertEquals(8, state.size()); // m and v of 4 parameters
            assertThrows(IllegalArgumentException.class, () -> adam.restoreOptimizerState(state.subList(0, 7)));
            state.set(7, new double[1]);
            assertThrows(IllegalArgumentException.class, () -> adam.restoreOptimizerState(state));
        }
        try (CompiledNetwork sdlm = gpu.compile(plan, CompileOptions.training(Precision.FLOAT32,
                new OptimizerPlan.Sdlm(0.001, 0.02, 0, 10)))) {
            assertEquals(List.of(), sdlm.optimizerState());
            sdlm.restoreOptimizerState(List.of());
            assertThrows(IllegalArgumentException.class, () -> sdlm.restoreOptimizerState(List.of(new double[1])));
        }
    }
}
