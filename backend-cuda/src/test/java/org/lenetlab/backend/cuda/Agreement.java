package org.lenetlab.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.cpu.CpuBackend;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.train.Initialization;

/**
 * Comparing the cuda backend with the CPU backend: the same plan compiled on both in float32 (core's composed
 * networks, so per-layer activations and parameter tensors can be read) with the same initial weights
 * ({@link Initialization#initialize}), the same batches, and tensors compared by the largest difference relative to
 * the largest reference value.
 */
final class Agreement {
    private Agreement() {
    }

    /**
     * The CPU backend's network ({@link #cpu}) and the cuda backend's ({@link #gpu}) of one plan, compiled with the
     * same options and initialized from the same seed.
     */
    record Pair(ComposedNetwork cpu, ComposedNetwork gpu) implements AutoCloseable {
        /** Both networks. */
        List<ComposedNetwork> both() {
            return List.of(cpu, gpu);
        }

        @Override
        public void close() {
            cpu.close();
            gpu.close();
        }
    }

    private static CpuBackend cpu;

    /** The CPU backend, constructed once (when a GPU test first needs it). */
    static synchronized CpuBackend cpu() {
        if (cpu == null) {
            cpu = new CpuBackend();
        }
        return cpu;
    }

    /** {@code plan} compiled on the CPU backend and on {@code gpu} with {@code options}, weights from {@code seed}. */
    static Pair compile(CudaBackend gpu, ModelPlan plan, CompileOptions options, long seed) {
        return new Pair(compose(cpu().compile(plan, options), seed),
                compose(gpu.compile(plan, options), seed));
    }

    private static ComposedNetwork compose(CompiledNetwork net, long seed) {
        Initialization.initialize(net, seed);
        return (ComposedNetwork) net;
    }

    /** {@code count} images of uniform values in [−1, 1) of {@code plan}'s input shape. */
    static float[] images(ModelPlan plan, int count, Random random) {
        float[] v = new float[count * Math.toIntExact(plan.input().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** The same images in a network's store. */
    static ImageData store(CompiledNetwork net, float[] images) {
        return net.images(images, net.plan().input());
    }

    /** 0, 1, .., count − 1. */
    static int[] order(int count) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        return order;
    }

    /** {@code count} labels uniform in 0..9. */
    static int[] labels(int count, Random random) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(10);
        }
        return labels;
    }

    /** All values of {@code tensor}, read in one copy. */
    static float[] values(Tensor tensor) {
        float[] v = new float[Math.toIntExact(tensor.shape().size())];
        tensor.read(v, 0);
        return v;
    }

    /** Parameter {@code index} of {@code net}, read through the compiled network's interface. */
    static double[] parameter(CompiledNetwork net, int index) {
        double[] v = new double[Math.toIntExact(net.plan().parameters().get(index).shape().size())];
        net.readParameter(index, v);
        return v;
    }

    /** max |actual − expected| / max |expected| (the plain difference when {@code expected} is all zero). */
    static double relativeError(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "lengths");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs((double) actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs((double) expected[i]));
        }
        return Double.isNaN(diff) ? Double.POSITIVE_INFINITY : scale == 0 ? diff : diff / scale;
    }

    /** As {@link #relativeError(float[], float[])} for doubles. */
    static double relativeError(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "lengths");
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return Double.isNaN(diff) ? Double.POSITIVE_INFINITY : scale == 0 ? diff : diff / scale;
    }

    /** Asserts that {@code actual} agrees with {@code expected} within {@code tolerance} (relative, as above). */
    static void assertAgree(String what, Tensor expected, Tensor actual, double tolerance) {
        assertEquals(expected.shape(), actual.shape(), what + " shape");
        assertAgree(what, values(expected), values(actual), tolerance);
    }

    /** Asserts that {@code actual} agrees with {@code expected} within {@code tolerance}. */
    static void assertAgree(String what, float[] expected, float[] actual, double tolerance) {
        double error = relativeError(expected, actual);
        assertTrue(error < tolerance, what + ": relative error " + error + " ≥ " + tolerance);
    }

    /** Asserts that {@code actual} agrees with {@code expected} within {@code tolerance}. */
    static void assertAgree(String what, double[] expected, double[] actual, double tolerance) {
        double error = relativeError(expected, actual);
        assertTrue(error < tolerance, what + ": relative error " + error + " ≥ " + tolerance);
    }
}
