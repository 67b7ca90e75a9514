package org.lenetlab.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.lenetlab.results.ModelSummary;
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
        ModelSummary summary = ModelSummary.of(new SpecReader().readModel(file, 0).plan());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(summary));
        } else {
            printTable(summary, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The table, each column as wide as its widest cell, so long names keep the columns aligned. */
    static void printTable(ModelSummary summary, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"layer", "type", "output", "trainable", "fixed", "connections"});
        for (ModelSummary.Layer l : summary.layers()) {
            rows.add(new String[] {l.name(), l.type(), shape(l.outputShape()), n(l.trainable()), n(l.fixed()),
                n(l.connections())});
        }
        rows.add(new String[] {"total", "", "", n(summary.trainable()), n(summary.fixed()), n(summary.connections())});
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        out.printf(Locale.ROOT, "%s — input %s%n", summary.model(), shape(summary.inputShape()));
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String cell = row[c];
                String pad = " ".repeat(widths[c] - cell.length());
                // names, types and shapes to the left; counts to the right
                line.append(c < 3 ? cell + pad : pad + cell).append(c < row.length - 1 ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String shape(List<Integer> dims) {
        return dims.stream().map(String::valueOf).collect(Collectors.joining("×"));
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
