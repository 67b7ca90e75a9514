package org.lenetlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ActivationPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.RbfPlan;
import org.lenetlab.plan.Shape;

/** The spec vocabulary of the original LeNet-5: reading, planning, counting and every validation message. */
class LeNet5SpecTest {
    @TempDir
    Path dir;

    /** LeNet-5 as LeCun et al. describe it, with the vocabulary under test. */
    static final String LENET5 = """
            {
              "name": "lenet5",
              "input": {"channels": 1, "height": 32, "width": 32},
              "preprocessing": {"padding": 2, "background": -0.1, "foreground": 1.175},
              "initializer": "lecun-fan-in",
              "layers": [
                {"type": "convolution", "name": "C1", "filters": 6, "kernel": 5},
                {"type": "activation", "name": "f1", "function": "scaled-tanh"},
                {"type": "subsampling", "name": "S2"},
                {"type": "activation", "name": "f2", "function": "scaled-tanh"},
                {"type": "convolution", "name": "C3", "filters": 16, "kernel": 5, "connections": [
                  [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [0, 4, 5], [0, 1, 5],
                  [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [0, 3, 4, 5], [0, 1, 4, 5], [0, 1, 2, 5],
                  [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5], [0, 1, 2, 3, 4, 5]]},
                {"type": "activation", "name": "f3", "function": "scaled-tanh"},
                {"type": "subsampling", "name": "S4", "size": 2},
                {"type": "activation", "name": "f4", "function": "scaled-tanh"},
                {"type": "convolution", "name": "C5", "filters": 120, "kernel": 5},
                {"type": "activation", "name": "f5", "function": "scaled-tanh"},
                {"type": "flatten", "name": "flat"},
                {"type": "dense", "name": "F6", "units": 84},
                {"type": "activation", "name": "f6", "function": "scaled-tanh"},
                {"type": "rbf", "name": "OUTPUT", "units": 10, "prototypes": "lenet5-digits-7x12"}
              ],
              "loss": {"type": "rbf-map", "j": 5}
            }
            """;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private ModelPlan plan(String text) throws IOException {
        return new SpecReader().readModel(write("m.json", text), 10).plan();
    }

    private SpecProblem onlyProblem(String text) throws IOException {
        Path file = write("m.json", text);
        SpecException e = assertThrows(SpecException.class, () -> new SpecReader().readModel(file, 10));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    private LayerPlan layer(ModelPlan plan, String name) {
        return plan.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void thePapersParameterAndConnectionCounts() throws IOException {
        ModelPlan plan = plan(LENET5);
        long[][] expected = {
            {156, 0, 122_304}, {12, 0, 5_880}, {1_516, 0, 151_600}, {32, 0, 2_000}, {48_120, 0, 48_120},
            {10_164, 0, 10_164}, {0, 840, 840}};
        String[] names = {"C1", "S2", "C3", "S4", "C5", "F6", "OUTPUT"};
        for (int i = 0; i < names.length; i++) {
            LayerPlan l = layer(plan, names[i]);
            assertEquals(expected[i][0], l.trainableParameters(), names[i] + " trainable");
            assertEquals(expected[i][1], l.fixedParameters(), names[i] + " fixed");
            assertEquals(expected[i][2], l.connections(), names[i] + " connections");
        }
        assertEquals(60_000, plan.trainableParameters());
        assertEquals(840, plan.fixedParameters());
        assertEquals(340_908, plan.connections());
        assertEquals(Shape.of(16, 10, 10), layer(plan, "C3").output());
        assertEquals(Shape.of(120, 1, 1), layer(plan, "C5").output());
        assertEquals(Shape.of(10), plan.output());
    }

    @Test
    void theConnectionTablePacksOneKernelPerPairWithItsOwnFanIn() throws IOException {
        LayerPlan c3 = layer(plan(LENET5), "C3");
        ParameterPlan weight = c3.parameters().get(0);
        ParameterPlan bias = c3.parameters().get(1);
        assertEquals(Shape.of(60, 5, 5), weight.shape());
        assertEquals(150, weight.fanIn(), "the largest fan-in");
        assertEquals(75, weight.fanInOf(0));
        assertEquals(75, weight.fanInOf(3 * 25 - 1));
        assertEquals(100, weight.fanInOf(18 * 25), "row 18 is the first of output 6, which reads 4 maps");
        assertEquals(150, weight.fanInOf(59 * 25));
        assertEquals(75, bias.fanInOf(0));
        assertEquals(100, bias.fanInOf(6));
        assertEquals(150, bias.fanInOf(15));
    }

    @Test
    void subsamplingAndRbfParameters() throws IOException {
        ModelPlan plan = plan(LENET5);
        LayerPlan s2 = layer(plan, "S2");
        assertEquals(List.of("coefficient", "bias"), s2.parameters().stream().map(ParameterPlan::name).toList());
        assertEquals(4, s2.parameters().get(0).fanIn());
        LayerPlan output = layer(plan, "OUTPUT");
        ParameterPlan prototypes = output.parameters().get(0);
        assertEquals(Shape.of(10, 84), prototypes.shape());
        assertEquals(false, prototypes.trainable());
        float[] values = prototypes.initialValues().values();
        assertEquals(840, values.length);
        for (float v : values) {
            assertTrue(v == 1f || v == -1f);
        }
    }

    @Test
    void scaledTanhDefaultsAndOnlyForItsFunction() throws IOException {
        ActivationPlan f1 = (ActivationPlan) layer(plan(LENET5), "f1");
        assertEquals(1.7159, f1.amplitude());
        assertEquals(2.0 / 3.0, f1.slope());
        ActivationSpec relu = new ActivationSpec(null, ActivationFunction.RELU);
        assertNull(relu.amplitude());
        assertNull(relu.slope());
        SpecProblem p = onlyProblem(LENET5.replace("\"name\": \"f3\", \"function\": \"scaled-tanh\"",
                "\"name\": \"f3\", \"function\": \"tanh\", \"amplitude\": 2"));
        assertEquals("$.layers[5].amplitude", p.path().toString());
        assertEquals("only the scaled-tanh function takes an amplitude; tanh has none", p.message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // what is replaced | by what | the problem's path | the start of its message
        "\"function\": \"scaled-tanh\"}|\"function\": \"relu\", \"slope\": 1}|$.layers[1].slope|only the scaled-tanh function takes a slope",
        "\"name\": \"f1\", \"function\": \"scaled-tanh\"|\"name\": \"f1\", \"function\": \"scaled-tanh\", \"amplitude\": 0|$.layers[1].amplitude|must be a positive number, got 0.0",
        "[0, 1, 2], [1, 2, 3],|[0, 1, 2],|$.layers[4].connections|layer C3 has 16 filters, so its connection table needs 16 entries",
        "[3, 4, 5], [0, 4, 5]|[3, 4, 6], [0, 4, 5]|$.layers[4].connections[3][2]|input channel 6 does not exist: f2 gives 6 channels, numbered 0 to 5",
        "[3, 4, 5], [0, 4, 5]|[3, 4, 3], [0, 4, 5]|$.layers[4].connections[3][2]|input channel 3 is listed twice for output channel 3",
        "[3, 4, 5], [0, 4, 5]|[], [0, 4, 5]|$.layers[4].connections[3]|output channel 3 must read at least one input channel",
        "\"prototypes\": \"lenet5-digits-7x12\"|\"prototypes\": \"letters\"|$.layers[13].prototypes|unknown prototype set 'letters'; known: lenet5-digits-7x12",
        "\"prototypes\": \"lenet5-digits-7x12\"|\"kernel\": \"euclidean\"|$.layers[13].trainable|fixed centres need starting values",
        "\"prototypes\": \"lenet5-digits-7x12\"|\"prototypes\": \"lenet5-digits-7x12\", \"sigma\": 2|$.layers[13].sigma|only the gaussian kernel takes a sigma",
        "\"units\": 84|\"units\": 80|$.layers[13].prototypes|prototype set lenet5-digits-7x12 holds 10 prototypes of 84 values, but layer OUTPUT has 10 units on 80 inputs",
        "{\"type\": \"rbf-map\", \"j\": 5}|{\"type\": \"rbf-map\", \"j\": -1}|$.loss.j|must be a positive number, got -1.0",
        "{\"type\": \"rbf-map\", \"j\": 5}|{\"type\": \"rbf-cross-entropy\"}|$.loss.type|loss rbf-cross-entropy needs the model to end with an rbf layer with the gaussian kernel, but the last layer, OUTPUT, is an rbf layer with the euclidean kernel",
        "\"prototypes\": \"lenet5-digits-7x12\"|\"prototypes\": \"lenet5-digits-7x12\", \"trainable\": true|$.loss.j|unused",
        "\"padding\": 2,|\"padding\": -2,|$.preprocessing.padding|must not be negative, got -2",
    })
    void badValuesNameTheirPath(String from, String to, String path, String message) throws IOException {
        String text = LENET5.replace(from, to);
        assertTrue(!text.equals(LENET5), "the replacement must apply: " + from);
        if (message.equals("unused")) {
            // trainable prototypes are fine with the MAP criterion, but not with equation 8
            plan(text);
            SpecProblem p = onlyProblem(text.replace("{\"type\": \"rbf-map\", \"j\": 5}", "{\"type\": \"rbf-distance\"}"));
            assertEquals("$.loss.type", p.path().toString());
            assertTrue(p.message().startsWith("loss rbf-distance needs fixed prototypes"), p.message());
            return;
        }
        SpecProblem p = onlyProblem(text);
        assertEquals(path, p.path().toString(), p.toString());
        assertTrue(p.message().startsWith(message), p.message());
        assertTrue(p.line() > 0, "located: " + p);
    }

    @Test
    void rbfLossesNeedAnRbfLayer() throws IOException {
        String text = """
                {"name": "m", "layers": [{"type": "flatten"}, {"type": "dense", "units": 10}],
                 "loss": {"type": "rbf-distance"}}
                """;
        SpecProblem p = onlyProblem(text);
        assertEquals("$.loss.type", p.path().toString());
        assertEquals("loss rbf-distance needs the model to end with an rbf layer with the euclidean kernel, but the last"
                + " layer, dense2, is a dense layer", p.message());
    }

    @Test
    void gaussianRbfWithTrainableCentres() throws IOException {
        ModelPlan plan = plan("""
                {"name": "g", "initializer": "xavier-uniform", "layers": [
                  {"type": "flatten"}, {"type": "dense", "units": 84},
                  {"type": "rbf", "units": 10, "kernel": "gaussian", "trainable": true}],
                 "loss": {"type": "rbf-cross-entropy"}}
                """);
        RbfPlan rbf = (RbfPlan) plan.layers().get(2);
        assertEquals(1.0, rbf.sigma());
        assertEquals(840, plan.layers().get(2).trainableParameters());
        assertNull(plan.layers().get(2).parameters().get(0).initialValues());
        assertEquals(true, new LossPlan.RbfMap(10).predictsSmallest());
        assertEquals(10.0, new RbfMapSpec(null).j());
    }

    private Path experiment(String model, String training) throws IOException {
        write("model.json", model);
        return write("e.json", """
                {"experiment": "e", "models": ["model.json"], "training": %s}
                """.formatted(training));
    }

    private static final String SDLM = """
            {"epochs": 20, "batchSize": 1, "optimizer": "sdlm", "learningRateSchedule": [
              {"fromEpoch": 1, "learningRate": 0.0005}, {"fromEpoch": 3, "learningRate": 0.0002}]}
            """;

    @Test
    void theInputCheckUnderstandsThePadding() throws IOException {
        LoadedExperiment e = new SpecReader().readExperiment(experiment(LENET5, SDLM), null);
        assertEquals(32, e.models().get(0).plan().input().dim(1));
        SpecException wrong = assertThrows(SpecException.class, () -> new SpecReader().readExperiment(
                experiment(LENET5.replace("\"padding\": 2", "\"padding\": 1"), SDLM), null));
        assertTrue(wrong.getMessage().contains("$.input: mnist images are 1×28×28, 1×30×30 after the preprocessing's"
                + " padding of 1, but the model's input is 1×32×32"), wrong.getMessage());
    }

    @Test
    void learningRateSchedulesAreChecked() throws IOException {
        assertEquals(List.of(0.0005, 0.0002), new SpecReader().readExperiment(experiment(LENET5, SDLM), null).spec()
                .training().learningRateSchedule().stream().map(LearningRateStep::learningRate).toList());
        assertScheduleProblem(SDLM.replace("\"optimizer\": \"sdlm\",", "\"optimizer\": \"sdlm\", \"learningRate\": 0.1,"),
                "$.training.learningRateSchedule: give either 'learningRate' or 'learningRateSchedule', not both");
        assertScheduleProblem(SDLM.replace("{\"fromEpoch\": 1,", "{\"fromEpoch\": 2,"),
                "$.training.learningRateSchedule[0].fromEpoch: the first step must start at epoch 1, got 2");
        assertScheduleProblem(SDLM.replace("{\"fromEpoch\": 3,", "{\"fromEpoch\": 1,"),
                "$.training.learningRateSchedule[1].fromEpoch: steps must start at increasing epochs, but 1 follows 1");
        assertScheduleProblem(SDLM.replace("\"learningRate\": 0.0002", "\"learningRate\": 0"),
                "$.training.learningRateSchedule[1].learningRate: must be a positive number, got 0.0");
        assertScheduleProblem(SDLM.replace("\"learningRateSchedule\": [", "\"mu\": -1, \"learningRateSchedule\": ["),
                "$.training.mu: must be a non-negative number, got -1.0");
        assertScheduleProblem(SDLM.replace("\"learningRateSchedule\": [", "\"hessianSamples\": 0, \"learningRateSchedule\": ["),
                "$.training.hessianSamples: must be between 1 and 60000, got 0");
        assertScheduleProblem("{\"epochs\": 1, \"batchSize\": 1, \"optimizer\": \"sdlm\"}",
                "$.training: missing required field 'learningRate' (the step size, or a 'learningRateSchedule')");
    }

    private void assertScheduleProblem(String training, String expected) throws IOException {
        Path file = experiment(LENET5, training);
        SpecException e = assertThrows(SpecException.class, () -> new SpecReader().readExperiment(file, null));
        assertTrue(e.problems().stream().anyMatch(p -> p.toString().endsWith(expected)), e.getMessage());
    }
}
