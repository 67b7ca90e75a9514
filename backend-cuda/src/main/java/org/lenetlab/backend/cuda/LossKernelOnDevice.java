package org.lenetlab.backend.cuda;

import java.util.Objects;
import jcuda.driver.CUdeviceptr;
import org.lenetlab.backend.LossKernel;
import org.lenetlab.backend.Tensor;

/**
 * Every loss of the CPU backend, computed row by row on the device in double precision ({@code loss.cu}):
 * softmax cross-entropy, and on RBF outputs the distance (eq. 8), MAP (eq. 9) and cross-entropy losses. One launch
 * per batch; the labels go up and each row's loss and prediction come back (one copy each way), and the host sums
 * the row losses in row order, so the batch loss does not depend on how the device schedules threads.
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

    LossKernelOnDevice(CudaBackend backend, Kind kind, double j) {
        this.device = backend.gpu();
        this.kind = kind;
        this.j = j;
        this.labels = new DeviceInts(device);
    }

    @Override
    public double lossAndGradient(Tensor output, int[] labels, int count, Tensor gradient, int[] predictions) {
        checkSameShape(output, Objects.requireNonNull(gradient, "gradient"));
        return run(output, labels, count, CudaTensor.pointer(gradient), CudaDevice.NULL, predictions) / count;
    }

    @Override
    public double lossGradientAndCurvature(Tensor output, int[] labels, int count, Tensor gradient, Tensor curvature) {
        checkSameShape(output, Objects.requireNonNull(gradient, "gradient"));
        checkSameShape(output, Objects.requireNonNull(curvature, "curvature"));
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
        int classes = check(output, labelValues, count, predictions);
        int outputRows = output.shape().dim(0);
        CUdeviceptr labelPointer = labels.upload(labelValues, 0, count);
        long bytes = 2L * outputRows * Double.BYTES;
        if (results == null || results.bytes() < bytes) {
            results = new DeviceBuffer(device, bytes);
            rows = new double[2 * outputRows];
        }
        double scale = gradient == CudaDevice.NULL ? 1.0 : 1.0 / count;
        device.launch(Kernel.LOSS_ROWS, (outputRows + THREADS - 1) / THREADS, 1, THREADS, 1, CudaTensor.pointer(output),
                labelPointer, outputRows, count, classes, kind.ordinal(), j, scale, gradient, curvature,
                results.pointer());
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

    private static void checkSameShape(Tensor output, Tensor other) {
        if (!other.shape().equals(output.shape())) {
            throw new IllegalArgumentException("gradient shape " + other.shape() + " differs from output shape "
                    + output.shape());
        }
    }

    /** The loss's name, for messages. */
    private String name() {
        return kind == Kind.SOFTMAX_CROSS_ENTROPY ? "softmax cross-entropy" : "an RBF loss";
    }

    /** Checks the rows against the labels and predictions as the CPU backend does; returns the number of classes. */
    private int check(Tensor output, int[] labelValues, int count, int[] predictions) {
        if (output.shape().rank() != 2) {
            throw new IllegalArgumentException(name() + " needs [batch, classes] outputs, got " + output.shape());
        }
        int outputRows = output.shape().dim(0);
        int classes = output.shape().dim(1);
        if (count <= 0 || count > outputRows || count > labelValues.length) {
            throw new IllegalArgumentException("count " + count + " outside 1.." + Math.min(outputRows,
                    labelValues.length));
        }
        for (int r = 0; r < count; r++) {
            if (labelValues[r] < 0 || labelValues[r] >= classes) {
                throw new IllegalArgumentException("label " + labelValues[r] + " of row " + r + " outside 0.."
                        + (classes - 1));
            }
        }
        if (predictions != null && predictions.length < count) {
            throw new IllegalArgumentException("predictions hold " + predictions.length + " rows, need " + count);
        }
        return classes;
    }
}
