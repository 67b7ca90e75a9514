package org.lenetlab.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointException;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Preprocessing;
import org.lenetlab.plan.Shape;
import org.lenetlab.run.Cell;
import org.lenetlab.run.CellSpec;
import org.lenetlab.spec.Normalization;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Preprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lenet predict MODEL_FILE IMAGE...}: classifies images with a model saved in a checkpoint. */
@Command(name = "predict", description = "Classify images (PNG, JPEG, BMP, GIF) with a model saved in a checkpoint file; of a multi-frame"
        + " image (an animated GIF) the first frame is used.")
final class PredictCommand implements Callable<Integer> {
    private static final int BATCH = 256;

    @Parameters(index = "0", paramLabel = "MODEL_FILE", description = "A checkpoint, e.g. runs/x/checkpoints/<cell>.ckpt.")
    Path modelFile;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Images to classify.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--backend", paramLabel = "NAME", description = "Run on this backend (default: the checkpoint's).")
    String backendName;

    @Option(names = "--json", description = "Print JSON instead of one line per image.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.read(modelFile);
        } catch (CheckpointException e) {
            throw new UsageException(e.getMessage());
        }
        CellSpec cell = checkpoint.cell();
        ModelPlan plan;
        try {
            plan = Cell.of(cell).plan();
        } catch (RuntimeException e) {
            throw new UsageException(modelFile + ": the saved model cannot be planned: " + e.getMessage());
        }
        try {
            // before anything is allocated for the model: its parameters are the checkpoint's, whose size was checked
            checkpoint.checkFits(plan);
        } catch (CheckpointException e) {
            throw new UsageException(modelFile + ": " + e.getMessage());
        }
        // images are resized to the model's input before its preprocessing's padding, then normalised and
        // preprocessed as training data is
        Preprocessing pre = plan.preprocessing();
        Shape input = plan.input();
        int channels = input.dim(0);
        int height = input.dim(1) - 2 * pre.padding();
        int width = input.dim(2) - 2 * pre.padding();
        List<DigitImage> prepared = new ArrayList<>();
        for (Path image : images) {
            prepared.add(DigitImage.read(image, height, width));
        }

        int outputs = Math.toIntExact(plan.output().size());
        boolean softmax = plan.loss() instanceof LossPlan.SoftmaxCrossEntropy;
        Normalization norm = cell.settings().normalization();
        float mean = (float) (double) norm.mean();
        float scale = (float) (1.0 / norm.std());
        int perImage = channels * height * width;
        int[] predictions = new int[images.size()];
        float[][] scores = new float[images.size()][];
        try (CompiledNetwork network = network(checkpoint, plan, cell.settings().precision())) {
            for (int from = 0; from < images.size(); from += BATCH) {
                int n = Math.min(BATCH, images.size() - from);
                float[] batch = new float[n * perImage];
                for (int i = 0; i < n; i++) {
                    float[] grey = prepared.get(from + i).pixels();
                    for (int c = 0; c < channels; c++) {
                        for (int p = 0; p < grey.length; p++) {
                            batch[i * perImage + c * grey.length + p] = (grey[p] - mean) * scale;
                        }
                    }
                }
                Examples examples = Preprocessor.apply(new Examples(batch, new int[n], n,
                        Shape.of(channels, height, width)), pre, norm);
                ImageData data = network.images(examples.images(), examples.imageShape());
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                float[] out = new float[n * outputs];
                network.forward(data, order, 0, n, out);
                int[] predicted = new int[n];
                network.evaluate(data, order, 0, n, new int[n], predicted);
                for (int i = 0; i < n; i++) {
                    float[] row = Arrays.copyOfRange(out, i * outputs, (i + 1) * outputs);
                    scores[from + i] = softmax ? softmax(row) : row;
                    predictions[from + i] = predicted[i];
                }
            }
        }

        List<String> names = cell.dataset().classNames();
        boolean named = names.size() == outputs && !names.equals(numbers(outputs));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("image", images.get(i).toString());
                row.put("prediction", predictions[i]);
                if (named) {
                    row.put("class", names.get(predictions[i]));
                }
                row.put("score", scores[i][predictions[i]]);
                row.put("scores", scores[i]);
                row.put("resized", prepared.get(i).resized());
                row.put("inverted", prepared.get(i).inverted());
                if (prepared.get(i).frames() > 1) {
                    row.put("frame", 1);
                    row.put("frames", prepared.get(i).frames());
                }
                rows.add(row);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("model", modelFile.toString());
            root.put("cell", cell.id());
            root.put("epochs", checkpoint.metadata().epochsDone());
            root.put("dataset", cell.dataset().name());
            if (named) {
                root.put("classes", names);
            }
            root.put("scoreKind", softmax ? "softmax probabilities" : "network outputs");
            root.put("predictions", rows);
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(root));
        } else {
            for (int i = 0; i < images.size(); i++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %d%s (%s=%.2f)  [", images.get(i),
                        predictions[i], named ? " " + names.get(predictions[i]) : "", softmax ? "p" : "score",
                        scores[i][predictions[i]]));
                for (int k = 0; k < scores[i].length; k++) {
                    line.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%d:%.2f", k, scores[i][k]));
                }
                line.append(']');
                if (prepared.get(i).frames() > 1) {
                    line.append(String.format(Locale.ROOT, "  (frame 1 of %d)", prepared.get(i).frames()));
                }
                out.println(line);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The saved model compiled for inference in the cell's precision, on its backend or {@code --backend}. */
    private CompiledNetwork network(Checkpoint checkpoint, ModelPlan plan, Precision precision) {
        String name = backendName != null ? backendName : checkpoint.metadata().backend();
        BackendRegistry registry = BackendRegistry.discover();
        Backend backend;
        try {
            backend = registry.get(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (BackendUnavailableException e) {
            throw new UsageException("backend " + name + " cannot run here: " + e.getMessage());
        }
        CompiledNetwork network;
        try {
            network = backend.compile(plan, CompileOptions.inference(precision));
        } catch (UnsupportedOperationException e) {
            throw new UsageException("backend " + name + " cannot run this model: " + e.getMessage());
        }
        try {
            checkpoint.loadInto(network);
        } catch (CheckpointException e) {
            network.close();
            throw new UsageException(modelFile + ": " + e.getMessage());
        }
        return network;
    }

    private static List<String> numbers(int count) {
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(Integer.toString(i));
        }
        return list;
    }

    /** Softmax of a row of outputs, computed stably in double. */
    static float[] softmax(float[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            e[i] = Math.exp(row[i] - max);
            sum += e[i];
        }
        float[] out = new float[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }
}
