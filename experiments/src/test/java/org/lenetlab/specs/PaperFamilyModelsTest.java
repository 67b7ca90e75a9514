package org.lenetlab.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.spec.SpecReader;

/**
 * The shipped LeNet-1 and LeNet-4 land on the counts their connection tables were designed for, which are within a
 * few percent of LeCun et al.'s "about 2,600 free parameters and 100,000 multiply-adds" (LeNet-1) and "about 17,000
 * free parameters and 260,000 connections" (LeNet-4); the tables have the documented structure.
 */
class PaperFamilyModelsTest {
    private static ModelPlan plan(String name) {
        return new SpecReader().readMnistModel(Path.of("specs/models/" + name + ".json")).plan();
    }

    private static ModelSummary.Layer layer(ModelSummary summary, String name) {
        return summary.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void leNet1HasItsDesignedCountsNearThePapers() {
        ModelPlan plan = plan("lenet1");
        ModelSummary summary = ModelSummary.of(plan);
        assertEquals(2_628, summary.trainable());
        assertEquals(101_742, summary.connections());
        assertEquals(100, summary.fixed(), "the one-hot ±1 prototypes of the RBF output");
        // C1: 4 maps of 24×24, each unit 25 weights and a bias; C3: 22 map connections of 25 weights, 12 biases
        assertEquals(104, layer(summary, "C1").trainable());
        assertEquals(24 * 24 * 4 * 26, layer(summary, "C1").connections());
        assertEquals(22 * 25 + 12, layer(summary, "C3").trainable());
        assertEquals(8 * 8 * (22 * 25 + 12), layer(summary, "C3").connections());
        assertEquals(192 * 10 + 10, layer(summary, "F-OUT").trainable());
        assertTrue(Math.abs(summary.trainable() - 2_600) <= 0.02 * 2_600, "about 2,600 parameters");
        assertTrue(Math.abs(summary.connections() - 100_000) <= 0.02 * 100_000, "about 100,000 multiply-adds");
        assertEquals(16, plan.preprocessing().resize());
        assertEquals(List.of(1, 28, 28), List.of(plan.input().dim(0), plan.input().dim(1), plan.input().dim(2)));
    }

    @Test
    void leNet4HasItsDesignedCountsNearThePapers() {
        ModelPlan plan = plan("lenet4");
        ModelSummary summary = ModelSummary.of(plan);
        assertEquals(17_122, summary.trainable());
        assertEquals(268_406, summary.connections());
        assertEquals(8 * 5, layer(summary, "S2").trainable(), "8 maps, one 2×2 kernel and a bias each");
        assertEquals(16 * (4 * 25 + 1), layer(summary, "C3").trainable());
        assertEquals(25 * 560 + 120, layer(summary, "F5").trainable());
        assertTrue(Math.abs(summary.trainable() - 17_000) <= 0.01 * 17_000, "about 17,000 parameters");
        assertTrue(Math.abs(summary.connections() - 260_000) <= 0.04 * 260_000, "about 260,000 connections");
    }

    @Test
    void leNet4TablesHaveTheirDocumentedStructure() {
        ModelPlan plan = plan("lenet4");
        ConvolutionPlan s2 = convolution(plan, "S2");
        ConvolutionPlan c3 = convolution(plan, "C3");
        for (int m = 0; m < 8; m++) {
            assertEquals(List.of(m / 2), inputs(s2, m), "S2 map " + m + " reads C1 map " + m / 2);
        }
        Set<List<Integer>> distinct = new HashSet<>();
        for (int m = 0; m < 16; m++) {
            List<Integer> in = inputs(c3, m);
            assertEquals(4, in.size());
            for (int pair = 0; pair < 4; pair++) {
                int p = pair;
                assertEquals(1, in.stream().filter(i -> i / 2 == p).count(), "C3 map " + m + ": one of pair " + p);
            }
            distinct.add(in);
        }
        assertEquals(16, distinct.size(), "the 16 ways of picking one map of each pair");
    }

    private static List<Integer> inputs(ConvolutionPlan c, int output) {
        List<Integer> in = new java.util.ArrayList<>();
        for (int k = 0; k < c.table().inputCount(output); k++) {
            in.add(c.table().input(output, k));
        }
        return in;
    }

    private static ConvolutionPlan convolution(ModelPlan plan, String name) {
        for (LayerPlan layer : plan.layers()) {
            if (layer instanceof ConvolutionPlan c && c.name().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no convolution " + name);
    }
}
