package org.lenetlab.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.lenetlab.data.ImageSet;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.ModelPlanner;
import org.lenetlab.plan.Shape;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.spec.ModelSpec;
import org.lenetlab.spec.SpecException;
import org.lenetlab.spec.SpecProblem;
import org.lenetlab.spec.SpecReader;

/**
 * Turns results directories into a {@link ReportModel}: groups cells by model × backend × settings and aggregates
 * them over seeds, finds the settings that differ between groups, pairs backends for the comparison, plans each
 * model's architecture from the resolved spec, sums confusion matrices and picks the misclassified digits to show.
 */
final class ReportModelBuilder {
    /** At most this many misclassified digits are shown per cell. */
    static final int DIGITS_PER_CELL = 48;
    /** How often a report of a run that is still going reloads itself. */
    static final int REFRESH_SECONDS = 30;
    /** The data file whose images the digits are drawn from. */
    static final String TEST_IMAGES_FILE = "t10k-images-idx3-ubyte";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final List<LoadedResults> runs;
    private final TestImages images;
    private final Instant now;
    private final List<String> notes = new ArrayList<>();
    private final List<Object> charts = new ArrayList<>();
    private final Set<Integer> digitIndices = new TreeSet<>();

    /**
     * A builder.
     *
     * @param runs   the results directories, in the order given
     * @param images the MNIST test images, when available
     * @param now    the report's time stamp
     */
    ReportModelBuilder(List<LoadedResults> runs, Optional<TestImages> images, Instant now) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no results to report on");
        }
        this.runs = List.copyOf(runs);
        this.images = images.orElse(null);
        this.now = now;
    }

    /** A cell and the run it came from. */
    private record Located(CellResult cell, LoadedResults run) {
        boolean ok() {
            return cell.status() == CellStatus.OK && cell.testAccuracy() != null;
        }
    }

    /** A model's definition from a resolved spec. */
    private record ModelDefinition(String run, JsonNode json, ModelSpec spec, String error) {
    }

    /** Cells with the same model, backend and settings. */
    private static final class Group {
        final String model;
        final String backend;
        final String settingsKey;
        final Map<String, Object> settings;
        final List<Located> cells = new ArrayList<>();
        String label = "—";

        Group(String model, String backend, String settingsKey, Map<String, Object> settings) {
            this.model = model;
            this.backend = backend;
            this.settingsKey = settingsKey;
            this.settings = settings;
        }

        List<CellResult> ok() {
            return cells.stream().filter(Located::ok).map(Located::cell).toList();
        }

        Optional<Stats> stat(ToDoubleFunction<CellResult> metric, boolean needsTimings) {
            double[] values = ok().stream().filter(c -> !needsTimings || c.timings() != null).mapToDouble(metric)
                    .filter(Double::isFinite).toArray();
            return values.length == 0 ? Optional.empty() : Optional.of(Stats.of(values));
        }

        Optional<Stats> accuracy() {
            return stat(CellResult::testAccuracy, false);
        }

        Optional<Stats> secondsPerEpoch() {
            return stat(c -> c.timings().trainSeconds() / Math.max(1, c.epochs() == null ? 0 : c.epochs().size()), true);
        }

        Optional<Stats> trainSpeed() {
            return stat(c -> c.timings().trainImagesPerSecond(), true);
        }

        Optional<Stats> inferenceSpeed() {
            return stat(c -> c.timings().inferenceImagesPerSecond(), true);
        }
    }

    /** Builds the model. */
    ReportModel build() {
        List<Located> cells = new ArrayList<>();
        for (LoadedResults run : runs) {
            run.results().cells().forEach(c -> cells.add(new Located(c, run)));
        }
        Map<String, ModelDefinition> definitions = definitions();
        List<String> modelOrder = new ArrayList<>(definitions.keySet());
        cells.stream().map(l -> l.cell().model()).distinct().filter(m -> !modelOrder.contains(m)).forEach(modelOrder::add);
        List<String> backendOrder = backendOrder(cells);

        List<Group> groups = groups(cells, modelOrder, backendOrder);
        ReportModel.Settings settings = settings(groups);
        List<ReportModel.GroupRow> overview = overview(groups, modelOrder);
        ReportModel.Comparison comparison = comparison(groups, backendOrder);
        Map<String, Group> groupOfCell = new LinkedHashMap<>();
        for (Group g : groups) {
            g.cells.forEach(l -> groupOfCell.put(cellKey(l), g));
        }
        List<ReportModel.Model> models = new ArrayList<>();
        for (int i = 0; i < modelOrder.size(); i++) {
            String name = modelOrder.get(i);
            List<Located> own = cells.stream().filter(l -> l.cell().model().equals(name)).toList();
            models.add(model(i, name, definitions.get(name), own, groupOfCell));
        }
        List<ReportModel.Problem> problems = cells.stream().filter(l -> l.cell().status() != CellStatus.OK)
                .map(l -> new ReportModel.Problem(l.cell().id(), l.cell().status().jsonName(),
                        l.cell().reason() == null ? "" : l.cell().reason(), l.run().label()))
                .toList();
        checkData();

        String digitCss = images == null ? "" : DigitImages.css(images.images(), digitIndices);
        List<LoadedResults> running = runs.stream().filter(r -> r.results().finishedAt() == null).toList();
        String progress = running.isEmpty() ? "" : running.stream()
                .map(r -> r.label() + " is still running (" + r.results().cells().size() + " cells finished so far)")
                .collect(Collectors.joining("; ")) + ". This page reloads itself every " + REFRESH_SECONDS + " s.";
        String title = runs.stream().map(r -> r.results().experiment()).distinct().collect(Collectors.joining(" + "));
        JsonNode first = runs.get(0).results().resolvedSpec();
        String description = first == null ? "" : first.path("description").asText("");
        return new ReportModel(title, description, Formats.instant(runs.get(0).results().startedAt()),
                Formats.instant(now), running.isEmpty() ? null : REFRESH_SECONDS, progress,
                runs.stream().map(this::run).toList(), List.copyOf(notes), overview,
                !settings.differing().isEmpty(), settings, comparison, models,
                problems, SafeJson.write(Map.of("charts", charts)), digitCss);
    }

    private static String cellKey(Located l) {
        return l.run().directory() + "\u0000" + l.cell().id();
    }

    // ---------------------------------------------------------------- inputs

    private Map<String, ModelDefinition> definitions() {
        Map<String, ModelDefinition> definitions = new LinkedHashMap<>();
        ObjectMapper specs = SpecReader.strictMapper();
        for (LoadedResults run : runs) {
            JsonNode resolved = run.results().resolvedSpec();
            if (resolved == null) {
                continue;
            }
            for (JsonNode node : resolved.path("models")) {
                String name = node.path("name").asText(null);
                if (name == null) {
                    continue;
                }
                ModelDefinition known = definitions.get(name);
                if (known != null) {
                    if (!known.json().equals(node)) {
                        notes.add("Model " + name + " is defined differently in " + known.run() + " and " + run.label()
                                + "; the architecture shown is the one of " + known.run() + ".");
                    }
                    continue;
                }
                try {
                    definitions.put(name, new ModelDefinition(run.label(), node, specs.treeToValue(node, ModelSpec.class), ""));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    definitions.put(name, new ModelDefinition(run.label(), node, null,
                            "cannot read the model spec: " + e.getMessage().lines().findFirst().orElse("")));
                }
            }
        }
        return definitions;
    }

    /** Backends that finished cells first, in order of appearance, with cpu (the usual baseline) leading. */
    private static List<String> backendOrder(List<Located> cells) {
        List<String> order = new ArrayList<>();
        cells.stream().filter(Located::ok).map(l -> l.cell().backend()).distinct().forEach(order::add);
        boolean cpuFinished = order.contains("cpu");
        cells.stream().map(l -> l.cell().backend()).distinct().filter(b -> !order.contains(b)).forEach(order::add);
        if (cpuFinished) {
            order.remove("cpu");
            order.add(0, "cpu");
        }
        return order;
    }

    private void checkData() {
        Map<String, Map<String, String>> digestsByFile = new LinkedHashMap<>();
        for (LoadedResults run : runs) {
            if (run.results().data() != null) {
                run.results().data().forEach((file, sha) ->
                        digestsByFile.computeIfAbsent(file, f -> new LinkedHashMap<>()).put(run.label(), sha));
            }
        }
        digestsByFile.forEach((file, byRun) -> {
            if (new HashSet<>(byRun.values()).size() > 1) {
                notes.add("The runs used different copies of " + file + ": " + byRun.entrySet().stream()
                        .map(e -> e.getKey() + " " + shortSha(e.getValue())).collect(Collectors.joining(", ")) + ".");
            }
        });
        if (images == null) {
            notes.add("The MNIST test images were not available, so misclassified digits are listed by index only.");
            return;
        }
        String ours = images.sha256().get(TEST_IMAGES_FILE);
        Map<String, String> theirs = digestsByFile.getOrDefault(TEST_IMAGES_FILE, Map.of());
        List<String> differing = theirs.entrySet().stream().filter(e -> ours != null && !ours.equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (!differing.isEmpty()) {
            notes.add("The test images the digits are drawn from (" + TEST_IMAGES_FILE + " " + shortSha(ours)
                    + ") differ from those of " + String.join(", ", differing) + ".");
        }
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }

    // ---------------------------------------------------------------- groups and overview

    private static List<Group> groups(List<Located> cells, List<String> modelOrder, List<String> backendOrder) {
        Map<String, Group> byKey = new LinkedHashMap<>();
        List<String> settingsOrder = new ArrayList<>();
        for (Located l : cells) {
            Map<String, Object> settings = l.cell().settings() == null ? Map.of() : l.cell().settings();
            String settingsKey = canonical(settings);
            if (!settingsOrder.contains(settingsKey)) {
                settingsOrder.add(settingsKey);
            }
            String key = l.cell().model() + "\u0000" + l.cell().backend() + "\u0000" + settingsKey;
            byKey.computeIfAbsent(key, k -> new Group(l.cell().model(), l.cell().backend(), settingsKey, settings))
                    .cells.add(l);
        }
        List<Group> groups = new ArrayList<>(byKey.values());
        groups.sort(Comparator.<Group>comparingInt(g -> modelOrder.indexOf(g.model))
                .thenComparingInt(g -> settingsOrder.indexOf(g.settingsKey))
                .thenComparingInt(g -> backendOrder.indexOf(g.backend)));
        return groups;
    }

    private static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise settings", e);
        }
    }

    private static ReportModel.Settings settings(List<Group> groups) {
        Set<String> names = new LinkedHashSet<>();
        groups.forEach(g -> names.addAll(g.settings.keySet()));
        List<ReportModel.SettingColumn> columns = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (String name : names) {
            long distinct = groups.stream().map(g -> g.settings.containsKey(name) ? canonical(g.settings.get(name)) : "")
                    .distinct().count();
            boolean same = distinct <= 1;
            columns.add(new ReportModel.SettingColumn(name, same));
            if (!same) {
                differing.add(name);
            }
        }
        List<ReportModel.SettingsRow> rows = new ArrayList<>();
        for (Group g : groups) {
            List<ReportModel.SettingValue> values = new ArrayList<>();
            List<String> label = new ArrayList<>();
            for (ReportModel.SettingColumn c : columns) {
                String text = g.settings.containsKey(c.name()) ? Formats.settingValue(g.settings.get(c.name())) : "—";
                values.add(new ReportModel.SettingValue(text, c.same()));
                if (!c.same()) {
                    label.add(c.name() + " " + text);
                }
            }
            g.label = label.isEmpty() ? "—" : String.join(" · ", label);
            rows.add(new ReportModel.SettingsRow(g.model, g.backend, values));
        }
        return new ReportModel.Settings(columns, rows, String.join(", ", differing));
    }

    private static List<ReportModel.GroupRow> overview(List<Group> groups, List<String> modelOrder) {
        double bestAccuracy = best(groups, Group::accuracy, true);
        double bestSeconds = best(groups, Group::secondsPerEpoch, false);
        double bestTrain = best(groups, Group::trainSpeed, true);
        double bestInference = best(groups, Group::inferenceSpeed, true);
        List<ReportModel.GroupRow> rows = new ArrayList<>();
        for (Group g : groups) {
            ReportModel.Metric accuracy = g.accuracy().map(s -> new ReportModel.Metric(
                    s.n() > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f%%", s.mean() * 100, s.std() * 100)
                            : Formats.percent(s.mean()),
                    s.n() > 1 ? String.format(Locale.ROOT, "%.2f–%.2f", s.min() * 100, s.max() * 100) : "",
                    Formats.sortKey(s.mean()), s.mean() == bestAccuracy)).orElse(ReportModel.Metric.NONE);
            Long trainable = g.cells.stream().map(l -> l.cell().parameters()).filter(Objects::nonNull)
                    .map(p -> p.trainable()).findFirst().orElse(null);
            ReportModel.Metric parameters = trainable == null ? ReportModel.Metric.NONE
                    : new ReportModel.Metric(Formats.count(trainable), "", Long.toString(trainable), false);
            ReportModel.Metric seconds = metric(g.secondsPerEpoch(), Formats::seconds, bestSeconds);
            ReportModel.Metric train = metric(g.trainSpeed(), Formats::rate, bestTrain);
            ReportModel.Metric inference = metric(g.inferenceSpeed(), Formats::rate, bestInference);
            String seeds = g.cells.stream().map(l -> l.cell().seed()).distinct().sorted().map(String::valueOf)
                    .collect(Collectors.joining(", "));
            rows.add(new ReportModel.GroupRow(g.model, "model-" + modelOrder.indexOf(g.model), g.backend, g.label, seeds, accuracy, parameters, seconds,
                    train, inference, statusText(g.cells), statusClass(g.cells)));
        }
        return rows;
    }

    /** The best mean of a metric over groups, or NaN when fewer than two groups have it (nothing to mark). */
    private static double best(List<Group> groups, Function<Group, Optional<Stats>> metric, boolean highest) {
        double[] means = groups.stream().map(metric).flatMap(Optional::stream).mapToDouble(Stats::mean).toArray();
        if (means.length < 2) {
            return Double.NaN;
        }
        return highest ? Arrays.stream(means).max().orElseThrow() : Arrays.stream(means).min().orElseThrow();
    }

    private static ReportModel.Metric metric(Optional<Stats> stats, Function<Double, String> format, double best) {
        return stats.map(s -> new ReportModel.Metric(format.apply(s.mean()),
                s.n() > 1 ? format.apply(s.min()) + "–" + format.apply(s.max()) : "",
                Formats.sortKey(s.mean()), s.mean() == best)).orElse(ReportModel.Metric.NONE);
    }

    private static String statusText(List<Located> cells) {
        Map<CellStatus, Long> counts = new EnumMap<>(CellStatus.class);
        cells.forEach(l -> counts.merge(l.cell().status(), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().jsonName())
                .collect(Collectors.joining(" · "));
    }

    private static String statusClass(List<Located> cells) {
        if (cells.stream().allMatch(l -> l.cell().status() == CellStatus.OK)) {
            return "status-ok";
        }
        return cells.stream().anyMatch(l -> l.cell().status() == CellStatus.FAILED) ? "status-failed" : "status-partial";
    }

    // ---------------------------------------------------------------- backend comparison

    private ReportModel.Comparison comparison(List<Group> groups, List<String> backendOrder) {
        if (backendOrder.size() < 2) {
            String only = backendOrder.isEmpty() ? "no backend" : "one backend (" + backendOrder.get(0) + ")";
            return new ReportModel.Comparison(List.of(), "Every cell ran on " + only
                    + ", so there is nothing to compare. To compare backends, run the spec on another backend or machine"
                    + " and build one report from both results directories: lenet report DIR1 DIR2.", "");
        }
        String baseline = backendOrder.get(0);
        List<ReportModel.ComparisonRow> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> trainRatios = new ArrayList<>();
        List<Double> inferenceRatios = new ArrayList<>();
        List<Double> deltas = new ArrayList<>();
        for (Group base : groups) {
            if (!base.backend.equals(baseline) || base.accuracy().isEmpty()) {
                continue;
            }
            for (Group other : groups) {
                if (other == base || !other.model.equals(base.model) || !other.settingsKey.equals(base.settingsKey)
                        || other.accuracy().isEmpty()) {
                    continue;
                }
                double baseAccuracy = base.accuracy().orElseThrow().mean();
                double accuracy = other.accuracy().orElseThrow().mean();
                double delta = accuracy - baseAccuracy;
                Double trainRatio = ratio(other.trainSpeed(), base.trainSpeed());
                Double inferenceRatio = ratio(other.inferenceSpeed(), base.inferenceSpeed());
                rows.add(new ReportModel.ComparisonRow(base.model, base.label, baseline, other.backend,
                        Formats.percent(baseAccuracy), Formats.percent(accuracy), Formats.points(delta),
                        Math.abs(delta) < 5e-5 ? "delta-zero" : delta > 0 ? "delta-up" : "delta-down",
                        trainRatio == null ? "—" : Formats.ratio(trainRatio),
                        inferenceRatio == null ? "—" : Formats.ratio(inferenceRatio)));
                labels.add(base.model + ("—".equals(base.label) ? "" : " · " + base.label) + " · " + other.backend
                        + " vs " + baseline);
                trainRatios.add(trainRatio);
                inferenceRatios.add(inferenceRatio);
                deltas.add(delta * 100);
            }
        }
        if (rows.isEmpty()) {
            return new ReportModel.Comparison(List.of(), "Cells ran on " + backendOrder.size() + " backends ("
                    + String.join(", ", backendOrder) + "), but no model finished with the same settings on "
                    + baseline + " and on another backend.", baseline);
        }
        charts.add(chart("compare-speed", "bar", "Speed relative to " + baseline + " (×)", "", labels,
                List.of(series("training", trainRatios), series("inference", inferenceRatios)), true));
        charts.add(chart("compare-accuracy", "bar", "Test accuracy difference to " + baseline + " (percentage points)",
                "", labels, List.of(series("accuracy difference", deltas)), true));
        return new ReportModel.Comparison(rows, "", baseline);
    }

    private static Double ratio(Optional<Stats> value, Optional<Stats> base) {
        if (value.isEmpty() || base.isEmpty() || base.get().mean() <= 0) {
            return null;
        }
        return value.get().mean() / base.get().mean();
    }

    // ---------------------------------------------------------------- per model

    private ReportModel.Model model(int index, String name, ModelDefinition definition, List<Located> cells,
                                    Map<String, Group> groupOfCell) {
        String anchor = "model-" + index;
        String description = definition == null || definition.spec() == null || definition.spec().description() == null
                ? "" : definition.spec().description();
        String summary = cells.isEmpty() ? "no cell has finished yet" : cells.size() + (cells.size() == 1 ? " cell: " : " cells: ")
                + statusText(cells);
        return new ReportModel.Model(name, anchor, description, summary, curves(index, cells, groupOfCell),
                architecture(name, definition, cells), confusion(cells), digits(cells));
    }

    private List<ReportModel.Curves> curves(int index, List<Located> cells, Map<String, Group> groupOfCell) {
        List<Located> trained = cells.stream().filter(l -> l.cell().epochs() != null && !l.cell().epochs().isEmpty())
                .toList();
        if (trained.isEmpty()) {
            return List.of();
        }
        int epochs = trained.stream().flatMap(l -> l.cell().epochs().stream()).mapToInt(e -> e.epoch()).max().orElse(1);
        List<Object> epochLabels = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            epochLabels.add(e);
        }
        List<Object> accuracy = new ArrayList<>();
        List<Object> loss = new ArrayList<>();
        for (Located l : trained) {
            Double[] acc = new Double[epochs];
            Double[] lss = new Double[epochs];
            l.cell().epochs().forEach(e -> {
                if (e.epoch() >= 1 && e.epoch() <= epochs) {
                    acc[e.epoch() - 1] = finite(e.testAccuracy() * 100);
                    lss[e.epoch() - 1] = finite(e.trainLoss());
                }
            });
            Group g = groupOfCell.get(cellKey(l));
            String label = l.cell().backend() + " · seed " + l.cell().seed()
                    + (g == null || "—".equals(g.label) ? "" : " · " + g.label)
                    + (runs.size() > 1 ? " · " + l.run().label() : "");
            accuracy.add(series(label, Arrays.asList(acc)));
            loss.add(series(label, Arrays.asList(lss)));
        }
        String accuracyCanvas = "curve-accuracy-" + index;
        String lossCanvas = "curve-loss-" + index;
        Map<String, Object> accuracyChart = chart(accuracyCanvas, "line", "Test accuracy (%)", "epoch", epochLabels,
                accuracy, false);
        accuracyChart.put("yMax", 100);
        charts.add(accuracyChart);
        charts.add(chart(lossCanvas, "line", "Training loss", "epoch", epochLabels, loss, false));
        String note = epochs == 1 ? "One epoch per cell, so each cell is a single point." : "";
        return List.of(new ReportModel.Curves(accuracyCanvas, lossCanvas, note));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private ReportModel.Architecture architecture(String name, ModelDefinition definition, List<Located> cells) {
        if (definition == null) {
            return new ReportModel.Architecture("", List.of(), List.of(), "The results do not include this model's spec.");
        }
        if (definition.spec() == null) {
            return new ReportModel.Architecture("", List.of(), List.of(), definition.error());
        }
        ModelPlan plan;
        try {
            plan = ModelPlanner.plan(definition.spec(), 0);
        } catch (SpecException e) {
            return new ReportModel.Architecture("", List.of(), List.of(), "cannot plan the model: "
                    + e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        }
        List<ReportModel.Layer> layers = new ArrayList<>();
        for (LayerPlan l : plan.layers()) {
            layers.add(new ReportModel.Layer(l.name(), l.spec().type(), shape(l.output()),
                    Formats.count(l.trainableParameters()), Formats.count(l.fixedParameters()),
                    Formats.count(l.connections())));
        }
        ReportModel.Layer total = new ReportModel.Layer("total", "", shape(plan.output()),
                Formats.count(plan.trainableParameters()), Formats.count(plan.fixedParameters()),
                Formats.count(plan.connections()));
        cells.stream().map(l -> l.cell().parameters()).filter(Objects::nonNull)
                .filter(p -> p.trainable() != plan.trainableParameters()).findFirst()
                .ifPresent(p -> notes.add("Cells of model " + name + " report " + Formats.count(p.trainable())
                        + " trainable parameters, but its spec plans " + Formats.count(plan.trainableParameters()) + "."));
        return new ReportModel.Architecture(shape(plan.input()), layers, List.of(total), "");
    }

    private static String shape(Shape shape) {
        return Arrays.stream(shape.dims()).mapToObj(String::valueOf).collect(Collectors.joining("×"));
    }

    private static List<ReportModel.Confusion> confusion(List<Located> cells) {
        List<Located> finished = cells.stream().filter(l -> l.ok() && l.cell().confusionMatrix() != null
                && l.cell().confusionMatrix().length > 0).toList();
        if (finished.isEmpty()) {
            return List.of();
        }
        int k = finished.get(0).cell().confusionMatrix().length;
        finished = finished.stream().filter(l -> isSquare(l.cell().confusionMatrix(), k)).toList();
        long[][] sum = new long[k][k];
        for (Located l : finished) {
            int[][] m = l.cell().confusionMatrix();
            for (int t = 0; t < k; t++) {
                for (int p = 0; p < k; p++) {
                    sum[t][p] += m[t][p];
                }
            }
        }
        long maxOff = 1;
        long[] rowSums = new long[k];
        long[] columnSums = new long[k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                rowSums[t] += sum[t][p];
                columnSums[p] += sum[t][p];
                if (t != p) {
                    maxOff = Math.max(maxOff, sum[t][p]);
                }
            }
        }
        List<String> labels = new ArrayList<>();
        List<ReportModel.ConfusionRow> rows = new ArrayList<>();
        List<ReportModel.ClassRow> perClass = new ArrayList<>();
        double[] f1s = new double[k];
        for (int t = 0; t < k; t++) {
            labels.add(Integer.toString(t));
            List<ReportModel.ConfusionCell> row = new ArrayList<>();
            for (int p = 0; p < k; p++) {
                long n = sum[t][p];
                String style;
                if (t == p) {
                    double share = rowSums[t] == 0 ? 0 : (double) n / rowSums[t];
                    style = heat(46, 125, 50, 0.15 + 0.6 * share);
                } else {
                    style = n == 0 ? "" : heat(198, 40, 40, 0.12 + 0.78 * Math.sqrt((double) n / maxOff));
                }
                row.add(new ReportModel.ConfusionCell(Formats.count(n), n == 0 ? "color:#b8bfcc" : style,
                        "true " + t + ", predicted " + p + ": " + Formats.count(n)));
            }
            rows.add(new ReportModel.ConfusionRow(Integer.toString(t), row));
            double precision = columnSums[t] == 0 ? 0 : (double) sum[t][t] / columnSums[t];
            double recall = rowSums[t] == 0 ? 0 : (double) sum[t][t] / rowSums[t];
            f1s[t] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        double worst = Arrays.stream(f1s).min().orElse(0);
        for (int t = 0; t < k; t++) {
            double precision = columnSums[t] == 0 ? 0 : (double) sum[t][t] / columnSums[t];
            double recall = rowSums[t] == 0 ? 0 : (double) sum[t][t] / rowSums[t];
            perClass.add(new ReportModel.ClassRow(Integer.toString(t), Formats.percent(precision),
                    Formats.percent(recall), Formats.percent(f1s[t]), Formats.count(rowSums[t]), f1s[t] == worst));
        }
        String caption = finished.size() == 1 ? "Cell " + finished.get(0).cell().id()
                : "Summed over " + finished.size() + " finished cells (backends "
                + finished.stream().map(l -> l.cell().backend()).distinct().collect(Collectors.joining(", "))
                + "; seeds " + finished.stream().map(l -> l.cell().seed()).distinct().sorted().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ")";
        return List.of(new ReportModel.Confusion(caption, labels, rows, perClass));
    }

    private static boolean isSquare(int[][] m, int k) {
        return m.length == k && Arrays.stream(m).allMatch(r -> r != null && r.length == k);
    }

    private static String heat(int r, int g, int b, double alpha) {
        double a = Math.min(1, Math.max(0, alpha));
        return String.format(Locale.ROOT, "background-color:rgba(%d,%d,%d,%.2f)%s", r, g, b, a,
                a > 0.55 ? ";color:#fff" : "");
    }

    private List<ReportModel.CellDigits> digits(List<Located> cells) {
        List<ReportModel.CellDigits> result = new ArrayList<>();
        ImageSet set = images == null ? null : images.images();
        for (Located l : cells) {
            int[] wrong = l.cell().misclassified();
            if (!l.ok() || wrong == null || wrong.length == 0) {
                continue;
            }
            int[] predicted = l.cell().misclassifiedAs();
            boolean hasPredictions = predicted != null && predicted.length == wrong.length;
            int shown = Math.min(DIGITS_PER_CELL, wrong.length);
            List<ReportModel.Digit> digits = new ArrayList<>(shown);
            for (int i = 0; i < shown; i++) {
                int index = wrong[i];
                boolean drawable = set != null && index >= 0 && index < set.count();
                String truth = drawable ? Integer.toString(set.label(index)) : "?";
                String guess = hasPredictions ? Integer.toString(predicted[i]) : "?";
                if (drawable) {
                    digitIndices.add(index);
                }
                digits.add(new ReportModel.Digit(index, truth, guess, drawable ? DigitImages.cssClass(index) : "",
                        "test image #" + index + ": true " + truth + ", predicted " + guess));
            }
            String caption = (shown < wrong.length ? "first " + shown + " of " : "all ") + Formats.count(wrong.length)
                    + " misclassified test images"
                    + (hasPredictions ? "" : " (this results file does not record the predicted labels)");
            String id = l.cell().id() + (runs.size() > 1 ? " (" + l.run().label() + ")" : "");
            result.add(new ReportModel.CellDigits(id, caption, result.isEmpty(), digits));
        }
        return result;
    }

    // ---------------------------------------------------------------- runs

    private ReportModel.Run run(LoadedResults loaded) {
        var r = loaded.results();
        List<ReportModel.Entry> environment = new ArrayList<>();
        if (r.environment() != null) {
            environment.add(new ReportModel.Entry("Java", String.valueOf(r.environment().java())));
            environment.add(new ReportModel.Entry("OS", String.valueOf(r.environment().os())));
            environment.add(new ReportModel.Entry("CPU", String.valueOf(r.environment().cpu())));
            environment.add(new ReportModel.Entry("cores", Integer.toString(r.environment().cores())));
        }
        Map<String, String> devices = new LinkedHashMap<>();
        for (CellResult c : r.cells()) {
            if (c.device() != null) {
                devices.merge(c.backend(), c.device(), (a, b) -> a.equals(b) || a.contains(b) ? a : a + "; " + b);
            }
        }
        List<ReportModel.Entry> data = r.data() == null ? List.of() : r.data().entrySet().stream()
                .map(e -> new ReportModel.Entry(e.getKey(), e.getValue())).toList();
        String spec;
        try {
            spec = r.resolvedSpec() == null ? "(not recorded)" : PRETTY.writeValueAsString(r.resolvedSpec());
        } catch (JsonProcessingException e) {
            spec = "(cannot be shown: " + e.getOriginalMessage() + ")";
        }
        List<Located> cells = r.cells().stream().map(c -> new Located(c, loaded)).toList();
        String summary = cells.isEmpty() ? "no cell finished yet"
                : cells.size() + (cells.size() == 1 ? " cell: " : " cells: ") + statusText(cells);
        return new ReportModel.Run(loaded.label(), loaded.directory().toString(), r.experiment(),
                r.spec() == null ? "" : r.spec(), r.specSha256() == null ? "" : r.specSha256(),
                Formats.instant(r.startedAt()), r.finishedAt() == null ? "still running" : Formats.instant(r.finishedAt()),
                environment, devices.entrySet().stream().map(e -> new ReportModel.Entry(e.getKey(), e.getValue())).toList(),
                data, spec, summary);
    }

    // ---------------------------------------------------------------- chart data

    private static Map<String, Object> chart(String canvas, String kind, String title, String xLabel, List<?> labels,
                                             List<?> series, boolean horizontal) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("canvas", canvas);
        chart.put("kind", kind);
        chart.put("title", title);
        chart.put("xLabel", xLabel);
        chart.put("labels", labels);
        chart.put("series", series);
        chart.put("horizontal", horizontal);
        return chart;
    }

    private static Map<String, Object> series(String label, List<? extends Number> data) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("label", label);
        series.put("data", data);
        return series;
    }
}
