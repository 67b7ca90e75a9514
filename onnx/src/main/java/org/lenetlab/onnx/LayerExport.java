package org.lenetlab.onnx;

import java.util.List;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.plan.ActivationPlan;
import org.lenetlab.plan.ConnectionTable;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.DensePlan;
import org.lenetlab.plan.DropoutPlan;
import org.lenetlab.plan.FlattenPlan;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.PoolingKind;
import org.lenetlab.plan.PoolingPlan;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.RbfPlan;
import org.lenetlab.plan.SubsamplingPlan;

/**
 * Each layer kind as standard ONNX operators (inference: dropout is the identity).
 * <ul>
 *   <li>convolution: {@code Conv}; a connection table (LeNet-5's C3) is a masked convolution, the weights of the
 *       pairs the table leaves out being zero;</li>
 *   <li>max and average pooling: {@code MaxPool}, {@code AveragePool};</li>
 *   <li>activations: {@code Relu}, {@code Sigmoid}, {@code Tanh}; the scaled tanh A·tanh(S·x) is
 *       {@code Mul}, {@code Tanh}, {@code Mul};</li>
 *   <li>trainable subsampling (coefficient × window sum + bias, per channel): a depthwise {@code Conv} (group =
 *       channels) whose kernel is the channel's coefficient everywhere, with the bias;</li>
 *   <li>flatten: {@code Flatten}; dense: {@code Gemm} with the {@code [in, out]} weights;</li>
 *   <li>RBF units: {@code Unsqueeze}, {@code Sub} of the centres, {@code Mul}, {@code ReduceSum} (the squared
 *       distance), then for the gaussian function {@code Mul} by −1/2σ² and {@code Exp}.</li>
 * </ul>
 */
final class LayerExport implements LayerPlan.Visitor<String> {
    private final OnnxGraph graph;
    private final Checkpoint checkpoint;
    private String input;

    LayerExport(OnnxGraph graph, Checkpoint checkpoint) {
        this.graph = graph;
        this.checkpoint = checkpoint;
    }

    /** Adds {@code layer}'s nodes on the value {@code input}; returns the name of its output. */
    String export(LayerPlan layer, String input) {
        this.input = input;
        return layer.accept(this);
    }

    private float[] values(LayerPlan layer, ParameterPlan p) {
        double[] v = checkpoint.tensor(layer.name() + "." + p.name());
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    @Override
    public String convolution(ConvolutionPlan layer) {
        ConnectionTable table = layer.table();
        int k = layer.kernelSize();
        int area = k * k;
        float[] packed = values(layer, layer.weight());
        float[] dense = new float[table.outputs() * table.inputs() * area];
        for (int o = 0; o < table.outputs(); o++) {
            for (int j = 0; j < table.inputCount(o); j++) {
                System.arraycopy(packed, table.row(o, j) * area, dense,
                        (o * table.inputs() + table.input(o, j)) * area, area);
            }
        }
        String w = graph.floats(layer.name() + ".weight", new long[] {table.outputs(), table.inputs(), k, k}, dense);
        String b = graph.floats(layer.name() + ".bias", new long[] {table.outputs()}, values(layer, layer.bias()));
        long p = layer.padding();
        return graph.node("Conv", layer.name(), List.of(input, w, b), OnnxGraph.ints("kernel_shape", k, k),
                OnnxGraph.ints("strides", layer.stride(), layer.stride()), OnnxGraph.ints("pads", p, p, p, p));
    }

    @Override
    public String pooling(PoolingPlan layer) {
        return graph.node(layer.kind() == PoolingKind.MAX ? "MaxPool" : "AveragePool", layer.name(), List.of(input),
                OnnxGraph.ints("kernel_shape", layer.size(), layer.size()),
                OnnxGraph.ints("strides", layer.stride(), layer.stride()));
    }

    @Override
    public String activation(ActivationPlan layer) {
        return switch (layer.function()) {
            case RELU -> graph.node("Relu", layer.name(), List.of(input));
            case SIGMOID -> graph.node("Sigmoid", layer.name(), List.of(input));
            case TANH -> graph.node("Tanh", layer.name(), List.of(input));
            case SCALED_TANH -> {
                String s = graph.node("Mul", layer.name() + "_sx", List.of(input,
                        graph.scalar(layer.name() + ".slope", (float) layer.slope())));
                String t = graph.node("Tanh", layer.name() + "_tanh", List.of(s));
                yield graph.node("Mul", layer.name(), List.of(t,
                        graph.scalar(layer.name() + ".amplitude", (float) layer.amplitude())));
            }
        };
    }

    @Override
    public String subsampling(SubsamplingPlan layer) {
        int channels = layer.input().dim(0);
        int size = layer.size();
        float[] coefficients = values(layer, layer.coefficient());
        float[] kernel = new float[channels * size * size];
        for (int c = 0; c < channels; c++) {
            java.util.Arrays.fill(kernel, c * size * size, (c + 1) * size * size, coefficients[c]);
        }
        String w = graph.floats(layer.name() + ".window", new long[] {channels, 1, size, size}, kernel);
        String b = graph.floats(layer.name() + ".bias", new long[] {channels}, values(layer, layer.bias()));
        return graph.node("Conv", layer.name(), List.of(input, w, b), OnnxGraph.integer("group", channels),
                OnnxGraph.ints("kernel_shape", size, size), OnnxGraph.ints("strides", layer.stride(), layer.stride()));
    }

    @Override
    public String rbf(RbfPlan layer) {
        int units = layer.units();
        int inputs = layer.input().dim(0);
        String centres = graph.floats(layer.name() + ".prototypes", new long[] {units, inputs},
                values(layer, layer.centres()));
        String rows = graph.node("Unsqueeze", layer.name() + "_rows", List.of(input,
                graph.longs(layer.name() + ".axis1", new long[] {1}, new long[] {1})));
        String diff = graph.node("Sub", layer.name() + "_diff", List.of(rows, centres));
        String square = graph.node("Mul", layer.name() + "_square", List.of(diff, diff));
        String name = layer.function() == RbfFunction.EUCLIDEAN ? layer.name() : layer.name() + "_distance";
        String distance = graph.node("ReduceSum", name, List.of(square,
                graph.longs(layer.name() + ".axis2", new long[] {1}, new long[] {2})), OnnxGraph.integer("keepdims", 0));
        if (layer.function() == RbfFunction.EUCLIDEAN) {
            return distance;
        }
        String scaled = graph.node("Mul", layer.name() + "_scaled", List.of(distance,
                graph.scalar(layer.name() + ".minus_half_inverse_variance",
                        (float) (-1.0 / (2 * layer.sigma() * layer.sigma())))));
        return graph.node("Exp", layer.name(), List.of(scaled));
    }

    @Override
    public String flatten(FlattenPlan layer) {
        return graph.node("Flatten", layer.name(), List.of(input), OnnxGraph.integer("axis", 1));
    }

    @Override
    public String dense(DensePlan layer) {
        String w = graph.floats(layer.name() + ".weight", new long[] {layer.inputs(), layer.units()},
                values(layer, layer.weight()));
        String b = graph.floats(layer.name() + ".bias", new long[] {layer.units()}, values(layer, layer.bias()));
        return graph.node("Gemm", layer.name(), List.of(input, w, b));
    }

    @Override
    public String dropout(DropoutPlan layer) {
        return input; // the identity at inference
    }
}
