package org.lenetlab.backend.cuda;

import java.util.Objects;
import jcuda.driver.CUdeviceptr;
import org.lenetlab.backend.kernels.LossChecks;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Tensor;

/**
 * Every loss of the CPU backend, computed row by row on the device in double precision ({@code loss.cu}):
 * softmax cross-entropy, and on RBF outputs the distance (eq. 8), MAP (eq. 9) and cross-entropy losses. One launch
 * per batch; the labels go up and each row's loss and prediction come back (one copy each way), and the host sums
 * the row losses in row order, so the batch loss does not depend on how the device schedules threads. Arguments are
 * checked by core's {@link LossChecks}, as on every backend.
 */
final class LossKernelOnDevice implements LossKernel {
    /** Which loss, numbered as in loss.cu. */
    enum Kind {
        /** Softmax cross-entropy; prediction argmax. */
        SOFTMAX_CROSS_ENTROPY,
        /** Equation 8; prediction argmin. */
        RBF_DISTANCE,
        /** Equation 9 with constant j; prediction argmin. */
        RBF_MAP,
        /** Cross-entropy on likelihood-like RBF outputs; prediction argmax. */
        RBF_CROSS_ENTROPY
    }

    private static final int THREADS = 128;

    private final CudaDevice device;
    private final Kind kind;
    private final double j;
    private final DeviceInts labels;
    private DeviceBuffer results;
    private double[] rows = new double[0];

    LossKernelOnDevice(CudaDevice device, Kind kind, double j) {
        this.device = device;
        this.kind = kind;
        this.j = j;
        this.labels = new DeviceInts(device);
    }

    @Override
    public double lossAndGradient(Tensor output, int[] labels, int count, Tensor gradient, int[] predictions) {
        LossChecks.sameShape(output.shape(), Objects.requireNonNull(gradient, "gradient").shape());
        return run(output, labels, count, CudaTensor.pointer(gradient), CudaDevice.NULL, predictions) / count;
    }

    @Override
    public double lossGradientAndCurvature(Tensor output, int[] labels, int count, Tensor gradient, Tensor curvature) {
        LossChecks.sameShape(output.shape(), Objects.requireNonNull(gradient, "gradient").shape());
        LossChecks.sameShape(output.shape(), Objects.requireNonNull(curvature, "curvature").shape());
        return run(output, labels, count, CudaTensor.pointer(gradient), CudaTensor.pointer(curvature), null) / count;
    }

    @Override
    public double evaluate(Tensor output, int[] labels, int count, int[] predictions) {
        return run(output, labels, count, CudaDevice.NULL, CudaDevice.NULL,
                Objects.requireNonNull(predictions, "predictions"));
    }

    /** The summed loss of the first {@code count} rows; gradients and curvatures scaled by 1/count when given. */
    private double run(Tensor output, int[] labelValues, int count, CUdeviceptr gradient, CUdeviceptr curvature,
                       int[] predictions) {
        int classes = LossChecks.check(name(), output.shape(), labelValues, count, predictions);
        int outputRows = output.shape().dim(0);
        CUdeviceptr labelPointer = labels.upload(labelValues, 0, count);
        long bytes = 2L * outputRows * Double.BYTES;
        if (results == null || results.bytes() < bytes) {
            results = new DeviceBuffer(device, bytes);
            rows = new double[2 * outputRows];
        }
        double scale = gradient == CudaDevice.NULL ? 1.0 : 1.0 / count;
        device.launch(DeviceFunction.LOSS_ROWS, (outputRows + THREADS - 1) / THREADS, 1, THREADS, 1,
                CudaTensor.pointer(output), labelPointer, outputRows, count, classes, kind.ordinal(), j, scale,
                gradient, curvature, results.pointer());
        device.download(results.pointer(), rows, 2 * count);
        double total = 0;
        for (int r = 0; r < count; r++) {
            total += rows[2 * r];
            if (predictions != null) {
                predictions[r] = (int) rows[2 * r + 1];
            }
        }
        return total;
    }

    /** The loss's name in messages, as the CPU backend's kernels give it. */
    private String name() {
        return kind == Kind.SOFTMAX_CROSS_ENTROPY ? "softmax cross-entropy" : "an RBF loss";
    }
}
