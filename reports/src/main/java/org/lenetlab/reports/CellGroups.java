package org.lenetlab.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.lenetlab.plan.Precision;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.ResultsWriter;
import org.lenetlab.train.TrainingSettings;

/**
 * The cells of a report grouped by model × backend × settings, the unit the overview aggregates over seeds and the
 * backend comparison pairs. Settings are compared as results record them (their JSON form, by name), so the report
 * shows every setting under the name a results file and a spec use, including ones added later. Immutable; made
 * once per report and read by the section builders.
 */
final class CellGroups {
    private static final String NO_LABEL = "—";

    private final List<Group> groups;
    private final List<String> backendOrder;
    private final List<String> settingNames;
    private final Set<String> differing;
    private final Map<String, Group> groupOfCell;

    /**
     * Cells of one model, backend and settings.
     *
     * @param model    the model
     * @param backend  the backend
     * @param settings the settings as results record them (an empty object when a cell has none)
     * @param cells    its cells, in report order
     * @param label    the settings in which this group differs from others ({@code name value · ...}), or "—"
     */
    record Group(String model, String backend, JsonNode settings, List<RunCell> cells, String label) {
        /** Copies the list. */
        Group {
            cells = List.copyOf(cells);
        }

        /** The cells that finished with a test accuracy. */
        List<CellResult> ok() {
            return cells.stream().filter(RunCell::ok).map(RunCell::cell).toList();
        }

        /** Whether {@link #label()} names a setting (it is not "—"). */
        boolean labelled() {
            return !NO_LABEL.equals(label);
        }

        /** Test accuracy over the finished cells. */
        Optional<Stats> accuracy() {
            return stat(CellResult::testAccuracy, false);
        }

        /** Training seconds per epoch over the finished cells with timings. */
        Optional<Stats> secondsPerEpoch() {
            return stat(c -> c.timings().trainSeconds() / Math.max(1, c.epochs() == null ? 0 : c.epochs().size()),
                    true);
        }

        /** Training images per second over the finished cells with timings. */
        Optional<Stats> trainSpeed() {
            return stat(c -> c.timings().trainImagesPerSecond(), true);
        }

        /** Inference images per second over the finished cells with timings. */
        Optional<Stats> inferenceSpeed() {
            return stat(c -> c.timings().inferenceImagesPerSecond(), true);
        }

        private Optional<Stats> stat(ToDoubleFunction<CellResult> metric, boolean needsTimings) {
            double[] values = ok().stream().filter(c -> !needsTimings || c.timings() != null).mapToDouble(metric)
                    .filter(Double::isFinite).toArray();
            return values.length == 0 ? Optional.empty() : Optional.of(Stats.of(values));
        }
    }

    private CellGroups(List<Group> groups, List<String> backendOrder, List<String> settingNames, Set<String> differing) {
        this.groups = List.copyOf(groups);
        this.backendOrder = List.copyOf(backendOrder);
        this.settingNames = List.copyOf(settingNames);
        this.differing = Set.copyOf(differing);
        Map<String, Group> byCell = new LinkedHashMap<>();
        for (Group g : this.groups) {
            g.cells().forEach(l -> byCell.put(cellKey(l), g));
        }
        this.groupOfCell = Map.copyOf(byCell);
    }

    /**
     * Groups {@code cells}, sorted by model (in {@code modelOrder}), then settings (in order of appearance), then
     * backend (see {@link #backendOrder()}).
     */
    static CellGroups of(List<RunCell> cells, List<String> modelOrder) {
        List<String> backends = backendOrder(cells);
        record Key(String model, String backend, JsonNode settings) {
        }
        Map<Key, List<RunCell>> byKey = new LinkedHashMap<>();
        List<JsonNode> settingsOrder = new ArrayList<>();
        for (RunCell l : cells) {
            JsonNode settings = json(l.cell().settings());
            if (!settingsOrder.contains(settings)) {
                settingsOrder.add(settings);
            }
            byKey.computeIfAbsent(new Key(l.cell().model(), l.cell().backend(), settings), k -> new ArrayList<>()).add(l);
        }
        List<Key> keys = new ArrayList<>(byKey.keySet());
        keys.sort(Comparator.<Key>comparingInt(k -> modelOrder.indexOf(k.model()))
                .thenComparingInt(k -> settingsOrder.indexOf(k.settings()))
                .thenComparingInt(k -> backends.indexOf(k.backend())));

        Set<String> names = new LinkedHashSet<>();
        keys.forEach(k -> k.settings().fieldNames().forEachRemaining(names::add));
        Set<String> differing = new LinkedHashSet<>();
        for (String name : names) {
            if (keys.stream().map(k -> Optional.ofNullable(k.settings().get(name))).distinct().count() > 1) {
                differing.add(name);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (Key k : keys) {
            List<String> label = new ArrayList<>();
            for (String name : names) {
                if (differing.contains(name)) {
                    label.add(name + " " + text(k.settings(), name));
                }
            }
            groups.add(new Group(k.model(), k.backend(), k.settings(), byKey.get(k),
                    label.isEmpty() ? NO_LABEL : String.join(" · ", label)));
        }
        return new CellGroups(groups, backends, new ArrayList<>(names), differing);
    }

    /** The groups, in report order. */
    List<Group> groups() {
        return groups;
    }

    /** Backends that finished cells first, in order of appearance, with cpu (the usual baseline) leading. */
    List<String> backendOrder() {
        return backendOrder;
    }

    /** The name of every setting of any group, in order of appearance. */
    List<String> settingNames() {
        return settingNames;
    }

    /** Whether setting {@code name} has different values in different groups (or is missing from some). */
    boolean differs(String name) {
        return differing.contains(name);
    }

    /** The names of the settings that differ between groups, in order of appearance. */
    List<String> differingNames() {
        return settingNames.stream().filter(differing::contains).toList();
    }

    /** The group of {@code cell} (a cell of a run, by directory and id), if it is one of the grouped cells. */
    Optional<Group> groupOf(RunCell cell) {
        return Optional.ofNullable(groupOfCell.get(cellKey(cell)));
    }

    private static String cellKey(RunCell l) {
        return l.run().directory() + "\u0000" + l.cell().id();
    }

    /**
     * A group's value of setting {@code name} as the report writes it, or "—" when the group has none; a missing
     * {@code precision} is the default, float32 (results leave it out).
     */
    static String text(JsonNode settings, String name) {
        if (!settings.has(name) && PRECISION.equals(name) && settings.size() > 0) {
            return Precision.FLOAT32.jsonName();
        }
        return settings.has(name) ? Formats.settingValue(settings.get(name)) : NO_LABEL;
    }

    /** The setting results leave out when it is float32. */
    private static final String PRECISION = "precision";

    /** Settings as results record them: the JSON object of the results file. */
    static JsonNode json(TrainingSettings settings) {
        if (settings == null) {
            return ResultsWriter.mapper().createObjectNode();
        }
        ObjectNode node = ResultsWriter.mapper().valueToTree(settings);
        return Objects.requireNonNull(node);
    }

    private static List<String> backendOrder(List<RunCell> cells) {
        List<String> order = new ArrayList<>();
        cells.stream().filter(RunCell::ok).map(l -> l.cell().backend()).distinct().forEach(order::add);
        boolean cpuFinished = order.contains("cpu");
        cells.stream().map(l -> l.cell().backend()).distinct().filter(b -> !order.contains(b)).forEach(order::add);
        if (cpuFinished) {
            order.remove("cpu");
            order.add(0, "cpu");
        }
        return order;
    }
}
