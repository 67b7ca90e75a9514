package org.lenetlab.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lenetlab.results.CellResult;
import org.lenetlab.results.CellStatus;
import org.lenetlab.results.ResultsFile;
import org.lenetlab.spec.ModelReference;
import org.lenetlab.spec.SpecReader;

/**
 * What a resumed run keeps from the results it continues: every cell that finished ({@code ok} or {@code failed})
 * and is still defined the same way. Cells that were {@code skipped} or {@code interrupted}, and cells without a
 * result, run again.
 *
 * <p>A cell is defined by its model spec, backend, seed, settings (after the command line's overrides) and data set;
 * a finished cell's definition is recovered from the previous results file (its {@code resolvedSpec} and the cell's
 * own entry). Resuming is refused when the spec's hash changed, or when a finished cell is no longer in the matrix
 * or is defined differently (other {@code --epochs}, {@code --limit-train} or {@code --backend}), unless forced:
 * then the finished cells whose definition did not change are kept and the others dropped.
 *
 * @param kept      the finished cells to keep, by id
 * @param startedAt when the run being resumed started, or {@code null} for a new run
 * @param notes     one line for each thing a person should know (e.g. cells dropped by {@code --force})
 */
public record ResumePlan(Map<String, CellResult> kept, String startedAt, List<String> notes) {
    /** A new run: nothing kept. */
    public static final ResumePlan NONE = new ResumePlan(Map.of(), null, List.of());

    private static final ObjectMapper MAPPER = SpecReader.strictMapper();

    /** Copies. */
    public ResumePlan {
        kept = Map.copyOf(kept);
        notes = List.copyOf(notes);
    }

    /** Resuming was refused; the message says why and what to do. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * The plan for continuing {@code previous} with {@code cells}.
     *
     * @param previous   the results file found in the output directory
     * @param specSha256 the hash of the spec being run now
     * @param cells      the cells of the matrix being run now
     * @param force      keep what still fits instead of refusing
     * @throws RefusedException when the spec or a finished cell changed and {@code force} is false
     */
    public static ResumePlan of(ResultsFile previous, String specSha256, List<Cell> cells, boolean force) {
        List<String> notes = new ArrayList<>();
        if (!specSha256.equals(previous.specSha256())) {
            if (!force) {
                throw new RefusedException("the experiment spec changed since these results were written (specSha256 "
                        + abbreviate(previous.specSha256()) + ", now " + abbreviate(specSha256)
                        + "); use --force to keep the finished cells whose definition did not change, or another --out");
            }
            notes.add("the experiment spec changed (--force): keeping only the finished cells whose definition did not change");
        }
        Map<String, CellSpec> byId = new LinkedHashMap<>();
        cells.forEach(c -> byId.put(c.id(), c.spec()));
        Map<String, CellResult> kept = new LinkedHashMap<>();
        for (CellResult r : previous.cells()) {
            if (r.status() != CellStatus.OK && r.status() != CellStatus.FAILED) {
                continue;
            }
            CellSpec now = byId.get(r.id());
            if (now == null) {
                if (!force) {
                    throw new RefusedException("finished cell " + r.id() + " is not in this run's matrix (was another "
                            + "--backend given?); use --force to drop it, or another --out");
                }
                notes.add("dropping cell " + r.id() + ": it is not in this run's matrix");
                continue;
            }
            String difference = difference(definition(r, previous.resolvedSpec()), definition(now));
            if (difference != null) {
                if (!force) {
                    throw new RefusedException("finished cell " + r.id() + " was defined differently (" + difference
                            + "); pass the same --epochs, --limit-train and --backend as before, use --force to run "
                            + "the changed cells again, or use another --out");
                }
                notes.add("running cell " + r.id() + " again: its definition changed (" + difference + ")");
                continue;
            }
            kept.put(r.id(), r);
        }
        return new ResumePlan(kept, previous.startedAt(), notes);
    }

    /**
     * This plan with the finished cells ({@code ok} or {@code failed}) that {@code runDir}'s cell files
     * ({@link CellFiles}) hold for the very definitions of {@code cells} and that it does not keep yet: cells that
     * ended after the last write of {@code results.json} (a crash, Ctrl-C while a cluster's tasks were finishing).
     */
    public ResumePlan withCellFiles(Path runDir, List<Cell> cells) {
        Map<String, CellResult> all = new LinkedHashMap<>(kept);
        int found = 0;
        for (Cell cell : cells) {
            if (all.containsKey(cell.id())) {
                continue;
            }
            var result = CellFiles.finished(runDir, cell.spec());
            if (result.isPresent() && (result.get().status() == CellStatus.OK
                    || result.get().status() == CellStatus.FAILED)) {
                all.put(cell.id(), result.get());
                found++;
            }
        }
        if (found == 0) {
            return this;
        }
        List<String> more = new ArrayList<>(notes);
        more.add(found + " finished cells taken from " + runDir.resolve(CellFiles.DIR)
                + " (they ended after results.json was last written)");
        return new ResumePlan(all, startedAt, more);
    }

    /** The definition of a cell about to run. */
    static JsonNode definition(CellSpec cell) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("model", MAPPER.valueToTree(cell.model()));
        node.put("backend", cell.backend());
        node.put("seed", cell.seed());
        node.set("settings", MAPPER.valueToTree(cell.settings()));
        node.set("dataset", MAPPER.valueToTree(cell.dataset()));
        return normalized(node);
    }

    /** The definition of a finished cell, from its entry and the resolved spec of its run. */
    static JsonNode definition(CellResult cell, JsonNode resolvedSpec) {
        ObjectNode node = MAPPER.createObjectNode();
        JsonNode model = null;
        if (resolvedSpec != null) {
            for (JsonNode entry : resolvedSpec.path("models")) {
                JsonNode m = ModelReference.modelOf(entry);
                if (m.path("name").asText("").equals(cell.model())) {
                    model = m;
                }
            }
        }
        node.set("model", model);
        node.put("backend", cell.backend());
        node.put("seed", cell.seed());
        node.set("settings", MAPPER.valueToTree(cell.settings()));
        node.set("dataset", resolvedSpec == null ? null : resolvedSpec.get("dataset"));
        return normalized(node);
    }

    /** The same tree as written to and read back from text, so that number types compare equal. */
    private static JsonNode normalized(JsonNode node) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a cell definition", e);
        }
    }

    /** The first difference between two definitions, e.g. {@code settings.epochs 2, now 3}, or {@code null}. */
    static String difference(JsonNode before, JsonNode now) {
        return difference("", before, now);
    }

    private static String difference(String path, JsonNode before, JsonNode now) {
        if (before != null && now != null && before.equals(now)) {
            return null;
        }
        if (before != null && now != null && before.isObject() && now.isObject()) {
            for (Iterator<String> names = now.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String d = difference(path.isEmpty() ? name : path + "." + name, before.get(name), now.get(name));
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> names = before.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!now.has(name)) {
                    return (path.isEmpty() ? name : path + "." + name) + " " + brief(before.get(name)) + ", now unset";
                }
            }
        }
        return (path.isEmpty() ? "definition" : path) + " " + brief(before) + ", now " + brief(now);
    }

    private static String brief(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "unset";
        }
        String s = node.toString();
        return s.length() > 60 ? "(changed)" : s;
    }

    private static String abbreviate(String sha) {
        return sha == null ? "none" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
