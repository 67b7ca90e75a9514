package org.lenetlab.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.lenetlab.data.KnownDataset;

/**
 * The class names of a run's data set, read from its resolved spec: a declared data set's {@code classes}, a known
 * data set's names (Fashion-MNIST's "T-shirt/top", …), else the class numbers.
 */
final class ClassNames {
    private ClassNames() {
    }

    /** The names of {@code run}'s {@code count} classes, class 0 first. */
    static List<String> of(LoadedResults run, int count) {
        JsonNode spec = run.results().resolvedSpec();
        JsonNode dataset = spec == null ? null : spec.get("dataset");
        List<String> names = new ArrayList<>();
        if (dataset != null && dataset.get("classes") != null && dataset.get("classes").isArray()) {
            dataset.get("classes").forEach(n -> names.add(n.asText()));
        } else if (dataset != null && dataset.get("name") != null && dataset.get("files") == null) {
            KnownDataset.named(dataset.get("name").asText()).ifPresent(d -> names.addAll(d.classNames()));
        }
        if (names.size() != count) {
            names.clear();
            for (int i = 0; i < count; i++) {
                names.add(Integer.toString(i));
            }
        }
        return names;
    }
}
