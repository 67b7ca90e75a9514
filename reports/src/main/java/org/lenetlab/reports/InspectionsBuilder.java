package org.lenetlab.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.checkpoint.Checkpoint;
import org.lenetlab.checkpoint.CheckpointException;
import org.lenetlab.checkpoint.CheckpointFiles;
import org.lenetlab.data.ImageSet;
import org.lenetlab.inspect.Inspector;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.run.Cell;

/**
 * The "Inside the networks" section: per model, the {@link InspectionHtml} panel of one test digit (the first of
 * the test set) through the saved model of the model's first finished cell, computed on that cell's backend (or the
 * cpu backend) from its checkpoint in the run directory. A model without a saved model, a backend or the test images
 * gets no panel and a note says why.
 */
final class InspectionsBuilder {
    /** The test digit shown: the first of the test set. */
    static final int DIGIT = 0;

    private InspectionsBuilder() {
    }

    /** The panels, one per model in {@code modelOrder} that has one, or {@code null} when none has. */
    static String build(List<RunCell> cells, List<String> modelOrder, Optional<TestImages> images,
                        List<String> notes) {
        if (images.isEmpty() || images.get().images().count() <= DIGIT) {
            return null;
        }
        ImageSet test = images.get().images();
        BackendRegistry registry = null;
        StringBuilder html = new StringBuilder();
        for (String model : modelOrder) {
            RunCell chosen = null;
            Path file = null;
            for (RunCell c : cells) {
                if (c.cell().model().equals(model) && c.ok()) {
                    Path f = CheckpointFiles.of(c.run().directory(), c.cell().id());
                    if (Files.isRegularFile(f)) {
                        chosen = c;
                        file = f;
                        break;
                    }
                }
            }
            if (chosen == null) {
                continue; // no finished cell with a saved model: nothing to look inside
            }
            try {
                Checkpoint checkpoint = Checkpoint.read(file);
                ModelPlan plan = Cell.of(checkpoint.cell()).plan();
                int size = test.imageSize();
                int pad = plan.preprocessing().padding();
                if ((plan.input().dim(1) - 2 * pad) * (plan.input().dim(2) - 2 * pad) != size) {
                    continue; // not a model of MNIST-sized digits
                }
                if (registry == null) {
                    registry = BackendRegistry.discover();
                }
                Backend backend = backend(registry, checkpoint.metadata().backend());
                if (backend == null) {
                    notes.add("No panel inside " + model + ": no backend here can run its saved model.");
                    continue;
                }
                float[] digit = Arrays.copyOfRange(test.pixels(), DIGIT * size, (DIGIT + 1) * size);
                html.append(InspectionHtml.panel(Inspector.inspect(backend, checkpoint, plan, digit)));
            } catch (CheckpointException | IllegalArgumentException | UnsupportedOperationException e) {
                notes.add("No panel inside " + model + ": " + String.valueOf(e.getMessage()).lines().findFirst()
                        .orElse(""));
            }
        }
        return html.length() == 0 ? null : "<style>\n" + InspectionHtml.CSS + "</style>\n" + html;
    }

    private static Backend backend(BackendRegistry registry, String preferred) {
        for (String name : List.of(preferred == null ? "cpu" : preferred, "cpu")) {
            try {
                if (registry.contains(name)) {
                    return registry.get(name);
                }
            } catch (BackendUnavailableException | IllegalArgumentException e) {
                // try the next one
            }
        }
        return null;
    }
}
