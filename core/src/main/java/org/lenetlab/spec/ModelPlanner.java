package org.lenetlab.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lenetlab.plan.ActivationFunction;
import org.lenetlab.plan.ActivationPlan;
import org.lenetlab.plan.ConnectionTable;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.DensePlan;
import org.lenetlab.plan.DropoutPlan;
import org.lenetlab.plan.FlattenPlan;
import org.lenetlab.plan.Initializer;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.LossPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.ParameterValues;
import org.lenetlab.plan.PoolingKind;
import org.lenetlab.plan.PoolingPlan;
import org.lenetlab.plan.Preprocessing;
import org.lenetlab.plan.Prototypes;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.RbfPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.plan.SubsamplingPlan;

/**
 * Turns a {@link ModelSpec} into a {@link ModelPlan}: the one place a model spec is validated. Checks every value,
 * names unnamed layers, infers every shape, resolves defaults, connection tables, prototypes and initializers, and
 * counts parameters and connections. Problems carry JSON paths relative to the model spec's root.
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
            if (pre.resize() != null && pre.padding() != null && in.height() != null && in.width() != null) {
                int side = Math.min(in.height(), in.width()) - 2 * pre.padding();
                if (pre.resize() < 1 || pre.resize() > side) {
                    problems.add(SpecProblem.at(prePath.field("resize"), "must be between 1 and " + Math.max(side, 1)
                            + " (the image's side before padding), got " + pre.resize()));
                }
            }
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
            LayerPlan planned = layer.accept(new LayerPlanning(i, name, shape, previousName, path, problems,
                    spec.initializer()));
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
        LossPlan loss = lossPlan(spec.loss(), root.field("loss"), problems);
        if (loss == null || !checkLoss(loss, layers.get(layers.size() - 1), root.field("loss"), problems)) {
            return null;
        }
        PreprocessingSpec pre = spec.preprocessingOrIdentity();
        return new ModelPlan(spec.name(), Shape.of(in.channels(), in.height(), in.width()),
                new Preprocessing(pre.padding(), pre.background(), pre.foreground(),
                        pre.resize() == null ? 0 : pre.resize()), layers, loss);
    }

    /** Checks that the loss fits the last layer (RBF losses need an RBF layer of the right kernel). */
    private static boolean checkLoss(LossPlan loss, LayerPlan last, JsonPath path, List<SpecProblem> problems) {
        RbfFunction needed = loss.accept(new LossPlan.Visitor<RbfFunction>() {
            @Override
            public RbfFunction softmaxCrossEntropy(LossPlan.SoftmaxCrossEntropy l) {
                return null;
            }

            @Override
            public RbfFunction rbfDistance(LossPlan.RbfDistance l) {
                return RbfFunction.EUCLIDEAN;
            }

            @Override
            public RbfFunction rbfMap(LossPlan.RbfMap l) {
                return RbfFunction.EUCLIDEAN;
            }

            @Override
            public RbfFunction rbfCrossEntropy(LossPlan.RbfCrossEntropy l) {
                return RbfFunction.GAUSSIAN;
            }
        });
        if (needed == null) {
            return true;
        }
        if (!(last instanceof RbfPlan rbf) || rbf.function() != needed) {
            problems.add(SpecProblem.at(path.field("type"), "loss " + loss.type() + " needs the model to end with an"
                    + " rbf layer with the " + needed.jsonName() + " kernel, but the last layer, " + last.name()
                    + ", is " + describe(last)));
            return false;
        }
        if (loss instanceof LossPlan.RbfDistance && rbf.centres().trainable()) {
            problems.add(SpecProblem.at(path.field("type"), "loss rbf-distance needs fixed prototypes (with"
                    + " trainable ones it is minimised by collapsing them onto one point), but layer "
                    + last.name() + " has \"trainable\": true; use rbf-map instead"));
            return false;
        }
        return true;
    }

    private static String describe(LayerPlan layer) {
        if (layer instanceof RbfPlan rbf) {
            return "an rbf layer with the " + rbf.function().jsonName() + " kernel";
        }
        return "a " + layer.type() + " layer";
    }

    /** The loss's plan, or {@code null} after adding a problem. */
    private static LossPlan lossPlan(LossSpec loss, JsonPath path, List<SpecProblem> problems) {
        return loss.accept(new LossSpec.Visitor<LossPlan>() {
            @Override
            public LossPlan softmaxCrossEntropy(SoftmaxCrossEntropySpec spec) {
                return new LossPlan.SoftmaxCrossEntropy();
            }

            @Override
            public LossPlan rbfDistance(RbfDistanceSpec spec) {
                return new LossPlan.RbfDistance();
            }

            @Override
            public LossPlan rbfMap(RbfMapSpec spec) {
                if (spec.j() == null || !(spec.j() > 0) || !Double.isFinite(spec.j())) {
                    problems.add(SpecProblem.at(path.field("j"), "must be a positive number, got " + spec.j()));
                    return null;
                }
                return new LossPlan.RbfMap(spec.j());
            }

            @Override
            public LossPlan rbfCrossEntropy(RbfCrossEntropySpec spec) {
                return new LossPlan.RbfCrossEntropy();
            }
        });
    }

    /**
     * Plans one layer: checks its values against what the layer before gives and resolves its defaults, shapes,
     * parameters and initializers. One instance per layer; a visit returns {@code null} after adding problems.
     */
    private static final class LayerPlanning implements LayerSpec.Visitor<LayerPlan> {
        private final int index;
        private final String name;
        private final Shape in;
        private final String previous;
        private final JsonPath path;
        private final List<SpecProblem> problems;
        private final Initializer modelInitializer;
        private final int before;

        LayerPlanning(int index, String name, Shape in, String previous, JsonPath path, List<SpecProblem> problems,
                      Initializer modelInitializer) {
            this.index = index;
            this.name = name;
            this.in = in;
            this.previous = previous;
            this.path = path;
            this.problems = problems;
            this.modelInitializer = modelInitializer;
            this.before = problems.size();
        }

        private Initializer initializer(Initializer own) {
            return own == null ? modelInitializer : own;
        }

        private boolean failed() {
            return problems.size() > before;
        }

        @Override
        public LayerPlan convolution(ConvolutionSpec c) {
            required(c.filters(), "filters", "the number of output channels", path, problems);
            required(c.kernel(), "kernel", "the kernel size", path, problems);
            if (failed()) {
                return null;
            }
            positive(c.filters(), MAX_WIDTH, path.field("filters"), problems);
            positive(c.kernel(), MAX_INPUT_SIDE, path.field("kernel"), problems);
            positive(c.stride(), MAX_INPUT_SIDE, path.field("stride"), problems);
            nonNegative(c.padding(), MAX_INPUT_SIDE, path.field("padding"), problems);
            if (c.inputChannels() != null) {
                positive(c.inputChannels(), MAX_WIDTH, path.field("inputChannels"), problems);
            }
            if (failed() || !needsImage(name, in, previous, path, problems)) {
                return null;
            }
            if (c.inputChannels() != null && c.inputChannels() != in.dim(0)) {
                problems.add(SpecProblem.at(path.field("inputChannels"), "layer " + name + " expects "
                        + c.inputChannels() + " input channels but " + previous + " gives " + in.dim(0)));
                return null;
            }
            ConnectionTable table;
            if (c.connections() != null) {
                table = connectionTable(c.connections(), c.filters(), in.dim(0), name, previous,
                        path.field("connections"), problems);
                if (table == null) {
                    return null;
                }
            } else {
                table = null;
            }
            Shape out = window(name, in, c.filters(), c.kernel(), c.stride(), c.padding(), previous, path, problems);
            if (out == null) {
                return null;
            }
            Initializer init = initializer(c.initializer());
            int area = c.kernel() * c.kernel();
            long positions = (long) out.dim(1) * out.dim(2);
            if (table == null) {
                int fanIn = in.dim(0) * area;
                int fanOut = c.filters() * area;
                Shape weight = Shape.of(c.filters(), in.dim(0), c.kernel(), c.kernel());
                if (!fits(weight.size(), name, "weights", path, problems)
                        || !fits(out.size(), name, "outputs", path, problems)) {
                    return null;
                }
                return new ConvolutionPlan(index, name, in, out, c.kernel(), c.stride(), c.padding(),
                        ConnectionTable.full(c.filters(), in.dim(0)),
                        new ParameterPlan("weight", weight, fanIn, fanOut, init),
                        new ParameterPlan("bias", Shape.of(c.filters()), fanIn, fanOut, init),
                        out.size() * (fanIn + 1L));
            }
            int largest = 0;
            List<Integer> rowFanIns = new ArrayList<>();
            List<Integer> unitFanIns = new ArrayList<>();
            long connections = 0;
            for (int o = 0; o < table.outputs(); o++) {
                int fanIn = table.inputCount(o) * area;
                largest = Math.max(largest, fanIn);
                unitFanIns.add(fanIn);
                for (int k = 0; k < table.inputCount(o); k++) {
                    rowFanIns.add(fanIn);
                }
                connections += positions * (fanIn + 1L);
            }
            int fanOut = Math.max(1, (int) Math.round((double) table.pairs() * area / in.dim(0)));
            Shape weight = Shape.of(table.pairs(), c.kernel(), c.kernel());
            if (!fits(weight.size(), name, "weights", path, problems)
                    || !fits(out.size(), name, "outputs", path, problems)) {
                return null;
            }
            return new ConvolutionPlan(index, name, in, out, c.kernel(), c.stride(), c.padding(), table,
                    new ParameterPlan("weight", weight, largest, fanOut, true, rowFanIns, null, init),
                    new ParameterPlan("bias", Shape.of(c.filters()), largest, fanOut, true, unitFanIns, null, init),
                    connections);
        }

        @Override
        public LayerPlan subsampling(SubsamplingSpec sub) {
            Shape out = pooledShape(sub.size(), sub.stride());
            if (out == null) {
                return null;
            }
            int area = sub.size() * sub.size();
            Shape perChannel = Shape.of(in.dim(0));
            Initializer init = initializer(sub.initializer());
            return new SubsamplingPlan(index, name, in, out, sub.size(), sub.stride(),
                    new ParameterPlan("coefficient", perChannel, area, 1, init),
                    new ParameterPlan("bias", perChannel, area, 1, init));
        }

        @Override
        public LayerPlan rbf(RbfSpec r) {
            required(r.units(), "units", "the number of RBF units, one per class", path, problems);
            if (failed()) {
                return null;
            }
            positive(r.units(), MAX_WIDTH, path.field("units"), problems);
            if (r.kernel() == RbfFunction.GAUSSIAN) {
                positiveNumber(r.sigma(), path.field("sigma"), problems);
            } else if (r.sigma() != null) {
                problems.add(SpecProblem.at(path.field("sigma"), "only the gaussian kernel takes a sigma; the "
                        + r.kernel().jsonName() + " kernel has none"));
            }
            if (failed()) {
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
                            + set.count() + " prototypes of " + set.dimension() + " values, but layer " + name
                            + " has " + r.units() + " units on " + inputs + " inputs (from " + previous + ")"));
                    return null;
                }
                initial = new ParameterValues(set.values(), set.name());
            } else if (!r.trainable()) {
                problems.add(SpecProblem.at(path.field("trainable"), "fixed centres need starting values: name a"
                        + " prototype set in \"prototypes\" (known: " + String.join(", ", Prototypes.NAMES)
                        + ") or set \"trainable\": true"));
                return null;
            }
            double sigma = r.kernel() == RbfFunction.GAUSSIAN ? r.sigma() : 1.0;
            return new RbfPlan(index, name, in, Shape.of(r.units()), r.kernel(), sigma,
                    new ParameterPlan("prototypes", centres, inputs, r.units(), r.trainable(), null, initial,
                            initializer(r.initializer())));
        }

        @Override
        public LayerPlan maxPooling(MaxPoolingSpec p) {
            Shape out = pooledShape(p.size(), p.stride());
            return out == null ? null : new PoolingPlan(index, name, in, out, PoolingKind.MAX, p.size(), p.stride());
        }

        @Override
        public LayerPlan averagePooling(AveragePoolingSpec p) {
            Shape out = pooledShape(p.size(), p.stride());
            return out == null ? null
                    : new PoolingPlan(index, name, in, out, PoolingKind.AVERAGE, p.size(), p.stride());
        }

        @Override
        public LayerPlan activation(ActivationSpec a) {
            required(a.function(), "function", "one of relu, sigmoid, tanh, scaled-tanh", path, problems);
            if (failed()) {
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
            if (failed()) {
                return null;
            }
            boolean scaled = a.function() == ActivationFunction.SCALED_TANH;
            return new ActivationPlan(index, name, in, a.function(), scaled ? a.amplitude() : 1.0,
                    scaled ? a.slope() : 1.0);
        }

        @Override
        public LayerPlan flatten(FlattenSpec f) {
            return new FlattenPlan(index, name, in, Shape.of((int) in.size()));
        }

        @Override
        public LayerPlan dropout(DropoutSpec d) {
            required(d.rate(), "rate", "the drop probability in [0, 1)", path, problems);
            if (failed()) {
                return null;
            }
            if (!(d.rate() >= 0 && d.rate() < 1)) {
                problems.add(SpecProblem.at(path.field("rate"), "must be at least 0 and below 1, got " + d.rate()));
                return null;
            }
            return new DropoutPlan(index, name, in, d.rate());
        }

        @Override
        public LayerPlan dense(DenseSpec d) {
            required(d.units(), "units", "the number of outputs", path, problems);
            if (failed()) {
                return null;
            }
            positive(d.units(), MAX_WIDTH, path.field("units"), problems);
            if (d.inputs() != null) {
                positive(d.inputs(), Integer.MAX_VALUE, path.field("inputs"), problems);
            }
            if (failed()) {
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
            Initializer init = initializer(d.initializer());
            return new DensePlan(index, name, in, Shape.of(d.units()),
                    new ParameterPlan("weight", weight, in.dim(0), d.units(), init),
                    new ParameterPlan("bias", Shape.of(d.units()), in.dim(0), d.units(), init));
        }

        /** The output of a window of {@code size} with {@code stride} and no padding, or {@code null}. */
        private Shape pooledShape(Integer size, Integer stride) {
            positive(size, MAX_INPUT_SIDE, path.field("size"), problems);
            if (!failed()) {
                positive(stride, MAX_INPUT_SIDE, path.field("stride"), problems); // defaults to the size
            }
            if (failed() || !needsImage(name, in, previous, path, problems)) {
                return null;
            }
            return window(name, in, in.dim(0), size, stride, 0, previous, path, problems);
        }
    }

    /**
     * Checks a connection table against the layer's filters and input channels; returns it resolved, or
     * {@code null} after adding problems.
     */
    private static ConnectionTable connectionTable(List<List<Integer>> connections, int filters, int channels,
                                                   String name, String previous, JsonPath path,
                                                   List<SpecProblem> problems) {
        int before = problems.size();
        if (connections.size() != filters) {
            problems.add(SpecProblem.at(path, "layer " + name + " has " + filters + " filters, so its connection table"
                    + " needs " + filters + " entries (the input channels of each output channel), got "
                    + connections.size()));
            return null;
        }
        for (int o = 0; o < filters; o++) {
            List<Integer> inputs = connections.get(o);
            JsonPath at = path.index(o);
            if (inputs == null || inputs.isEmpty()) {
                problems.add(SpecProblem.at(at, "output channel " + o + " must read at least one input channel"));
                continue;
            }
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
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return ConnectionTable.of(connections, channels);
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
