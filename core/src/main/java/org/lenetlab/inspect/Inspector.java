package org.lenetlab.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.plan.ConnectionTable;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.Normalization;
import org.lenetlab.train.Examples;
import org.lenetlab.train.Preprocessor;

/**
 * Runs one image through a checkpoint's model on a backend and keeps every layer's output. Each layer's output is
 * the output of the model cut after that layer, compiled for inference on the backend with the checkpoint's
 * parameters: the backend's own kernels compute every map shown, nothing is recomputed here.
 */
public final class Inspector {
    private Inspector() {
    }

    /**
     * Inspects {@code image}, grey levels in [0, 1] with the digit light on dark (as MNIST and {@code lenet predict}
     * have them), of the model's input size before padding.
     *
     * @param plan the plan of the checkpoint's cell
     * @throws org.lenetlab.checkpoint.CheckpointException when a parameter of the plan is missing or has another
     *                                                     shape
     * @throws IllegalArgumentException                    when the image has another size
     */
    public static Inspection inspect(Backend backend, Checkpoint checkpoint, ModelPlan plan, float[] image) {
        checkpoint.checkFits(plan);
        int channels = plan.input().dim(0);
        int pad = plan.preprocessing().padding();
        int height = plan.input().dim(1) - 2 * pad;
        int width = plan.input().dim(2) - 2 * pad;
        if (image.length != height * width) {
            throw new IllegalArgumentException("an image of " + image.length + " pixels for a " + height + "×"
                    + width + " input");
        }
        Normalization norm = checkpoint.cell().settings().normalization();
        float mean = (float) (double) norm.mean();
        float scale = (float) (1.0 / norm.std());
        float[] normalised = new float[channels * image.length];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < image.length; p++) {
                normalised[c * image.length + p] = (image[p] - mean) * scale;
            }
        }
        Examples examples = Preprocessor.apply(new Examples(normalised, new int[1], 1,
                Shape.of(channels, height, width)), plan.preprocessing(), norm);
        Precision precision = checkpoint.cell().settings().precision();

        List<FeatureMaps> layers = new ArrayList<>();
        float[] last = null;
        for (int i = 0; i < plan.layers().size(); i++) {
            List<LayerPlan> prefix = plan.layers().subList(0, i + 1);
            ModelPlan cut = new ModelPlan(plan.name(), plan.input(), plan.preprocessing(), prefix, plan.loss());
            LayerPlan layer = prefix.get(i);
            try (CompiledNetwork network = backend.compile(cut, CompileOptions.inference(precision))) {
                int index = 0;
                for (LayerPlan l : prefix) {
                    for (ParameterPlan p : l.parameters()) {
                        network.writeParameter(index++, checkpoint.tensor(l.name() + "." + p.name()));
                    }
                }
                ImageData data = network.images(examples.images(), examples.imageShape());
                last = new float[Math.toIntExact(layer.output().size())];
                network.forward(data, new int[] {0}, 0, 1, last);
            }
            layers.add(new FeatureMaps(layer.name(), layer.type(), dims(layer.output()), last));
        }
        boolean softmax = plan.loss() instanceof LossPlan.SoftmaxCrossEntropy;
        float[] scores = last == null ? new float[0] : softmax ? softmax(last) : last.clone();
        int predicted = 0;
        for (int k = 1; k < scores.length; k++) {
            boolean better = plan.loss().predictsSmallest() ? scores[k] < scores[predicted]
                    : scores[k] > scores[predicted];
            if (better) {
                predicted = k;
            }
        }
        FeatureMaps input = new FeatureMaps("input", "input", dims(plan.input()), examples.images());
        return new Inspection(plan.name(), checkpoint.cell().id(), checkpoint.metadata().epochsDone(), input, layers,
                filters(plan, checkpoint), scores, softmax ? "softmax probabilities" : "network outputs", predicted);
    }

    /** The first convolution's kernels as {@code [outputs × inputs, k, k]}, or {@code null}. */
    private static FeatureMaps filters(ModelPlan plan, Checkpoint checkpoint) {
        for (LayerPlan layer : plan.layers()) {
            if (layer instanceof ConvolutionPlan conv) {
                ConnectionTable table = conv.table();
                int area = conv.kernelSize() * conv.kernelSize();
                double[] packed = checkpoint.tensor(conv.name() + "." + conv.weight().name());
                float[] dense = new float[table.outputs() * table.inputs() * area];
                for (int o = 0; o < table.outputs(); o++) {
                    for (int k = 0; k < table.inputCount(o); k++) {
                        int from = table.row(o, k) * area;
                        int to = (o * table.inputs() + table.input(o, k)) * area;
                        for (int j = 0; j < area; j++) {
                            dense[to + j] = (float) packed[from + j];
                        }
                    }
                }
                return new FeatureMaps(conv.name() + " filters", "filters",
                        List.of(table.outputs() * table.inputs(), conv.kernelSize(), conv.kernelSize()), dense);
            }
        }
        return null;
    }

    private static List<Integer> dims(Shape shape) {
        return Arrays.stream(shape.dims()).boxed().toList();
    }

    private static float[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }
}
