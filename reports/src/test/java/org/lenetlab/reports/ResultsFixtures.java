package org.lenetlab.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.lenetlab.data.Mnist;
import org.lenetlab.data.MnistTestData;
import org.lenetlab.metrics.ClassMetrics;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.Environment;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.results.ParameterCounts;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.results.Timings;
import org.lenetlab.spec.ModelPlanner;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.train.EpochResult;
import org.lenetlab.train.TrainingSettings;

/**
 * Results files for tests, made without training: LeNet-like models, fake but plausible and self-consistent numbers
 * (the confusion matrix, accuracy, per-class metrics and misclassified indices agree with the real MNIST test labels).
 * By default the files record their models' architectures, as runs write them today; {@link Builder#legacy()} leaves
 * them out, as files written before architectures were recorded. In the test-jar, for the command-line tests too.
 */
public final class ResultsFixtures {
    private static final ObjectMapper JSON = SpecReader.strictMapper();
    private static final int TEST_IMAGES = 10_000;

    private ResultsFixtures() {
    }

    /** A builder of a results file; by default 2 models × cpu and cuda × seeds 0 and 1, 3 epochs. */
    public static Builder builder() {
        return new Builder();
    }

    /** The real MNIST test images (shared; do not modify). */
    public static TestImages testImages() {
        Mnist mnist = MnistTestData.load();
        return new TestImages(mnist.test(), mnist.sha256());
    }

    /** Builds fixture results files. */
    public static final class Builder {
        private String experiment = "fixture";
        private List<String> models = List.of("lenet5-fixture-a", "lenet5-fixture-b");
        private List<String> backends = List.of("cpu", "cuda");
        private List<Long> seeds = List.of(0L, 1L);
        private List<Double> learningRates = List.of(0.001);
        private int epochs = 3;
        private boolean problems;
        private boolean finished = true;
        private boolean architectures = true;

        private Builder() {
        }

        /** The experiment's name. */
        public Builder experiment(String name) {
            experiment = name;
            return this;
        }

        /** The models' names. */
        public Builder models(String... names) {
            models = List.of(names);
            return this;
        }

        /** The backends. */
        public Builder backends(String... names) {
            backends = List.of(names);
            return this;
        }

        /** The seeds. */
        public Builder seeds(Long... values) {
            seeds = List.of(values);
            return this;
        }

        /** The learning rates (a swept setting). */
        public Builder learningRates(Double... values) {
            learningRates = List.of(values);
            return this;
        }

        /** Epochs per cell. */
        public Builder epochs(int n) {
            epochs = n;
            return this;
        }

        /** Adds a failed and a skipped cell. */
        public Builder withProblems() {
            problems = true;
            return this;
        }

        /** Leaves {@code finishedAt} unset, as in a run still going. */
        public Builder running() {
            finished = false;
            return this;
        }

        /** Leaves out the models' architectures ({@code models}), as in results files written before they existed. */
        public Builder legacy() {
            architectures = false;
            return this;
        }

        /** The results file. */
        public ResultsFile build() {
            int[] labels = MnistTestData.load().test().labels();
            List<JsonNode> modelNodes = new ArrayList<>();
            List<ModelPlan> plans = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                JsonNode node = modelJson(models.get(i), 6 + 2 * i);
                modelNodes.add(node);
                try {
                    plans.add(ModelPlanner.plan(JSON.treeToValue(node, ModelSpec.class), 10));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            List<CellResult> cells = new ArrayList<>();
            for (int m = 0; m < models.size(); m++) {
                for (double lr : learningRates) {
                    for (String backend : backends) {
                        for (long seed : seeds) {
                            cells.add(cell(m, plans.get(m), backend, seed, lr, labels));
                        }
                    }
                }
            }
            if (problems) {
                cells.add(new CellResult(id(models.get(0), backends.get(0), 99), models.get(0), backends.get(0), 99,
                        settings(learningRates.get(0)), CellStatus.FAILED, "training diverged: loss is NaN at epoch 2",
                        "fixture device", counts(plans.get(0)), List.of(), null, null, null, null, null, null, null));
                String last = backends.get(backends.size() - 1);
                cells.add(new CellResult(id(models.get(models.size() - 1), last, 98), models.get(models.size() - 1),
                        last, 98, settings(learningRates.get(0)), CellStatus.SKIPPED,
                        "backend " + last + " is unavailable: no device found", null, counts(plans.get(plans.size() - 1)),
                        List.of(), null, null,
                        null, null, null, null, null));
            }
            ObjectNode spec = JSON.createObjectNode();
            spec.put("experiment", experiment);
            spec.put("description", "A fixture made without training, for report tests.");
            ArrayNode modelArray = spec.putArray("models");
            modelNodes.forEach(modelArray::add);
            ObjectNode training = spec.putObject("training");
            training.putArray("epochs").add(epochs);
            training.putArray("batchSize").add(64);
            training.putArray("optimizer").add("adam");
            ArrayNode rates = training.putArray("learningRate");
            learningRates.forEach(rates::add);
            ArrayNode seedArray = spec.putArray("seeds");
            seeds.forEach(seedArray::add);
            ArrayNode backendArray = spec.putArray("backends");
            backends.forEach(backendArray::add);
            Map<String, String> data = new LinkedHashMap<>(MnistTestData.load().sha256());
            return new ResultsFile(experiment, "specs/" + experiment + ".json",
                    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", spec, "2026-01-02T03:04:05Z",
                    finished ? "2026-01-02T04:05:06Z" : null,
                    new Environment("Fixture JDK 17", "Linux test amd64", "Fixture CPU", 2), data, cells, null,
                    architectures ? plans.stream().map(ModelSummary::of).toList() : null);
        }

        /** Writes the results file into {@code dir} and returns {@code dir}. */
        public Path write(Path dir) {
            ResultsWriter.write(dir, build());
            return dir;
        }

        private CellResult cell(int m, ModelPlan plan, String backend, long seed, double lr, int[] labels) {
            Random random = new Random(31L * m + 17L * seed + 7L * backend.hashCode() + Double.hashCode(lr));
            boolean gpu = !"cpu".equals(backend);
            double target = 0.988 - 0.004 * m + (gpu ? 0.0004 : 0) + random.nextGaussian() * 0.0008
                    - (lr > 0.002 ? 0.003 : 0);
            int wrongCount = (int) Math.round((1 - target) * TEST_IMAGES);
            boolean[] wrong = new boolean[TEST_IMAGES];
            int chosen = 0;
            while (chosen < wrongCount) {
                int i = random.nextInt(TEST_IMAGES);
                if (!wrong[i]) {
                    wrong[i] = true;
                    chosen++;
                }
            }
            List<Integer> misclassified = new ArrayList<>(wrongCount);
            List<Integer> predictedAs = new ArrayList<>(wrongCount);
            int[][] confusion = new int[10][10];
            for (int i = 0; i < TEST_IMAGES; i++) {
                int predicted = labels[i];
                if (wrong[i]) {
                    predicted = (labels[i] + 1 + random.nextInt(9)) % 10;
                    misclassified.add(i);
                    predictedAs.add(predicted);
                }
                confusion[labels[i]][predicted]++;
            }
            double accuracy = 1 - (double) wrongCount / TEST_IMAGES;
            List<ClassMetrics> perClass = new ArrayList<>();
            for (int c = 0; c < 10; c++) {
                int row = 0;
                int column = 0;
                for (int k = 0; k < 10; k++) {
                    row += confusion[c][k];
                    column += confusion[k][c];
                }
                double precision = column == 0 ? 0 : (double) confusion[c][c] / column;
                double recall = row == 0 ? 0 : (double) confusion[c][c] / row;
                double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
                perClass.add(new ClassMetrics(c, precision, recall, f1, row));
            }
            double secondsPerEpoch = (gpu ? 1.4 : 11.5 + 1.5 * m) * (1 + random.nextGaussian() * 0.03);
            List<EpochResult> epochRecords = new ArrayList<>();
            for (int e = 1; e <= epochs; e++) {
                double progress = (double) e / epochs;
                double testAccuracy = e == epochs ? accuracy : accuracy - 0.03 * (1 - progress) - 0.002 * random.nextDouble();
                double trainLoss = 0.35 / e + 0.02 * random.nextDouble();
                epochRecords.add(new EpochResult(e, trainLoss, testAccuracy - 0.01, trainLoss * 0.8, testAccuracy,
                        secondsPerEpoch, 60_000 / secondsPerEpoch, null));
            }
            Timings timings = new Timings(secondsPerEpoch * epochs, 60_000 / secondsPerEpoch,
                    (gpu ? 240_000 : 36_000) * (1 + random.nextGaussian() * 0.03));
            double testSeconds = TEST_IMAGES / timings.inferenceImagesPerSecond();
            epochRecords.replaceAll(r -> new EpochResult(r.epoch(), r.trainLoss(), r.trainAccuracy(), r.testLoss(),
                    r.testAccuracy(), r.trainSeconds(), r.trainImagesPerSecond(), testSeconds));
            return new CellResult(id(plan.name(), backend, seed) + (learningRates.size() > 1 ? "/lr=" + lr : ""),
                    plan.name(), backend, seed, settings(lr), CellStatus.OK, null,
                    gpu ? "Fixture GPU 80 GB" : "Fixture CPU, 2 threads",
                    counts(plan), epochRecords, accuracy, confusionList(confusion), perClass, misclassified,
                    predictedAs, timings, null);
        }

        private static ParameterCounts counts(ModelPlan plan) {
            return new ParameterCounts(plan.trainableParameters(), plan.fixedParameters());
        }

        private TrainingSettings settings(double lr) {
            return new TrainingSettings(epochs, 64, OptimizerKind.ADAM, lr, null, 0.9, 0.999, 1e-8, 0.0,
                    new Normalization(0.1307, 0.3081), 1000, null);
        }

        private static List<List<Integer>> confusionList(int[][] confusion) {
            List<List<Integer>> rows = new ArrayList<>();
            for (int[] row : confusion) {
                rows.add(java.util.Arrays.stream(row).boxed().toList());
            }
            return rows;
        }

        private static String id(String model, String backend, long seed) {
            return model + "/" + backend + "/seed=" + seed;
        }
    }

    /** A LeNet-5 (ReLU, max pooling) spec named {@code name} whose first convolution has {@code filters} filters. */
    public static JsonNode modelJson(String name, int filters) {
        ObjectNode model = JSON.createObjectNode();
        model.put("name", name);
        model.put("description", "A LeNet-5 variant with " + filters + " filters in conv1, for report tests.");
        ObjectNode input = model.putObject("input");
        input.put("channels", 1).put("height", 28).put("width", 28);
        model.put("initializer", "pytorch-default");
        ArrayNode layers = model.putArray("layers");
        layers.addObject().put("type", "convolution").put("name", "conv1").put("filters", filters).put("kernel", 5)
                .put("stride", 1).put("padding", 0);
        layers.addObject().put("type", "activation").put("name", "relu1").put("function", "relu");
        layers.addObject().put("type", "max-pooling").put("name", "pool1").put("size", 2).put("stride", 2);
        layers.addObject().put("type", "convolution").put("name", "conv2").put("filters", 16).put("kernel", 5)
                .put("stride", 1).put("padding", 0);
        layers.addObject().put("type", "activation").put("name", "relu2").put("function", "relu");
        layers.addObject().put("type", "max-pooling").put("name", "pool2").put("size", 2).put("stride", 2);
        layers.addObject().put("type", "flatten").put("name", "flatten");
        layers.addObject().put("type", "dense").put("name", "fc1").put("units", 120);
        layers.addObject().put("type", "activation").put("name", "relu3").put("function", "relu");
        layers.addObject().put("type", "dense").put("name", "fc2").put("units", 84);
        layers.addObject().put("type", "activation").put("name", "relu4").put("function", "relu");
        layers.addObject().put("type", "dense").put("name", "fc3").put("units", 10);
        model.putObject("loss").put("type", "softmax-cross-entropy");
        return model;
    }
}
