package org.lenetlab.backend.cuda;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.backend.OptimizerConfig;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.ParameterUpdater;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.spec.OptimizerKind;
import org.lenetlab.spec.SpecReader;
import org.lenetlab.train.Network;

/**
 * The cuda backend's agreement with reference outputs that the CPU backend computed elsewhere, for a GPU machine
 * that cannot hold the CPU backend's native libraries. {@link #outputs} runs one fixed case per model (weights from
 * a fixed seed, a fixed random batch and labels): logits, loss, predictions, gradients, curvatures, and parameters
 * after three steps of SGD with momentum, Adam and SDLM. A test of this module writes the CPU backend's outputs with
 * {@link #write}; {@link #main} reads them, runs the same on the cuda backend and prints, per model and output, the
 * relative error (max |cuda − cpu| / max |cpu|) and PASS or FAIL against the tolerance of
 * {@code ModelAgreementTest} (logits and parameters 1e-4, loss 1e-4 relative, gradients and curvatures 1e-3,
 * predictions equal).
 *
 * <p>Usage: {@code java -cp lenet-lab.jar org.lenetlab.backend.cuda.AgreementCheck REFS MODELS_DIR}; exit status 0
 * when everything passes, 1 when something fails, 2 on bad arguments or an unavailable backend.
 */
public final class AgreementCheck {
    /** The batch of the fixed case. */
    public static final int BATCH = 32;
    private static final long SEED = 7;
    private static final int MAGIC = 0x4c4c5246; // "LLRF"
    private static final int VERSION = 1;

    private AgreementCheck() {
    }

    /** The shipped model specs, {@code lenet5-*.json} in {@code dir}, sorted by name. */
    public static List<Path> models(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("lenet5-.*\\.json")).sorted().toList();
        }
    }

    /** The fixed case's outputs of {@code plan} on {@code backend}, by name, in a stable order. */
    public static Map<String, float[]> outputs(Backend backend, ModelPlan plan) {
        Map<String, float[]> out = new LinkedHashMap<>();
        Network net = Network.create(plan, backend, SEED);
        fill(net.input(BATCH), new Random(1));
        out.put("logits", values(net.forward(BATCH)));

        net = Network.create(plan, backend, SEED);
        Random random = new Random(2);
        fill(net.input(BATCH), random);
        int[] labels = labels(random);
        int[] predictions = new int[BATCH];
        double loss = net.forwardBackward(BATCH, labels, predictions, 99);
        out.put("loss", new float[] {(float) loss});
        float[] p = new float[BATCH];
        for (int i = 0; i < BATCH; i++) {
            p[i] = predictions[i];
        }
        out.put("predictions", p);
        List<Parameter> params = net.parameters();
        for (int i = 0; i < params.size(); i++) {
            out.put("gradient " + i + " " + params.get(i).plan().name(), values(params.get(i).gradient()));
        }
        net.curvature(BATCH, labels, 99);
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).curvature() != null) {
                out.put("curvature " + i, values(params.get(i).curvature()));
            }
        }

        List<OptimizerConfig> configs = List.of(
                new OptimizerConfig(OptimizerKind.SGD, 0.01, 0.9, 0.9, 0.999, 1e-8, 1e-4),
                new OptimizerConfig(OptimizerKind.ADAM, 0.001, 0, 0.9, 0.999, 1e-8, 1e-4),
                new OptimizerConfig(OptimizerKind.SDLM, 0.0005, 0, 0.9, 0.999, 1e-8, 0, 0.02));
        for (OptimizerConfig config : configs) {
            Network n = Network.create(plan, backend, SEED);
            ParameterUpdater updater = backend.updater(config, n.parameters());
            Random r = new Random(3);
            if (config.kind() == OptimizerKind.SDLM) {
                fill(n.input(BATCH), r);
                int[] l = labels(r);
                updater.resetCurvature();
                n.curvature(BATCH, l, 5);
                updater.accumulateCurvature(BATCH);
                updater.finishCurvature();
            }
            for (long step = 1; step <= 3; step++) {
                fill(n.input(BATCH), r);
                n.forwardBackward(BATCH, labels(r), new int[BATCH], step);
                updater.update(step);
            }
            for (int i = 0; i < n.parameters().size(); i++) {
                out.put(config.kind().name().toLowerCase(Locale.ROOT) + " parameter " + i,
                        values(n.parameters().get(i).value()));
            }
        }
        return out;
    }

    /** The tolerance of one output (by its name's first word); predictions must be equal. */
    static double tolerance(String name) {
        return name.startsWith("gradient") || name.startsWith("curvature") ? 1e-3 : name.equals("predictions") ? 0 : 1e-4;
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
     * Compares {@code backend}'s outputs for the models in {@code modelsDir} with {@code references}, printing one
     * line per output and a summary; returns whether everything passed. A model without references, or a reference
     * without a model, fails.
     */
    public static boolean check(Backend backend, Map<String, Map<String, float[]>> references, Path modelsDir,
                                PrintStream out) throws IOException {
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
                actual = outputs(backend, new SpecReader().readMnistModel(file).plan());
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
     * Runs the check on the cuda backend.
     *
     * @param args the reference file and the folder of model specs
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: AgreementCheck REFERENCES MODELS_DIR");
            System.exit(2);
        }
        Map<String, Map<String, float[]>> references = read(Path.of(args[0]));
        Backend backend;
        try {
            backend = new CudaBackend();
        } catch (BackendUnavailableException e) {
            System.err.println("agreement: cuda backend unavailable: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(check(backend, references, Path.of(args[1]), System.out) ? 0 : 1);
    }

    private static void fill(Tensor tensor, Random random) {
        float[] v = new float[Math.toIntExact(tensor.shape().size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        tensor.write(v, 0);
    }

    private static int[] labels(Random random) {
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(10);
        }
        return labels;
    }

    private static float[] values(Tensor tensor) {
        float[] v = new float[Math.toIntExact(tensor.shape().size())];
        tensor.read(v, 0);
        return v;
    }
}
