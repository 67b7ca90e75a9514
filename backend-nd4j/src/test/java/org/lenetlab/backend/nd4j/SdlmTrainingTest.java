package org.lenetlab.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.testing.SyntheticDigits;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Initialization;
import org.lenetlab.train.Preprocessor;
import org.lenetlab.train.Trainer;
import org.lenetlab.train.TrainingListener;
import org.lenetlab.train.TrainingRun;
import org.lenetlab.train.TrainingSettings;

/**
 * The shipped LeNet-5 (C3's connection table, trainable subsampling, scaled tanh, fixed prototypes, the MAP criterion)
 * trained on the nd4j backend in float32 with SDLM, one pattern at a time as the paper run trains it, on a few
 * hundred synthetic digits: every one of those layers and the curvature passes run as ND4J ops; it learns (the test
 * loss falls to a tenth, nine test digits in ten right), and a second run from the same seed repeats every loss
 * exactly.
 */
class SdlmTrainingTest {
    @Test
    void theShippedLeNet5LearnsWithSdlmOnNd4jOpsAndRepeatsItself() {
        ModelPlan plan = new SpecReader().readMnistModel(Path.of("../experiments/specs/models/lenet5-original.json"))
                .plan();
        Examples train = Preprocessor.apply(SyntheticDigits.examples(240, 1), plan.preprocessing(),
                Normalization.NONE);
        Examples test = Preprocessor.apply(SyntheticDigits.examples(100, 2), plan.preprocessing(), Normalization.NONE);
        TrainingSettings settings = new TrainingSettings(2, 1, OptimizerKind.SDLM, 0.0005, null, null, null, null,
                0, Normalization.NONE, 100, null, null, 0.5, 100, Precision.FLOAT32);
        TrainingRun[] runs = new TrainingRun[2];
        for (int r = 0; r < 2; r++) {
            try (CompiledNetwork network = Fixtures.ND4J.compile(plan,
                    CompileOptions.training(Precision.FLOAT32, settings.optimizerPlan()))) {
                Initialization.initialize(network, 0);
                int[] order = new int[100];
                for (int i = 0; i < 100; i++) {
                    order[i] = i;
                }
                double before = network.evaluate(network.images(test.images(), test.imageShape()), order, 0, 100,
                        test.labels(), new int[100]) / 100;
                runs[r] = new Trainer(settings, 0, TrainingListener.NONE, () -> false).run(network, train, test);
                double first = runs[r].epochs().get(0).trainLoss();
                double second = runs[r].epochs().get(1).trainLoss();
                double after = runs[r].epochs().get(1).testLoss();
                assertTrue(second < 0.5 * first, "training loss " + first + " then " + second);
                assertTrue(after < 0.1 * before, "test loss " + before + " before, " + after + " after");
                assertTrue(runs[r].epochs().get(1).testAccuracy() > 0.9, "test accuracy "
                        + runs[r].epochs().get(1).testAccuracy());
            }
        }
        for (int e = 0; e < 2; e++) {
            assertEquals(runs[0].epochs().get(e).trainLoss(), runs[1].epochs().get(e).trainLoss(), 0.0,
                    "the same seed, the same training loss of epoch " + (e + 1));
            assertEquals(runs[0].epochs().get(e).testLoss(), runs[1].epochs().get(e).testLoss(), 0.0,
                    "the same seed, the same test loss of epoch " + (e + 1));
        }
    }
}
