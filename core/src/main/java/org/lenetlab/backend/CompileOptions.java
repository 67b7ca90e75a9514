package org.lenetlab.backend;

import java.util.Objects;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;

/**
 * What a network is compiled for: the precision it computes in and, for training, its update rule.
 *
 * @param precision the floating-point type of every tensor and kernel
 * @param optimizer the update rule, or {@code null} for a network that only evaluates
 */
public record CompileOptions(Precision precision, OptimizerPlan optimizer) {
    /** Checks the precision is given. */
    public CompileOptions {
        Objects.requireNonNull(precision, "precision");
    }

    /** A network that trains with {@code optimizer}. */
    public static CompileOptions training(Precision precision, OptimizerPlan optimizer) {
        return new CompileOptions(precision, Objects.requireNonNull(optimizer, "optimizer"));
    }

    /** A network that only evaluates. */
    public static CompileOptions inference(Precision precision) {
        return new CompileOptions(precision, null);
    }
}
