package org.lenetlab.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.spec.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lenet summary MODEL_SPEC [--json]}. */
@Command(name = "summary", description = "Per layer: output shape, trainable and fixed parameters, connections.")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL_SPEC", description = "A model spec file.")
    Path file;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelPlan plan = new SpecReader().readModel(file, 0).plan();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(asJson(plan)));
        } else {
            printTable(plan, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static Map<String, Object> asJson(ModelPlan plan) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("type", l.spec().type());
            m.put("outputShape", l.output().dims());
            m.put("trainable", l.trainableParameters());
            m.put("fixed", l.fixedParameters());
            m.put("connections", l.connections());
            layers.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", plan.name());
        root.put("inputShape", plan.input().dims());
        root.put("layers", layers);
        root.put("trainable", plan.trainableParameters());
        root.put("fixed", plan.fixedParameters());
        root.put("connections", plan.connections());
        return root;
    }

    private static void printTable(ModelPlan plan, PrintWriter out) {
        String fmt = "%-10s %-16s %-10s %10s %8s %12s%n";
        out.printf(Locale.ROOT, "%s — input %s%n", plan.name(), plan.input());
        out.printf(Locale.ROOT, fmt, "layer", "type", "output", "trainable", "fixed", "connections");
        for (LayerPlan l : plan.layers()) {
            out.printf(Locale.ROOT, fmt, l.name(), l.spec().type(), l.output(), n(l.trainableParameters()),
                    n(l.fixedParameters()), n(l.connections()));
        }
        out.printf(Locale.ROOT, fmt, "total", "", "", n(plan.trainableParameters()), n(plan.fixedParameters()),
                n(plan.connections()));
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
