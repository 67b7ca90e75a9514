package org.lenetlab.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lenetlab.spec.ActivationFunction;
import org.lenetlab.spec.ActivationSpec;
import org.lenetlab.spec.AveragePoolingSpec;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.DropoutSpec;
import org.lenetlab.spec.FlattenSpec;
import org.lenetlab.spec.InputSpec;
import org.lenetlab.spec.JsonPath;
import org.lenetlab.spec.LayerSpec;
import org.lenetlab.spec.LossSpec;
import org.lenetlab.spec.MaxPoolingSpec;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.PreprocessingSpec;
import org.lenetlab.spec.RbfCrossEntropySpec;
import org.lenetlab.spec.RbfDistanceSpec;
import org.lenetlab.spec.RbfKernel;
import org.lenetlab.spec.RbfMapSpec;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;
import org.lenetlab.spec.SpecException;
import org.lenetlab.spec.SpecProblem;

/**
 * Turns a {@link ModelSpec} into a {@link ModelPlan}: checks every value, names unnamed layers, infers every
 * shape and counts parameters and connections. Problems carry JSON paths relative to the model spec's root.
 */
public final class ModelPlanner {
    /** Largest number of filters, units or channels a layer may have. */
    public static final int MAX_WIDTH = 65_536;
    /** Largest input side. */
    public static final int MAX_INPUT_SIDE = 4_096;
    /** Largest number of elements of one parameter tensor or one per-sample activation. */
    public static final long MAX_TENSOR_ELEMENTS = 1L << 28;

    private ModelPlanner() {
    }

    /**
     * Plans {@code spec}, or throws a {@link SpecException} listing every problem found.
     *
     * @param spec    the model spec
     * @param classes the number of classes the model must output, or 0 to skip that check
     */
    public static ModelPlan plan(ModelSpec spec, int classes) {
        List<SpecProblem> problems = new ArrayList<>();
        ModelPlan plan = plan(spec, classes, problems);
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return plan;
    }

    /** Plans {@code spec}, adding problems to {@code problems}; returns {@code null} when there are any. */
    public static ModelPlan plan(ModelSpec spec, int classes, List<SpecProblem> problems) {
        int before = problems.size();
        JsonPath root = JsonPath.ROOT;
        if (spec.name() == null || spec.name().isBlank()) {
            problems.add(SpecProblem.at(root.field("name"), "missing required field 'name' (the model's name)"));
        }
        InputSpec in = spec.input();
        JsonPath inPath = root.field("input");
        positive(in.channels(), MAX_WIDTH, inPath.field("channels"), problems);
        positive(in.height(), MAX_INPUT_SIDE, inPath.field("height"), problems);
        positive(in.width(), MAX_INPUT_SIDE, inPath.field("width"), problems);
        if (spec.preprocessing() != null) {
            PreprocessingSpec pre = spec.preprocessing();
            JsonPath prePath = root.field("preprocessing");
            nonNegative(pre.padding(), MAX_INPUT_SIDE, prePath.field("padding"), problems);
            finite(pre.background(), prePath.field("background"), problems);
            finite(pre.foreground(), prePath.field("foreground"), problems);
        }
        if (spec.layers() == null || spec.layers().isEmpty()) {
            problems.add(SpecProblem.at(root.field("layers"), spec.layers() == null
                    ? "missing required field 'layers' (the model's layers, input to output)"
                    : "a model needs at least one layer"));
            return null;
        }
        if (problems.size() > before) {
            return null;
        }
        Shape shape = Shape.of(in.channels(), in.height(), in.width());
        List<LayerPlan> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String previousName = "the input";
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            JsonPath path = root.field("layers").index(i);
            if (layer == null) {
                problems.add(SpecProblem.at(path, "a layer must be an object with a \"type\", not null"));
                return null;
            }
            String name = layer.name() == null ? layer.type() + (i + 1) : layer.name();
            if (name.isBlank()) {
                problems.add(SpecProblem.at(path.field("name"), "a layer name must not be blank"));
                return null;
            }
            if (!names.add(name)) {
                problems.add(SpecProblem.at(path.field("name"), "two layers are named '" + name + "'"));
                return null;
            }
            LayerPlan planned = planLayer(i, name, layer, shape, previousName, path, problems);
            if (planned == null) {
                return null;
            }
            layers.add(planned);
            shape = planned.output();
            previousName = name;
        }
        if (classes > 0) {
            Shape out = shape;
            if (out.rank() != 1 || out.dim(0) != classes) {
                problems.add(SpecProblem.at(root.field("layers").index(spec.layers().size() - 1),
                        "the model must end with " + classes + " outputs (one per class) but layer " + previousName
                                + " gives " + out));
                return null;
            }
        }
        if (!checkLoss(spec.loss(), layers.get(layers.size() - 1), root.field("loss"), problems)) {
            return null;
        }
        return new ModelPlan(spec, Shape.of(in.channels(), in.height(), in.width()), layers);
    }

    /** Checks that the loss fits the last layer (RBF losses need an RBF layer of the right kernel). */
    private static boolean checkLoss(LossSpec loss, LayerPlan last, JsonPath path, List<SpecProblem> problems) {
        int before = problems.size();
        RbfKernel needed = null;
        if (loss instanceof RbfDistanceSpec || loss instanceof RbfMapSpec) {
            needed = RbfKernel.EUCLIDEAN;
        } else if (loss instanceof RbfCrossEntropySpec) {
            needed = RbfKernel.GAUSSIAN;
        }
        if (loss instanceof RbfMapSpec m && (m.j() == null || !(m.j() > 0) || !Double.isFinite(m.j()))) {
            problems.add(SpecProblem.at(path.field("j"), "must be a positive number, got " + m.j()));
        }
        if (needed != null) {
            if (!(last.spec() instanceof RbfSpec rbf) || rbf.kernel() != needed) {
                problems.add(SpecProblem.at(path.field("type"), "loss " + loss.type() + " needs the model to end with an"
                        + " rbf layer with the " + needed.jsonName() + " kernel, but the last layer, " + last.name()
                        + ", is " + describe(last.spec())));
            } else if (loss instanceof RbfDistanceSpec && rbf.trainable()) {
                problems.add(SpecProblem.at(path.field("type"), "loss rbf-distance needs fixed prototypes (with"
                        + " trainable ones it is minimised by collapsing them onto one point), but layer "
                        + last.name() + " has \"trainable\": true; use rbf-map instead"));
            }
        }
        return problems.size() == before;
    }

    private static String describe(LayerSpec spec) {
        if (spec instanceof RbfSpec rbf) {
            return "an rbf layer with the " + rbf.kernel().jsonName() + " kernel";
        }
        return "a " + spec.type() + " layer";
    }

    private static LayerPlan planLayer(int index, String name, LayerSpec layer, Shape in, String previous,
                                       JsonPath path, List<SpecProblem> problems) {
        int before = problems.size();
        if (layer instanceof ConvolutionSpec c) {
            required(c.filters(), "filters", "the number of output channels", path, problems);
            required(c.kernel(), "kernel", "the kernel size", path, problems);
            if (problems.size() > before) {
                return null;
            }
            positive(c.filters(), MAX_WIDTH, path.field("filters"), problems);
            positive(c.kernel(), MAX_INPUT_SIDE, path.field("kernel"), problems);
            positive(c.stride(), MAX_INPUT_SIDE, path.field("stride"), problems);
            nonNegative(c.padding(), MAX_INPUT_SIDE, path.field("padding"), problems);
            if (c.inputChannels() != null) {
                positive(c.inputChannels(), MAX_WIDTH, path.field("inputChannels"), problems);
            }
            if (problems.size() > before || !needsImage(name, in, previous, path, problems)) {
                return null;
            }
            if (c.inputChannels() != null && c.inputChannels() != in.dim(0)) {
                problems.add(SpecProblem.at(path.field("inputChannels"), "layer " + name + " expects "
                        + c.inputChannels() + " input channels but " + previous + " gives " + in.dim(0)));
                return null;
            }
            int[][] table = null;
            if (c.connections() != null) {
                table = connectionTable(c.connections(), c.filters(), in.dim(0), name, previous,
                        path.field("connections"), problems);
                if (table == null) {
                    return null;
                }
            }
            Shape out = window(name, in, c.filters(), c.kernel(), c.stride(), c.padding(), previous, path, problems);
            if (out == null) {
                return null;
            }
            int area = c.kernel() * c.kernel();
            long positions = (long) out.dim(1) * out.dim(2);
            if (table == null) {
                int fanIn = in.dim(0) * area;
                int fanOut = c.filters() * area;
                Shape weight = Shape.of(c.filters(), in.dim(0), c.kernel(), c.kernel());
                if (!fits(weight.size(), name, "weights", path, problems) || !fits(out.size(), name, "outputs", path, problems)) {
                    return null;
                }
                List<ParameterPlan> params = List.of(new ParameterPlan("weight", weight, fanIn, fanOut, true),
                        new ParameterPlan("bias", Shape.of(c.filters()), fanIn, fanOut, true));
                return new LayerPlan(index, name, layer, in, out, params, out.size() * (fanIn + 1L));
            }
            int pairs = 0;
            int largest = 0;
            List<Integer> rowFanIns = new ArrayList<>();
            List<Integer> unitFanIns = new ArrayList<>();
            long connections = 0;
            for (int[] inputs : table) {
                int fanIn = inputs.length * area;
                pairs += inputs.length;
                largest = Math.max(largest, fanIn);
                unitFanIns.add(fanIn);
                for (int k = 0; k < inputs.length; k++) {
                    rowFanIns.add(fanIn);
                }
                connections += positions * (fanIn + 1L);
            }
            int fanOut = Math.max(1, (int) Math.round((double) pairs * area / in.dim(0)));
            Shape weight = Shape.of(pairs, c.kernel(), c.kernel());
            if (!fits(weight.size(), name, "weights", path, problems) || !fits(out.size(), name, "outputs", path, problems)) {
                return null;
            }
            List<ParameterPlan> params = List.of(
                    new ParameterPlan("weight", weight, largest, fanOut, true, rowFanIns, null),
                    new ParameterPlan("bias", Shape.of(c.filters()), largest, fanOut, true, unitFanIns, null));
            return new LayerPlan(index, name, layer, in, out, params, connections);
        }
        if (layer instanceof SubsamplingSpec sub) {
            LayerPlan pooled = pooling(index, name, layer, sub.size(), sub.stride(), in, previous, path, problems);
            if (pooled == null) {
                return null;
            }
            int area = sub.size() * sub.size();
            Shape perChannel = Shape.of(in.dim(0));
            List<ParameterPlan> params = List.of(new ParameterPlan("coefficient", perChannel, area, 1, true),
                    new ParameterPlan("bias", perChannel, area, 1, true));
            return new LayerPlan(index, name, layer, in, pooled.output(), params, pooled.output().size() * (area + 1L));
        }
        if (layer instanceof RbfSpec r) {
            return planRbf(index, name, r, in, previous, path, problems);
        }
        if (layer instanceof MaxPoolingSpec p) {
            return pooling(index, name, layer, p.size(), p.stride(), in, previous, path, problems);
        }
        if (layer instanceof AveragePoolingSpec p) {
            return pooling(index, name, layer, p.size(), p.stride(), in, previous, path, problems);
        }
        if (layer instanceof ActivationSpec a) {
            required(a.function(), "function", "one of relu, sigmoid, tanh, scaled-tanh", path, problems);
            if (problems.size() > before) {
                return null;
            }
            if (a.function() == ActivationFunction.SCALED_TANH) {
                positiveNumber(a.amplitude(), path.field("amplitude"), problems);
                positiveNumber(a.slope(), path.field("slope"), problems);
            } else {
                if (a.amplitude() != null) {
                    problems.add(SpecProblem.at(path.field("amplitude"), "only the scaled-tanh function takes an"
                            + " amplitude; " + a.function().jsonName() + " has none"));
                }
                if (a.slope() != null) {
                    problems.add(SpecProblem.at(path.field("slope"), "only the scaled-tanh function takes a slope; "
                            + a.function().jsonName() + " has none"));
                }
            }
            return problems.size() > before ? null : new LayerPlan(index, name, layer, in, in, List.of(), 0);
        }
        if (layer instanceof FlattenSpec) {
            return new LayerPlan(index, name, layer, in, Shape.of((int) in.size()), List.of(), 0);
        }
        if (layer instanceof DropoutSpec d) {
            required(d.rate(), "rate", "the drop probability in [0, 1)", path, problems);
            if (problems.size() > before) {
                return null;
            }
            if (!(d.rate() >= 0 && d.rate() < 1)) {
                problems.add(SpecProblem.at(path.field("rate"), "must be at least 0 and below 1, got " + d.rate()));
                return null;
            }
            return new LayerPlan(index, name, layer, in, in, List.of(), 0);
        }
        if (layer instanceof DenseSpec d) {
            required(d.units(), "units", "the number of outputs", path, problems);
            if (problems.size() > before) {
                return null;
            }
            positive(d.units(), MAX_WIDTH, path.field("units"), problems);
            if (d.inputs() != null) {
                positive(d.inputs(), Integer.MAX_VALUE, path.field("inputs"), problems);
            }
            if (problems.size() > before) {
                return null;
            }
            if (in.rank() != 1) {
                problems.add(SpecProblem.at(path, "layer " + name + " (dense) needs a flat input but " + previous
                        + " gives " + in + "; add a {\"type\": \"flatten\"} layer before it"));
                return null;
            }
            if (d.inputs() != null && d.inputs() != in.dim(0)) {
                problems.add(SpecProblem.at(path.field("inputs"), "layer " + name + " expects " + d.inputs()
                        + " inputs but " + previous + " gives " + in.dim(0)));
                return null;
            }
            Shape weight = Shape.of(in.dim(0), d.units());
            if (!fits(weight.size(), name, "weights", path, problems)) {
                return null;
            }
            List<ParameterPlan> params = List.of(new ParameterPlan("weight", weight, in.dim(0), d.units(), true),
                    new ParameterPlan("bias", Shape.of(d.units()), in.dim(0), d.units(), true));
            return new LayerPlan(index, name, layer, in, Shape.of(d.units()), params, d.units() * (in.dim(0) + 1L));
        }
        throw new IllegalStateException("unplanned layer type " + layer.type());
    }

    /**
     * Checks a connection table against the layer's filters and input channels; returns it as arrays, or
     * {@code null} after adding problems.
     */
    private static int[][] connectionTable(List<List<Integer>> connections, int filters, int channels, String name,
                                           String previous, JsonPath path, List<SpecProblem> problems) {
        int before = problems.size();
        if (connections.size() != filters) {
            problems.add(SpecProblem.at(path, "layer " + name + " has " + filters + " filters, so its connection table"
                    + " needs " + filters + " entries (the input channels of each output channel), got "
                    + connections.size()));
            return null;
        }
        int[][] table = new int[filters][];
        for (int o = 0; o < filters; o++) {
            List<Integer> inputs = connections.get(o);
            JsonPath at = path.index(o);
            if (inputs == null || inputs.isEmpty()) {
                problems.add(SpecProblem.at(at, "output channel " + o + " must read at least one input channel"));
                continue;
            }
            table[o] = new int[inputs.size()];
            for (int k = 0; k < inputs.size(); k++) {
                Integer channel = inputs.get(k);
                if (channel == null || channel < 0 || channel >= channels) {
                    problems.add(SpecProblem.at(at.index(k), "input channel " + channel + " does not exist: "
                            + previous + " gives " + channels + " channels, numbered 0 to " + (channels - 1)));
                    continue;
                }
                if (inputs.indexOf(channel) != k) {
                    problems.add(SpecProblem.at(at.index(k), "input channel " + channel + " is listed twice for"
                            + " output channel " + o));
                    continue;
                }
                table[o][k] = channel;
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return table;
    }

    private static LayerPlan planRbf(int index, String name, RbfSpec r, Shape in, String previous, JsonPath path,
                                     List<SpecProblem> problems) {
        int before = problems.size();
        required(r.units(), "units", "the number of RBF units, one per class", path, problems);
        if (problems.size() > before) {
            return null;
        }
        positive(r.units(), MAX_WIDTH, path.field("units"), problems);
        if (r.kernel() == RbfKernel.GAUSSIAN) {
            positiveNumber(r.sigma(), path.field("sigma"), problems);
        } else if (r.sigma() != null) {
            problems.add(SpecProblem.at(path.field("sigma"), "only the gaussian kernel takes a sigma; the "
                    + r.kernel().jsonName() + " kernel has none"));
        }
        if (problems.size() > before) {
            return null;
        }
        if (in.rank() != 1) {
            problems.add(SpecProblem.at(path, "layer " + name + " (rbf) needs a flat input but " + previous
                    + " gives " + in + "; add a {\"type\": \"flatten\"} layer before it"));
            return null;
        }
        int inputs = in.dim(0);
        Shape centres = Shape.of(r.units(), inputs);
        if (!fits(centres.size(), name, "centre values", path, problems)) {
            return null;
        }
        ParameterValues initial = null;
        if (r.prototypes() != null) {
            Prototypes set = Prototypes.named(r.prototypes()).orElse(null);
            if (set == null) {
                problems.add(SpecProblem.at(path.field("prototypes"), "unknown prototype set '" + r.prototypes()
                        + "'; known: " + String.join(", ", Prototypes.NAMES)));
                return null;
            }
            if (set.count() != r.units() || set.dimension() != inputs) {
                problems.add(SpecProblem.at(path.field("prototypes"), "prototype set " + set.name() + " holds "
                        + set.count() + " prototypes of " + set.dimension() + " values, but layer " + name + " has "
                        + r.units() + " units on " + inputs + " inputs (from " + previous + ")"));
                return null;
            }
            initial = new ParameterValues(set.values(), set.name());
        } else if (!r.trainable()) {
            problems.add(SpecProblem.at(path.field("trainable"), "fixed centres need starting values: name a prototype"
                    + " set in \"prototypes\" (known: " + String.join(", ", Prototypes.NAMES)
                    + ") or set \"trainable\": true"));
            return null;
        }
        List<ParameterPlan> params = List.of(new ParameterPlan("prototypes", centres, inputs, r.units(),
                r.trainable(), null, initial));
        return new LayerPlan(index, name, r, in, Shape.of(r.units()), params, centres.size());
    }

    private static LayerPlan pooling(int index, String name, LayerSpec layer, int size, int stride, Shape in,
                                     String previous, JsonPath path, List<SpecProblem> problems) {
        int before = problems.size();
        positive(size, MAX_INPUT_SIDE, path.field("size"), problems);
        if (problems.size() == before) {
            positive(stride, MAX_INPUT_SIDE, path.field("stride"), problems); // defaults to the size
        }
        if (problems.size() > before || !needsImage(name, in, previous, path, problems)) {
            return null;
        }
        Shape out = window(name, in, in.dim(0), size, stride, 0, previous, path, problems);
        return out == null ? null : new LayerPlan(index, name, layer, in, out, List.of(), out.size() * size * size);
    }

    private static boolean needsImage(String name, Shape in, String previous, JsonPath path, List<SpecProblem> problems) {
        if (in.rank() == 3) {
            return true;
        }
        problems.add(SpecProblem.at(path, "layer " + name + " needs a channels×height×width input but " + previous
                + " gives a flat " + in));
        return false;
    }

    private static Shape window(String name, Shape in, int channels, int kernel, int stride, int padding,
                                String previous, JsonPath path, List<SpecProblem> problems) {
        int h = in.dim(1) + 2 * padding;
        int w = in.dim(2) + 2 * padding;
        if (kernel > h || kernel > w) {
            problems.add(SpecProblem.at(path, "layer " + name + " has a " + kernel + "×" + kernel + " window but "
                    + previous + " gives " + in.dim(1) + "×" + in.dim(2)
                    + (padding > 0 ? " (" + h + "×" + w + " padded)" : "")));
            return null;
        }
        return Shape.of(channels, (h - kernel) / stride + 1, (w - kernel) / stride + 1);
    }

    private static boolean fits(long elements, String name, String what, JsonPath path, List<SpecProblem> problems) {
        if (elements <= MAX_TENSOR_ELEMENTS) {
            return true;
        }
        problems.add(SpecProblem.at(path, "layer " + name + " would have " + elements + " " + what
                + " per sample, more than the limit of " + MAX_TENSOR_ELEMENTS));
        return false;
    }

    private static void required(Object value, String field, String what, JsonPath path, List<SpecProblem> problems) {
        if (value == null) {
            problems.add(SpecProblem.at(path, "missing required field '" + field + "' (" + what + ")"));
        }
    }

    private static void positive(Integer value, int max, JsonPath path, List<SpecProblem> problems) {
        if (value != null && (value < 1 || value > max)) {
            problems.add(SpecProblem.at(path, value < 1 ? "must be a positive integer, got " + value
                    : "must be at most " + max + ", got " + value));
        }
    }

    private static void positiveNumber(Double value, JsonPath path, List<SpecProblem> problems) {
        if (value != null && (!(value > 0) || !Double.isFinite(value))) {
            problems.add(SpecProblem.at(path, "must be a positive number, got " + value));
        }
    }

    private static void finite(Double value, JsonPath path, List<SpecProblem> problems) {
        if (value != null && !Double.isFinite(value)) {
            problems.add(SpecProblem.at(path, "must be a finite number, got " + value));
        }
    }

    private static void nonNegative(Integer value, int max, JsonPath path, List<SpecProblem> problems) {
        if (value != null && (value < 0 || value > max)) {
            problems.add(SpecProblem.at(path, value < 0 ? "must not be negative, got " + value
                    : "must be at most " + max + ", got " + value));
        }
    }
}
