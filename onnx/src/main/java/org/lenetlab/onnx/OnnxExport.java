package org.lenetlab.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Preprocessing;
import org.lenetlab.spec.Normalization;

/**
 * A trained model as a standard ONNX model (IR version {@value #IR_VERSION}, default domain opset {@value #OPSET},
 * float32).
 *
 * <p>The graph has one input, {@value #INPUT}: float32 {@code [N, channels, height, width]}, grey levels in [0, 1]
 * with the digit light (1) on a dark background (0), as MNIST's bytes divided by 255 (what {@code lenet predict}
 * makes of an image file before the model's own steps). Everything after that is inside the graph: the training
 * normalisation {@code (x − mean) / std}, the model's preprocessing (padding with background pixels, the
 * background/foreground mapping), then the layers. It has two outputs: {@value #SCORES}, float32 {@code [N, classes]}
 * (softmax probabilities for a softmax model, else the network's outputs, as {@code lenet predict} prints them), and
 * {@value #LABEL}, int64 {@code [N]}, the predicted class (the largest score, or the smallest output for RBF-distance
 * models). The model's metadata ({@code metadata_props}) names the classes, the input convention, the normalisation,
 * the preprocessing, the kind of scores and where the model came from; see {@link #metadata}.
 */
public final class OnnxExport {
    /** The default-domain operator set the graph uses. */
    public static final int OPSET = 13;
    /** The ONNX IR version written (the one that goes with opset 13). */
    public static final long IR_VERSION = 7;
    /** The graph input's name. */
    public static final String INPUT = "image";
    /** The scores output's name. */
    public static final String SCORES = "scores";
    /** The predicted-class output's name. */
    public static final String LABEL = "label";
    /** Metadata key of the class names, a JSON array of strings in output order. */
    public static final String CLASS_NAMES = "lenet.classNames";

    private OnnxExport() {
    }

    /**
     * The ONNX model of {@code checkpoint}'s parameters in {@code plan}, the plan of its cell's model.
     *
     * @param checkpointSha256 the checkpoint file's digest, recorded in the metadata
     * @throws org.lenetlab.checkpoint.CheckpointException when a parameter of the plan is missing or has another
     *                                                     shape
     */
    public static ModelProto of(Checkpoint checkpoint, ModelPlan plan, String checkpointSha256) {
        checkpoint.checkFits(plan);
        Normalization norm = checkpoint.cell().settings().normalization();
        Preprocessing pre = plan.preprocessing();
        OnnxGraph graph = new OnnxGraph(plan.name());
        int channels = plan.input().dim(0);
        int height = plan.input().dim(1) - 2 * pre.padding();
        int width = plan.input().dim(2) - 2 * pre.padding();
        graph.input(INPUT, TensorProto.DataType.FLOAT, channels, height, width);

        String x = INPUT;
        if (pre.padding() > 0) {
            long p = pre.padding();
            // a raw background pixel is 0: padding first gives the padding the background's value after the steps below
            x = graph.node("Pad", "padded", List.of(x, graph.longs("pads", new long[] {8},
                    new long[] {0, 0, p, p, 0, 0, p, p})));
        }
        x = graph.node("Sub", "centred", List.of(x, graph.scalar("mean", (float) (double) norm.mean())));
        x = graph.node("Mul", "normalized", List.of(x, graph.scalar("inverse_std", (float) (1.0 / norm.std()))));
        if (!pre.isIdentity()) {
            x = graph.node("Mul", "scaled", List.of(x, graph.scalar("ink_range",
                    (float) (pre.foreground() - pre.background()))));
            x = graph.node("Add", "preprocessed", List.of(x, graph.scalar("background", (float) pre.background())));
        }
        LayerExport layers = new LayerExport(graph, checkpoint);
        for (LayerPlan layer : plan.layers()) {
            x = layers.export(layer, x);
        }
        int classes = Math.toIntExact(plan.output().size());
        boolean softmax = plan.loss() instanceof LossPlan.SoftmaxCrossEntropy;
        String scores = softmax ? graph.node("Softmax", SCORES, List.of(x), OnnxGraph.integer("axis", 1))
                : graph.node("Identity", SCORES, List.of(x));
        String label = graph.node(plan.loss().predictsSmallest() ? "ArgMin" : "ArgMax", LABEL, List.of(x),
                OnnxGraph.integer("axis", 1), OnnxGraph.integer("keepdims", 0));
        graph.output(scores, TensorProto.DataType.FLOAT, classes);
        graph.output(label, TensorProto.DataType.INT64);

        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("LeNet Lab").setProducerVersion(version()).setDomain("org.lenetlab")
                .setModelVersion(1).setDocString("LeNet Lab model " + plan.name() + ", cell "
                        + checkpoint.cell().id() + ", after " + checkpoint.metadata().epochsDone() + " epochs")
                .setGraph(graph.build());
        metadata(checkpoint, plan, checkpointSha256, classes, softmax).forEach((k, v) ->
                model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    /**
     * The metadata written: {@value #CLASS_NAMES} (JSON array), {@code lenet.input} (the input convention, in
     * words), {@code lenet.normalization} and {@code lenet.preprocessing} (JSON; both applied inside the graph),
     * {@code lenet.scores} (what {@value #SCORES} holds), {@code lenet.model}, {@code lenet.cell},
     * {@code lenet.epochs} and {@code lenet.checkpointSha256}.
     */
    static Map<String, String> metadata(Checkpoint checkpoint, ModelPlan plan, String checkpointSha256, int classes,
                                        boolean softmax) {
        Normalization norm = checkpoint.cell().settings().normalization();
        Preprocessing pre = plan.preprocessing();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CLASS_NAMES, IntStream.range(0, classes).mapToObj(i -> "\"" + i + "\"")
                .collect(Collectors.joining(",", "[", "]")));
        m.put("lenet.input", INPUT + ": float32 [N, " + plan.input().dim(0) + ", "
                + (plan.input().dim(1) - 2 * pre.padding()) + ", " + (plan.input().dim(2) - 2 * pre.padding())
                + "], grey levels in [0, 1], light digit (1) on a dark background (0) as in MNIST (bytes / 255); the "
                + "normalisation and the preprocessing are inside the graph");
        m.put("lenet.normalization", String.format(Locale.ROOT, "{\"mean\": %s, \"std\": %s}", norm.mean(),
                norm.std()));
        m.put("lenet.preprocessing", String.format(Locale.ROOT,
                "{\"padding\": %d, \"background\": %s, \"foreground\": %s}", pre.padding(), pre.background(),
                pre.foreground()));
        m.put("lenet.scores", softmax ? "softmax probabilities"
                : plan.loss().predictsSmallest() ? "network outputs (RBF distances: the smallest is the class)"
                : "network outputs (the largest is the class)");
        m.put("lenet.model", plan.name());
        m.put("lenet.cell", checkpoint.cell().id());
        m.put("lenet.epochs", Integer.toString(checkpoint.metadata().epochsDone()));
        if (checkpointSha256 != null) {
            m.put("lenet.checkpointSha256", checkpointSha256);
        }
        return m;
    }

    private static String version() {
        String v = org.lenetlab.provenance.ProjectVersion.current();
        return v == null ? "unknown" : v;
    }
}
