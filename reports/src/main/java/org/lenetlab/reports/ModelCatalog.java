package org.lenetlab.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lenetlab.results.ModelSummary;
import org.lenetlab.spec.ModelReference;

/**
 * Every model of a report, in order: the models of each run's spec (run by run, in spec order), then models that only
 * cells name. Each is described by the first run that defines it: its spec's JSON (for the description) and the
 * architecture the run recorded ({@link org.lenetlab.results.ResultsFile#models()}). Reads the results only; it plans
 * nothing.
 *
 * @param models the models, in report order
 * @param notes  a note for each model that two runs define differently
 */
record ModelCatalog(List<Entry> models, List<String> notes) {
    /** Says that an architecture is missing from results that {@link ResultsLoader} did not read. */
    static final String NOT_RECORDED = "The results do not record this model's architecture.";
    /** Says that a model is known from cells only. */
    static final String NO_SPEC = "The results do not include this model's spec.";

    /** Copies the lists. */
    ModelCatalog {
        models = List.copyOf(models);
        notes = List.copyOf(notes);
    }

    /**
     * A model.
     *
     * @param name       its name
     * @param run        the label of the run it is described by, or empty when no run defines it
     * @param definition its spec as the run's resolved spec holds it, or {@code null}
     * @param summary    its architecture as the run recorded it, or {@code null}
     * @param problem    why there is no architecture, or empty when there is one
     */
    record Entry(String name, String run, JsonNode definition, ModelSummary summary, String problem) {
        /** Checks the name. */
        Entry {
            Objects.requireNonNull(name, "name");
        }

        /** The model's description from its spec, or empty. */
        String description() {
            JsonNode d = definition == null ? null : definition.get("description");
            return d != null && d.isTextual() ? d.textValue() : "";
        }
    }

    /** The catalog of {@code runs} and their {@code cells}. */
    static ModelCatalog of(List<LoadedResults> runs, List<RunCell> cells) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (LoadedResults run : runs) {
            Map<String, ModelSummary> summaries = new LinkedHashMap<>();
            if (run.results().models() != null) {
                run.results().models().forEach(s -> summaries.putIfAbsent(s.model(), s));
            }
            Map<String, JsonNode> definitions = new LinkedHashMap<>();
            JsonNode resolved = run.results().resolvedSpec();
            if (resolved != null) {
                for (JsonNode entry : resolved.path("models")) {
                    JsonNode node = ModelReference.modelOf(entry);
                    String name = node.path("name").asText(null);
                    if (name != null) {
                        definitions.putIfAbsent(name, node);
                    }
                }
            }
            List<String> names = new ArrayList<>(definitions.keySet());
            summaries.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
            for (String name : names) {
                JsonNode definition = definitions.get(name);
                ModelSummary summary = summaries.get(name);
                Entry known = entries.get(name);
                if (known == null) {
                    String problem = summary != null ? ""
                            : run.architectureProblems().getOrDefault(name, NOT_RECORDED);
                    entries.put(name, new Entry(name, run.label(), definition, summary, problem));
                } else if (differs(known.definition(), definition) || differs(known.summary(), summary)) {
                    notes.add("Model " + name + " is defined differently in " + known.run() + " and " + run.label()
                            + "; the architecture shown is the one of " + known.run() + ".");
                }
            }
        }
        cells.stream().map(l -> l.cell().model()).distinct().filter(m -> !entries.containsKey(m))
                .forEach(m -> entries.put(m, new Entry(m, "", null, null, NO_SPEC)));
        return new ModelCatalog(new ArrayList<>(entries.values()), notes);
    }

    /** The models' names, in report order. */
    List<String> names() {
        return models.stream().map(Entry::name).toList();
    }

    private static boolean differs(Object known, Object other) {
        return known != null && other != null && !known.equals(other);
    }
}
