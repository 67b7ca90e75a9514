package org.lenetlab.backend.cpu;

import java.util.List;
import java.util.SplittableRandom;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.provenance.WeightsDigest;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Initialization;
import org.lenetlab.train.Preprocessor;
import org.lenetlab.train.Trainer;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingRun;
import org.lenetlab.train.TrainingSettings;

/**
 * Run in a child JVM by {@link ThreadCountIndependenceTest}: prints the float32 kernels' thread count, then trains
 * four small LeNet-like networks in float32 for a few steps on random images and prints, per network, the losses'
 * bits and the trained weights' digest. The backend
 * computes with as many threads as {@code OMP_NUM_THREADS} says: its float32 kernels' workers and ND4J's OpenMP.
 * The last network is the shipped LeNet-5 trained with SDLM, whose layers without a float32 kernel and whose
 * curvature passes run in float64 ({@link Widened}).
 */
public final class ThreadCountProbe {
    private ThreadCountProbe() {
    }

    /** Prints the thread count, then one line per network. */
    public static void main(String[] args) {
        CpuBackend backend = new CpuBackend();
        String threads = System.getenv("OMP_NUM_THREADS");
        if (threads != null) {
            // the float32 kernels' worker threads follow too (ND4J read OMP_NUM_THREADS itself at start)
            backend.useThreads(Integer.parseInt(threads));
        }
        System.out.println("threads " + backend.workers().threads());
        Examples train = random(512, 1);
        Examples test = random(256, 2);
        run("relu-maxpool-padded/adam", backend, train, test, OptimizerKind.ADAM,
                new ConvolutionSpec("c1", 6, 5, 1, 2, null, null), relu(), new MaxPoolingSpec(null, 2, 2),
                new ConvolutionSpec("c2", 16, 5, 1, 0, null, null), relu(), new MaxPoolingSpec(null, 2, 2),
                new FlattenSpec(null), new DenseSpec(null, 120, null, null), relu(), new DenseSpec(null, 84, null, null),
                relu(), new DenseSpec(null, 10, null, null));
        run("sigmoid-avgpool/sgd", backend, train, test, OptimizerKind.SGD,
                new ConvolutionSpec("c1", 6, 5, 1, 0, null, null),
                new ActivationSpec(null, ActivationFunction.SIGMOID), new AveragePoolingSpec(null, 2, 2),
                new ConvolutionSpec("c2", 16, 5, 1, 0, null, null),
                new ActivationSpec(null, ActivationFunction.SIGMOID), new AveragePoolingSpec(null, 2, 2),
                new FlattenSpec(null), new DenseSpec(null, 120, null, null), new DenseSpec(null, 10, null, null));
        run("conv3x3/adam", backend, train, test, OptimizerKind.ADAM,
                new ConvolutionSpec("c1", 6, 3, 1, 1, null, null), relu(), new MaxPoolingSpec(null, 2, 2),
                new ConvolutionSpec("c2", 16, 3, 1, 1, null, null), relu(), new MaxPoolingSpec(null, 2, 2),
                new FlattenSpec(null), new DenseSpec(null, 120, null, null), relu(), new DenseSpec(null, 10, null, null));
        ModelPlan lenet5 = Fixtures.shipped("lenet5-original");
        TrainingSettings sdlm = new TrainingSettings(1, 32, OptimizerKind.SDLM, 0.0005, null, null, null, null, 0.0,
                Normalization.NONE, 128, null, null, 0.5, 64, Precision.FLOAT32);
        train("lenet5-original/sdlm", backend, lenet5, sdlm,
                Preprocessor.apply(train, lenet5.preprocessing(), Normalization.NONE),
                Preprocessor.apply(test, lenet5.preprocessing(), Normalization.NONE));
    }

    private static LayerSpec relu() {
        return new ActivationSpec(null, ActivationFunction.RELU);
    }

    private static void run(String name, CpuBackend backend, Examples train, Examples test, OptimizerKind optimizer,
                            LayerSpec... layers) {
        ModelSpec spec = new ModelSpec(null, name, null, new InputSpec(1, 28, 28), null, List.of(layers), null);
        ModelPlan plan = ModelPlanner.plan(spec, 10);
        boolean adam = optimizer == OptimizerKind.ADAM;
        TrainingSettings settings = new TrainingSettings(2, 64, optimizer, adam ? 0.001 : 0.05,
                adam ? null : 0.9, adam ? 0.9 : null, adam ? 0.999 : null, adam ? 1e-8 : null, 0.0,
                new Normalization(0.0, 1.0), 128, null);
        train(name, backend, plan, settings, train, test);
    }

    private static void train(String name, CpuBackend backend, ModelPlan plan, TrainingSettings settings,
                              Examples train, Examples test) {
        try (CompiledNetwork network = backend.compile(plan,
                CompileOptions.training(settings.precision(), settings.optimizerPlan()))) {
            Initialization.initialize(network, 7);
            TrainingRun run = new Trainer(settings, 7, TrainingListener.NONE, () -> false).run(network, train, test);
            StringBuilder line = new StringBuilder(name);
            for (EpochResult e : run.epochs()) {
                line.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(e.trainLoss())))
                        .append('/').append(Long.toHexString(Double.doubleToRawLongBits(e.testLoss())));
            }
            line.append(" weights ").append(WeightsDigest.sha256(network));
            System.out.println(line);
        }
    }

    private static Examples random(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[count * 28 * 28];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble();
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(10);
        }
        return new Examples(images, labels, count, Shape.of(1, 28, 28));
    }
}
