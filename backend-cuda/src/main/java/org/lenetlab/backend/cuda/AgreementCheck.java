package org.lenetlab.backend.cuda;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.kernels.ComposedNetwork;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.run.Cell;
import org.lenetlab.run.ExperimentService;
import org.lenetlab.train.Initialization;

/**
 * The cuda backend's agreement with reference outputs that the CPU backend computed elsewhere, for a GPU machine
 * that cannot hold the CPU backend's native libraries. {@link #outputs} compiles each model on a backend in float32
 * ({@link Backend#compile}) and runs one fixed case (weights {@link Initialization initialized} from a fixed seed, a
 * fixed random batch and labels): logits, loss, predictions, gradients, curvatures, and parameters and optimizer
 * state after three steps of SGD with momentum, Adam and SDLM. A test of this module writes the CPU backend's outputs
 * with {@link #write}; {@link #main} reads them, runs the same on the cuda backend and prints, per model and output,
 * the relative error (max |cuda − cpu| / max |cpu|) and PASS or FAIL against the tolerance of
 * {@code ModelAgreementTest} (logits and parameters 1e-4, loss 1e-4 relative, gradients, curvatures and optimizer
 * state 1e-3, predictions equal).
 *
 * <p>Gradients and curvatures are read from the parameters of core's composed network ({@link ComposedNetwork}),
 * which both backends compile to. A training step's gradients are those of an SGD step with learning rate 0 (the
 * step leaves the parameters as they were); the curvatures those of an SDLM curvature pass.
 *
 * <p>Usage: {@code java -cp lenet-lab.jar org.lenetlab.backend.cuda.AgreementCheck REFS MODELS_DIR}; exit status 0
 * when everything passes, 1 when something fails, 2 on bad arguments or an unavailable backend.
 */
public final class AgreementCheck {
    /** The batch of the fixed case. */
    public static final int BATCH = 32;
    private static final long SEED = 7;
    private static final int MAGIC = 0x4c4c5246; // "LLRF"
    private static final int VERSION = 2;
    private static final int CLASSES = 10;
    /** SDLM as the fixed case uses it (η 0.0005, μ 0.02). */
    private static final OptimizerPlan.Sdlm SDLM = new OptimizerPlan.Sdlm(0.0005, 0.02, 0, BATCH);
    /** The update rules of the fixed case: SGD with momentum and weight decay, Adam with weight decay, SDLM. */
    private static final List<OptimizerPlan> OPTIMIZERS = List.of(
            new OptimizerPlan.Sgd(0.01, 0.9, 1e-4),
            new OptimizerPlan.Adam(0.001, 0.9, 0.999, 1e-8, 1e-4),
            SDLM);

    private AgreementCheck() {
    }

    /** Reads a model spec file into its plan. */
    @FunctionalInterface
    public interface ModelReader {
        /**
         * The plan of the model spec in {@code file}.
         *
         * @throws RuntimeException when it cannot be read or planned, with the reason
         */
        ModelPlan plan(Path file);
    }

    /** The shipped model specs, {@code lenet5-*.json} in {@code dir}, sorted by name. */
    public static List<Path> models(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("lenet5-.*\\.json")).sorted().toList();
        }
    }

    /** Plans model spec files as {@code lenet run} does, through core's {@link ExperimentService#planModel}. */
    public static ModelReader modelReader() {
        return ExperimentService::planModel;
    }

    /** {@code text} as a JSON string literal. */
    private static String json(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** The fixed case's outputs of {@code plan} on {@code backend}, by name, in a stable order. */
    public static Map<String, float[]> outputs(Backend backend, ModelPlan plan) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (CompiledNetwork net = compile(backend, plan, CompileOptions.inference(Precision.FLOAT32))) {
            float[] logits = new float[BATCH * Math.toIntExact(plan.output().size())];
            net.forward(images(net, plan, new Random(1)), order(), 0, BATCH, logits);
            out.put("logits", logits);
        }

        try (CompiledNetwork net = compile(backend, plan,
                CompileOptions.training(Precision.FLOAT32, new OptimizerPlan.Sgd(0, 0, 0)))) {
            Random random = new Random(2);
            ImageData images = images(net, plan, random);
            int[] labels = labels(random);
            int[] predictions = new int[BATCH];
            double loss = net.trainStep(images, order(), 0, BATCH, labels, 1, 99, predictions);
            out.put("loss", new float[] {(float) loss});
            float[] p = new float[BATCH];
            for (int i = 0; i < BATCH; i++) {
                p[i] = predictions[i];
            }
            out.put("predictions", p);
            List<Parameter> params = composed(net).parameterTensors();
            for (int i = 0; i < params.size(); i++) {
                out.put("gradient " + i + " " + params.get(i).plan().name(), values(params.get(i).gradient()));
            }
        }
        try (CompiledNetwork net = compile(backend, plan, CompileOptions.training(Precision.FLOAT32, SDLM))) {
            Random random = new Random(2);
            ImageData images = images(net, plan, random);
            net.resetCurvature();
            net.accumulateCurvature(images, order(), 0, BATCH, labels(random), 99);
            List<Parameter> params = composed(net).parameterTensors();
            for (int i = 0; i < params.size(); i++) {
                if (params.get(i).curvature() != null) {
                    out.put("curvature " + i, values(params.get(i).curvature()));
                }
            }
        }

        for (OptimizerPlan optimizer : OPTIMIZERS) {
            try (CompiledNetwork net = compile(backend, plan, CompileOptions.training(Precision.FLOAT32, optimizer))) {
                Random r = new Random(3);
                if (optimizer.usesCurvature()) {
                    ImageData images = images(net, plan, r);
                    net.resetCurvature();
                    net.accumulateCurvature(images, order(), 0, BATCH, labels(r), 5);
                    net.finishCurvature();
                }
                for (long step = 1; step <= 3; step++) {
                    ImageData images = images(net, plan, r);
                    net.trainStep(images, order(), 0, BATCH, labels(r), step, step, new int[BATCH]);
                }
                for (int i = 0; i < plan.parameters().size(); i++) {
                    out.put(optimizer.type() + " parameter " + i, parameter(net, i));
                }
                List<double[]> state = net.optimizerState();
                for (int i = 0; i < state.size(); i++) {
                    out.put(optimizer.type() + " state " + i, narrow(state.get(i)));
                }
            }
        }
        return out;
    }

    /** {@code plan} compiled on {@code backend} with its weights initialized from the fixed seed. */
    private static CompiledNetwork compile(Backend backend, ModelPlan plan, CompileOptions options) {
        CompiledNetwork net = backend.compile(plan, options);
        Initialization.initialize(net, SEED);
        return net;
    }

    /** The composed network behind {@code net}, whose parameter tensors hold gradients and curvatures. */
    private static ComposedNetwork composed(CompiledNetwork net) {
        if (net instanceof ComposedNetwork composed) {
            return composed;
        }
        throw new IllegalArgumentException("the agreement check reads gradients from core's composed network; this "
                + "backend compiled a " + net.getClass().getName());
    }

    /** The tolerance of one output (by its name); predictions must be equal. */
    static double tolerance(String name) {
        if (name.equals("predictions")) {
            return 0;
        }
        return name.startsWith("gradient") || name.startsWith("curvature") || name.contains(" state ") ? 1e-3 : 1e-4;
    }

    /** max |actual − expected| / max |expected| (the plain difference when {@code expected} is all zero). */
    static double relativeError(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs((double) actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs((double) expected[i]));
        }
        if (Double.isNaN(diff)) {
            return Double.POSITIVE_INFINITY;
        }
        return scale == 0 ? diff : diff / scale;
    }

    /** Writes {@code references} (model file name → outputs) to a gzipped binary file. */
    public static void write(Path file, Map<String, Map<String, float[]>> references) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(
                Files.newOutputStream(file))))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(references.size());
            for (Map.Entry<String, Map<String, float[]>> model : references.entrySet()) {
                out.writeUTF(model.getKey());
                out.writeInt(model.getValue().size());
                for (Map.Entry<String, float[]> e : model.getValue().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float v : e.getValue()) {
                        out.writeFloat(v);
                    }
                }
            }
        }
    }

    /** Reads what {@link #write} wrote. */
    public static Map<String, Map<String, float[]>> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(
                Files.newInputStream(file))))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(file + " is not a version " + VERSION + " reference file");
            }
            Map<String, Map<String, float[]>> references = new LinkedHashMap<>();
            int models = in.readInt();
            for (int m = 0; m < models; m++) {
                String model = in.readUTF();
                Map<String, float[]> outputs = new LinkedHashMap<>();
                int count = in.readInt();
                for (int o = 0; o < count; o++) {
                    String name = in.readUTF();
                    float[] v = new float[in.readInt()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = in.readFloat();
                    }
                    outputs.put(name, v);
                }
                references.put(model, outputs);
            }
            return references;
        }
    }

    /**
     * Compares {@code backend}'s outputs for the models in {@code modelsDir}, planned by {@code reader}, with
     * {@code references}, printing one line per output and a summary; returns whether everything passed. A model
     * without references, or a reference without a model, fails.
     */
    public static boolean check(Backend backend, Map<String, Map<String, float[]>> references, Path modelsDir,
                                ModelReader reader, PrintStream out) throws IOException {
        boolean pass = true;
        int failures = 0;
        int compared = 0;
        List<String> seen = new ArrayList<>();
        for (Path file : models(modelsDir)) {
            String model = file.getFileName().toString();
            seen.add(model);
            Map<String, float[]> expected = references.get(model);
            if (expected == null) {
                out.printf(Locale.ROOT, "%-36s %-34s %12s  FAIL (no reference)%n", model, "-", "-");
                pass = false;
                failures++;
                continue;
            }
            Map<String, float[]> actual;
            try {
                actual = outputs(backend, reader.plan(file));
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "%-36s %-34s %12s  FAIL (%s)%n", model, "-", "-", e);
                pass = false;
                failures++;
                continue;
            }
            for (Map.Entry<String, float[]> e : expected.entrySet()) {
                float[] a = actual.get(e.getKey());
                double error = a == null ? Double.POSITIVE_INFINITY : relativeError(e.getValue(), a);
                boolean ok = e.getKey().equals("predictions") ? error == 0 : error < tolerance(e.getKey());
                compared++;
                if (!ok) {
                    pass = false;
                    failures++;
                }
                out.printf(Locale.ROOT, "%-36s %-34s %12.3e  %s (tolerance %.0e)%n", model, e.getKey(), error,
                        ok ? "PASS" : "FAIL", tolerance(e.getKey()));
            }
        }
        for (String model : references.keySet()) {
            if (!seen.contains(model)) {
                out.printf(Locale.ROOT, "%-36s %-34s %12s  FAIL (reference without a model spec)%n", model, "-", "-");
                pass = false;
                failures++;
            }
        }
        out.printf(Locale.ROOT, "agreement: %s (%d outputs compared, %d failed) on %s%n", pass ? "PASS" : "FAIL",
                compared, failures, backend.device());
        return pass;
    }

    /**
     * Runs the check on the cuda backend, found as {@code lenet} finds it ({@link BackendRegistry#discover()}).
     *
     * @param args the reference file and the folder of model specs
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: AgreementCheck REFERENCES MODELS_DIR");
            System.exit(2);
        }
        Map<String, Map<String, float[]>> references = read(Path.of(args[0]));
        BackendRegistry registry = BackendRegistry.discover();
        Backend backend;
        try {
            backend = registry.get(CudaBackend.NAME);
        } catch (BackendUnavailableException | IllegalArgumentException e) {
            System.err.println("agreement: cuda backend unavailable: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean pass = check(backend, references, Path.of(args[1]), modelReader(), System.out);
        System.exit(pass ? 0 : 1);
    }

    /** A batch of {@link #BATCH} images of uniform values in [−1, 1), in the network's image store. */
    private static ImageData images(CompiledNetwork net, ModelPlan plan, Random random) {
        float[] v = new float[BATCH * Math.toIntExact(plan.input().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return net.images(v, plan.input());
    }

    /** 0, 1, .., BATCH − 1: the batch in the order it was drawn. */
    private static int[] order() {
        int[] order = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            order[i] = i;
        }
        return order;
    }

    private static int[] labels(Random random) {
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        return labels;
    }

    private static float[] parameter(CompiledNetwork net, int index) {
        double[] values = new double[Math.toIntExact(net.plan().parameters().get(index).shape().size())];
        net.readParameter(index, values);
        return narrow(values);
    }

    private static float[] narrow(double[] values) {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values[i];
        }
        return v;
    }

    private static float[] values(Tensor tensor) {
        float[] v = new float[Math.toIntExact(tensor.shape().size())];
        tensor.read(v, 0);
        return v;
    }
}
