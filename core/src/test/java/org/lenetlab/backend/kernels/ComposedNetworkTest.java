package org.lenetlab.backend.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.testing.FakeBackend;

/** What core's composition checks for every backend that composes per-layer kernels. */
class ComposedNetworkTest {
    private static final ModelPlan PLAN = ModelPlanner.plan(new ModelSpec(null, "m", null, new InputSpec(1, 2, 2),
            null, List.of(new FlattenSpec(null), new DenseSpec(null, 3, null, null)), null), 0);
    private static final OptimizerPlan.Adam ADAM = new OptimizerPlan.Adam(0.01, 0.9, 0.999, 1e-8, 0);

    @Test
    void optimizerStateMustFollowTheDocumentedLayout() {
        try (CompiledNetwork network = new FakeBackend("f").compile(PLAN,
                CompileOptions.training(Precision.FLOAT32, ADAM))) {
            List<double[]> state = network.optimizerState();
            assertEquals(List.of(12, 3, 12, 3), state.stream().map(a -> a.length).toList(),
                    "first moments of weight and bias, then second moments");
            network.restoreOptimizerState(state);
            assertEquals("the adam optimizer keeps 4 state arrays for 2 trainable parameters, got 2",
                    assertThrows(IllegalArgumentException.class,
                            () -> network.restoreOptimizerState(state.subList(0, 2))).getMessage());
            List<double[]> wrong = List.of(state.get(0), state.get(1), state.get(2), new double[4]);
            assertEquals("optimizer state array 3 has 4 values, but trainable parameter bias has 3",
                    assertThrows(IllegalArgumentException.class, () -> network.restoreOptimizerState(wrong))
                            .getMessage());
        }
    }

    @Test
    void anInferenceNetworkRefusesToTrainAndImagesMustFit() {
        try (CompiledNetwork network = new FakeBackend("f").compile(PLAN, CompileOptions.inference(Precision.FLOAT64))) {
            ImageData images = network.images(new float[8], Shape.of(1, 2, 2));
            int[] order = {0, 1};
            assertEquals("network m was compiled for inference only", assertThrows(IllegalStateException.class,
                    () -> network.trainStep(images, order, 0, 2, new int[2], 1, 0, new int[2])).getMessage());
            float[] outputs = new float[6];
            network.forward(images, order, 0, 2, outputs);
            assertEquals("model m takes 1×2×2 inputs but the images are 1×4×1", assertThrows(
                    IllegalArgumentException.class, () -> network.images(new float[8], Shape.of(1, 4, 1)))
                    .getMessage());
        }
    }
}
