package org.lenetlab.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jcuda.driver.CUdeviceptr;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Tensor;

/**
 * The trainable parameters of an updater as the optimizer kernels see them ({@code optimizer.cu}): device arrays
 * of pointers to every value, gradient and curvature tensor, and the prefix sums of their lengths, so that one
 * launch steps every parameter. State buffers are flat float buffers over the same positions; {@link #split} and
 * {@link #join} turn them into the per-parameter arrays of the state layout
 * ({@link org.lenetlab.plan.OptimizerPlan}), widened to double and rounded back.
 */
final class ParameterTable {
    private final CudaDevice device;
    private final long[] offsets;
    private final DeviceBuffer offsetTable;
    private final DeviceBuffer valueTable;
    private final DeviceBuffer gradientTable;
    private final DeviceBuffer curvatureTable;
    /** The tensors whose addresses the tables hold: kept reachable so that their memory is not freed under them. */
    private final List<Parameter> parameters;

    ParameterTable(CudaDevice device, List<Parameter> trainable, boolean curvatures) {
        this.device = device;
        this.parameters = List.copyOf(trainable);
        int n = trainable.size();
        this.offsets = new long[n + 1];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + trainable.get(i).value().shape().size();
        }
        this.offsetTable = new DeviceBuffer(device, (long) offsets.length * Long.BYTES);
        device.upload(offsets, offsetTable.pointer());
        this.valueTable = table(trainable, Parameter::value);
        this.gradientTable = table(trainable, Parameter::gradient);
        if (curvatures) {
            for (Parameter p : trainable) {
                if (p.curvature() == null) {
                    throw new IllegalArgumentException("parameter " + p.plan().name() + " has no curvature tensor");
                }
            }
        }
        this.curvatureTable = curvatures ? table(trainable, Parameter::curvature) : null;
    }

    private DeviceBuffer table(List<Parameter> trainable, Function<Parameter, Tensor> tensor) {
        DeviceBuffer table = new DeviceBuffer(device, (long) Math.max(trainable.size(), 1) * Long.BYTES);
        if (!trainable.isEmpty()) {
            CUdeviceptr[] pointers = new CUdeviceptr[trainable.size()];
            for (int i = 0; i < pointers.length; i++) {
                pointers[i] = CudaTensor.pointer(tensor.apply(trainable.get(i)));
            }
            device.uploadPointers(pointers, table.pointer());
        }
        return table;
    }

    /** The number of parameters. */
    int count() {
        return offsets.length - 1;
    }

    /** The number of values over every parameter. */
    long total() {
        return offsets[offsets.length - 1];
    }

    CUdeviceptr offsets() {
        return offsetTable.pointer();
    }

    CUdeviceptr values() {
        return valueTable.pointer();
    }

    CUdeviceptr gradients() {
        return gradientTable.pointer();
    }

    CUdeviceptr curvatures() {
        return curvatureTable.pointer();
    }

    /** A zeroed flat float buffer over every parameter's values. */
    DeviceBuffer floats() {
        return new DeviceBuffer(device, total() * Float.BYTES);
    }

    /** A zeroed flat double buffer over every parameter's values. */
    DeviceBuffer doubles() {
        return new DeviceBuffer(device, total() * Double.BYTES);
    }

    /** A flat float buffer's contents, one array per parameter, widened to double. */
    List<double[]> split(DeviceBuffer flat) {
        float[] all = new float[Math.toIntExact(total())];
        if (all.length > 0) {
            device.download(flat.pointer(), 0, all, 0, all.length);
        }
        List<double[]> out = new ArrayList<>(count());
        for (int i = 0; i < count(); i++) {
            double[] values = new double[(int) (offsets[i + 1] - offsets[i])];
            for (int k = 0; k < values.length; k++) {
                values[k] = all[(int) offsets[i] + k];
            }
            out.add(values);
        }
        return out;
    }

    /** Checks that {@code state[from .. from + count)} holds one array per parameter of the right length. */
    void check(List<double[]> state, int from) {
        for (int i = 0; i < count(); i++) {
            long expected = offsets[i + 1] - offsets[i];
            if (state.get(from + i).length != expected) {
                throw new IllegalArgumentException("optimizer state array " + (from + i) + " has "
                        + state.get(from + i).length + " values, expected " + expected);
            }
        }
    }

    /** Writes per-parameter arrays {@code state[from .. from + count)}, rounded to float32, into a flat buffer. */
    void join(List<double[]> state, int from, DeviceBuffer flat) {
        for (int i = 0; i < count(); i++) {
            double[] values = state.get(from + i);
            float[] rounded = new float[values.length];
            for (int k = 0; k < values.length; k++) {
                rounded[k] = (float) values[k];
            }
            device.upload(rounded, 0, flat.pointer(), offsets[i], rounded.length);
        }
    }
}
