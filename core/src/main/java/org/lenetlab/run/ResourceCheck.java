package org.lenetlab.run;

import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.BackendUnavailableException;
import org.lenetlab.model.ModelPlan;
import org.lenetlab.model.ModelPlanner;

/**
 * Refuses, before anything runs, the cells whose estimated memory ({@link MemoryEstimate}) exceeds what their
 * backend may allocate or what the JVM's heap can hold, with the estimate in the message.
 */
public final class ResourceCheck {
    private ResourceCheck() {
    }

    /**
     * One line per cell that cannot fit; empty when all fit. Cells whose backend cannot run here are not checked
     * (they are skipped anyway).
     *
     * @param heapBytes the JVM's maximum heap ({@link Runtime#maxMemory()})
     */
    public static List<String> problems(List<CellSpec> cells, BackendRegistry backends, long heapBytes) {
        List<String> problems = new ArrayList<>();
        for (CellSpec cell : cells) {
            ModelPlan plan = ModelPlanner.plan(cell.model(), 0);
            MemoryEstimate estimate = MemoryEstimate.of(plan, cell.settings());
            long budget;
            try {
                budget = backends.get(cell.backend()).memoryBudgetBytes();
            } catch (BackendUnavailableException | IllegalArgumentException e) {
                continue;
            }
            if (budget > 0 && estimate.backendBytes() > budget) {
                problems.add("cell " + cell.id() + " needs about " + estimate.describeBackend() + " at batch size "
                        + cell.settings().batchSize() + ", but the " + cell.backend() + " backend may allocate "
                        + MemoryEstimate.size(budget) + "; lower batchSize or raise the limit (e.g. LENET_JAVA_OPTS=-Xmx16g)");
            } else if (estimate.hostBytes() > heapBytes) {
                problems.add("cell " + cell.id() + " needs about " + MemoryEstimate.size(estimate.hostBytes())
                        + " of heap for the data set, but the JVM may use " + MemoryEstimate.size(heapBytes)
                        + "; raise the limit (e.g. LENET_JAVA_OPTS=-Xmx8g)");
            }
        }
        return problems;
    }
}
