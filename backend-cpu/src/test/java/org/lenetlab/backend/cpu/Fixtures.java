package org.lenetlab.backend.cpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.KernelProvider;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.backend.nd4j.Nd4jBackend;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.SpecReader;

/** The shared backend, its engines and small builders for the tests. */
final class Fixtures {
    /** The backend as the plugin binds it (one instance: each one starts its own worker threads). */
    static final CpuBackend CPU = new CpuBackend();
    /** The backend with every float32 convolution's forward product in Java loops (for few taps). */
    static final CpuBackend JAVA_FORWARD = CPU.withBlasForward(false);
    /** The backend with every float32 convolution's forward product through OpenBLAS. */
    static final CpuBackend BLAS_FORWARD = CPU.withBlasForward(true);
    /** The float64 engine with exact losses: the one finite differences check. */
    static final KernelProvider EXACT = CPU.exactFloat64();
    /** The float64 engine as float64 cells run it. */
    static final KernelProvider FLOAT64 = CPU.engine(Precision.FLOAT64);
    /** The float32 engine as float32 cells run it. */
    static final KernelProvider FLOAT32 = CPU.engine(Precision.FLOAT32);

    /** The nd4j backend (ND4J's own ops), the independent reference the engines are checked against. */
    static final Nd4jBackend ND4J = new Nd4jBackend();

    /** The nd4j backend's kernels in {@code precision}: the reference of the agreement tests. */
    static KernelProvider reference(Precision precision) {
        return ND4J.kernels(precision);
    }

    /** The model specs shipped with LeNet Lab, which the agreement tests run whole. */
    static final List<String> SHIPPED_MODELS = List.of("lenet5-original", "lenet5-relu-maxpool",
            "lenet5-relu-maxpool-padded", "lenet5-conv3x3", "lenet5-sigmoid-avgpool", "lenet5-gaussian-rbf");

    private Fixtures() {
    }

    /** Plans a model of the given layers on a {@code channels × height × width} input, with the given loss. */
    static ModelPlan plan(LossSpec loss, int channels, int height, int width, LayerSpec... layers) {
        ModelSpec spec = new ModelSpec(null, "test", null, new InputSpec(channels, height, width), null,
                List.of(layers), loss);
        return ModelPlanner.plan(spec, 0);
    }

    /** Plans a model of the given layers on a {@code channels × height × width} input (softmax cross-entropy). */
    static ModelPlan plan(int channels, int height, int width, LayerSpec... layers) {
        return plan(null, channels, height, width, layers);
    }

    /**
     * The plan of the shipped model spec {@code experiments/specs/models/<name>.json}, found from the working
     * directory (the module's, under Maven) upwards.
     */
    static ModelPlan shipped(String name) {
        Path relative = Path.of("experiments", "specs", "models", name + ".json");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(relative);
            if (Files.isRegularFile(file)) {
                return new SpecReader().readMnistModel(file).plan();
            }
        }
        throw new IllegalStateException("no " + relative + " above " + Path.of("").toAbsolutePath());
    }

    /** {@code plan} composed from {@code engine} for training with {@code optimizer}. */
    static ComposedNetwork compose(ModelPlan plan, KernelProvider engine, OptimizerPlan optimizer) {
        return ComposedNetwork.compose(plan, CompileOptions.training(engine.precision(), optimizer), engine);
    }

    /** SGD without momentum or weight decay at learning rate 0: a training step that leaves the parameters. */
    static OptimizerPlan frozen() {
        return new OptimizerPlan.Sgd(0, 0, 0);
    }

    /** Fills {@code tensor} with uniform values in [-scale, scale). */
    static void fillUniform(Tensor tensor, Random random, double scale) {
        double[] values = new double[size(tensor)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (random.nextDouble() * 2 - 1) * scale;
        }
        tensor.write(values);
    }

    /**
     * Fills {@code tensor} with distinct values at least {@code 2/size} apart (a shuffled ramp in [-1, 1)), so that
     * max pooling and relu have no ties or zeros within a finite-difference step.
     */
    static void fillDistinct(Tensor tensor, Random random) {
        int n = size(tensor);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            // avoid exactly 0: shift the ramp by half a step
            values[i] = -1.0 + (order[i] + 0.5) * 2.0 / n;
        }
        tensor.write(values);
    }

    /** All values, widened to double. */
    static double[] values(Tensor tensor) {
        double[] out = new double[size(tensor)];
        tensor.read(out);
        return out;
    }

    /** Copies {@code values} into {@code tensor}, rounded to its precision. */
    static void setValues(Tensor tensor, double[] values) {
        tensor.write(values);
    }

    /** The number of elements of {@code tensor}. */
    static int size(Tensor tensor) {
        return Math.toIntExact(tensor.shape().size());
    }

    /** A float64 copy of {@code tensor}. */
    static Tensor copy(Tensor tensor) {
        Tensor c = EXACT.allocate(tensor.shape());
        c.write(values(tensor));
        return c;
    }

    /** Random images, values in [0, 1), for a model of the given input shape. */
    static float[] images(int count, Shape image, long seed) {
        Random random = new Random(seed);
        float[] out = new float[Math.toIntExact(count * image.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = random.nextFloat();
        }
        return out;
    }

    /** {@code 0, 1, ..., count - 1}. */
    static int[] identity(int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = i;
        }
        return out;
    }

    /** {@code count} labels below {@code classes}. */
    static int[] labels(int count, int classes, long seed) {
        Random random = new Random(seed);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = random.nextInt(classes);
        }
        return out;
    }
}
