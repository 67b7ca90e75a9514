package org.lenetlab.backend;

import java.util.Objects;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.Precision;

/**
 * What a network is compiled for: the precision it computes in, for training its update rule, and which of the
 * backend's devices it runs on.
 *
 * @param precision the floating-point type of every tensor and kernel
 * @param optimizer the update rule, or {@code null} for a network that only evaluates
 * @param device    the index of the device among those the backend sees (a cluster scheduler's GPU address), or
 *                  {@code null} for the backend's default; backends with one device ignore it
 */
public record CompileOptions(Precision precision, OptimizerPlan optimizer, Integer device) {
    /** Checks the precision is given and the device index, when given, is not negative. */
    public CompileOptions {
        Objects.requireNonNull(precision, "precision");
        if (device != null && device < 0) {
            throw new IllegalArgumentException("device index " + device + " is negative");
        }
    }

    /** Options for the backend's default device. */
    public CompileOptions(Precision precision, OptimizerPlan optimizer) {
        this(precision, optimizer, null);
    }

    /** These options, on device {@code index}. */
    public CompileOptions onDevice(int index) {
        return new CompileOptions(precision, optimizer, index);
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
