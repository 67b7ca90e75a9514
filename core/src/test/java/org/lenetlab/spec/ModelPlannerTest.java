package org.lenetlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelSpec;

class ModelPlannerTest {
    private static ModelPlan plan(int kernel1, int padding1, List<LayerSpec> tail) {
        List<LayerSpec> layers = new java.util.ArrayList<>(List.of(
                new ConvolutionSpec("conv1", 6, kernel1, 1, padding1, null, null),
                new ActivationSpec(null, ActivationFunction.RELU),
                new MaxPoolingSpec("pool1", null, null),
                new ConvolutionSpec("conv2", 16, 5, null, null, 6, null),
                new ActivationSpec(null, ActivationFunction.RELU),
                new MaxPoolingSpec("pool2", null, null),
                new FlattenSpec(null)));
        layers.addAll(tail);
        return ModelPlanner.plan(new ModelSpec(null, "m", null, null, null, layers, null), 10);
    }

    private static final List<LayerSpec> HEAD = List.of(new DenseSpec("fc1", 120, null, null),
            new DenseSpec("fc2", 84, null, null), new DenseSpec("fc3", 10, null, null));

    @Test
    void parameterCountsOfTheTutorialVariants() {
        assertEquals(44_426, plan(5, 0, HEAD).trainableParameters());
        assertEquals(61_706, plan(5, 2, HEAD).trainableParameters());
        assertEquals(61_610, plan(3, 1, HEAD).trainableParameters());
    }

    @Test
    void shapesAndConnections() {
        ModelPlan p = plan(5, 2, HEAD);
        assertEquals(Shape.of(6, 28, 28), p.layers().get(0).output());
        assertEquals(Shape.of(16, 5, 5), p.layers().get(5).output());
        assertEquals(Shape.of(400), p.layers().get(6).output());
        // conv1: 6·28·28 outputs × (25 + 1); pool1: 6·14·14 outputs × 4
        assertEquals(6L * 28 * 28 * 26, p.layers().get(0).connections());
        assertEquals(6L * 14 * 14 * 4, p.layers().get(2).connections());
        assertEquals(120L * 401, p.layers().get(7).connections());
        assertEquals(400, p.layers().get(7).parameters().get(0).fanIn());
        assertEquals(Shape.of(400, 120), p.layers().get(7).parameters().get(0).shape());
        assertEquals(Shape.of(16, 6, 5, 5), p.layers().get(3).parameters().get(0).shape());
    }

    @Test
    void averagePoolingHasNoParameters() {
        ModelPlan p = ModelPlanner.plan(new ModelSpec(null, "m", null, null, null, List.of(
                new AveragePoolingSpec(null, 2, null), new FlattenSpec(null), new DenseSpec(null, 10, 196, null)), null), 10);
        assertEquals(1970, p.trainableParameters());
        assertEquals(Shape.of(1, 14, 14), p.layers().get(0).output());
    }
}
