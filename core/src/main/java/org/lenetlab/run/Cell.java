package org.lenetlab.run;

import java.nio.file.Path;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.spec.ModelPlanner;

/**
 * A matrix cell ready to run: its definition and its model's plan, built once when the experiment was read and
 * shared by every cell of that model.
 *
 * @param spec the cell's definition (what results, checkpoints and other machines see)
 * @param plan the plan of {@code spec.model()}
 * @param initialWeights the checkpoint file named by {@code spec.settings().initialWeights()}, resolved against the
 *                       spec's directory, or {@code null} when the cell starts from its seed's initial values (or
 *                       when the cell was read back from elsewhere and cannot start over from it)
 */
public record Cell(CellSpec spec, ModelPlan plan, Path initialWeights) {
    /** A cell that starts from its seed's initial values. */
    public Cell(CellSpec spec, ModelPlan plan) {
        this(spec, plan, null);
    }

    /**
     * The cell of a definition read back from elsewhere (a checkpoint, another machine), planned here.
     *
     * @throws org.lenetlab.spec.SpecException when its model spec does not plan
     */
    public static Cell of(CellSpec spec) {
        return new Cell(spec, ModelPlanner.plan(spec.model(), spec.dataset().classCount()));
    }

    /** The cell's id. */
    public String id() {
        return spec.id();
    }
}
