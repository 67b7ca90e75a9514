package org.lenetlab.backend.nd4j;

import java.util.Objects;
import org.lenetlab.backend.kernels.LossChecks;
import org.lenetlab.backend.kernels.LossKernel;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.LossPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The nd4j backend's losses, as ND4J ops on float64 arrays of the first {@code count} output rows (batch × classes,
 * small), whatever the network's precision, like the cpu backend's. The labels become a one-hot matrix; every other
 * step is an ND4J op:
 * <ul>
 * <li>softmax cross-entropy: a row-max-shifted log-sum-exp; gradient (p − onehot)/count, curvature
 * p(1 − p)/count; prediction argmax;</li>
 * <li>RBF distance (LeCun et al., eq. 8): E = y_label; gradient onehot/count, curvature 0; prediction argmin;</li>
 * <li>RBF MAP (eq. 9): E = y_label + log(e^−j + Σ e^−y), the log-sum-exp shifted by its largest exponent; gradient
 * (onehot − q)/count, curvature q(1 − q)/count with q = e^−y / (e^−j + Σ e^−y); prediction argmin;</li>
 * <li>RBF cross-entropy: E = log Σ y − log y_label with outputs below 1e-300 taken as 1e-300; gradient
 * (1/Σy − onehot/y_label)/count, curvature p(1 − p)/(count·y²) with p = y/Σy; prediction argmax.</li>
 * </ul>
 * Rows from {@code count} on get zero gradients and curvatures.
 */
final class Nd4jLosses implements LossKernel {
    /** Which loss. */
    enum Kind {
        SOFTMAX_CROSS_ENTROPY, DISTANCE, MAP, CROSS_ENTROPY
    }

    private static final double TINY = 1e-300;

    private final Kind kind;
    private final double j;

    private Nd4jLosses(Kind kind, double j) {
        this.kind = kind;
        this.j = j;
    }

    /** The kernel of {@code loss}. */
    static LossKernel of(LossPlan loss) {
        return loss.accept(new LossPlan.Visitor<LossKernel>() {
            @Override
            public LossKernel softmaxCrossEntropy(LossPlan.SoftmaxCrossEntropy l) {
                return new Nd4jLosses(Kind.SOFTMAX_CROSS_ENTROPY, 0);
            }

            @Override
            public LossKernel rbfDistance(LossPlan.RbfDistance l) {
                return new Nd4jLosses(Kind.DISTANCE, 0);
            }

            @Override
            public LossKernel rbfMap(LossPlan.RbfMap l) {
                return new Nd4jLosses(Kind.MAP, l.j());
            }

            @Override
            public LossKernel rbfCrossEntropy(LossPlan.RbfCrossEntropy l) {
                return new Nd4jLosses(Kind.CROSS_ENTROPY, 0);
            }
        });
    }

    private String what() {
        return kind == Kind.SOFTMAX_CROSS_ENTROPY ? "softmax cross-entropy" : "an RBF loss";
    }

    @Override
    public double lossAndGradient(Tensor output, int[] labels, int count, Tensor gradient, int[] predictions) {
        LossChecks.check(what(), output.shape(), labels, count, predictions);
        LossChecks.sameShape(output.shape(), gradient.shape());
        Rows r = compute(output, labels, count, false);
        write(r.gradient, gradient, count);
        predict(r.outputs, count, predictions);
        return r.total / count;
    }

    @Override
    public double lossGradientAndCurvature(Tensor output, int[] labels, int count, Tensor gradient, Tensor curvature) {
        LossChecks.check(what(), output.shape(), labels, count, null);
        LossChecks.sameShape(output.shape(), gradient.shape());
        LossChecks.sameShape(output.shape(), Objects.requireNonNull(curvature, "curvature").shape());
        Rows r = compute(output, labels, count, true);
        write(r.gradient, gradient, count);
        write(r.curvature, curvature, count);
        return r.total / count;
    }

    @Override
    public double evaluate(Tensor output, int[] labels, int count, int[] predictions) {
        LossChecks.check(what(), output.shape(), labels, count, Objects.requireNonNull(predictions, "predictions"));
        Rows r = compute(output, labels, count, false);
        predict(r.outputs, count, predictions);
        return r.total;
    }

    /** The float64 outputs, the summed loss, and the mean loss's gradient (and curvature) of {@code count} rows. */
    private record Rows(INDArray outputs, double total, INDArray gradient, INDArray curvature) {
    }

    private Rows compute(Tensor output, int[] labels, int count, boolean withCurvature) {
        INDArray all = Nd4jTensor.array(output);
        int classes = Math.toIntExact(all.size(1));
        INDArray y = Nd4j.create(DataType.DOUBLE, count, classes)
                .assign(all.get(NDArrayIndex.interval(0, count), NDArrayIndex.all()));
        INDArray onehot = Nd4j.create(DataType.DOUBLE, count, classes);
        for (int r = 0; r < count; r++) {
            onehot.putScalar(r, labels[r], 1.0);
        }
        double scale = 1.0 / count;
        return switch (kind) {
            case SOFTMAX_CROSS_ENTROPY -> {
                INDArray shifted = y.subColumnVector(y.max(1));
                INDArray e = Transforms.exp(shifted, true);
                INDArray sum = e.sum(1);
                double total = Transforms.log(sum, true).sumNumber().doubleValue()
                        - shifted.mul(onehot).sumNumber().doubleValue();
                INDArray p = e.diviColumnVector(sum);
                INDArray g = p.sub(onehot).muli(scale);
                yield new Rows(y, total, g, withCurvature ? p.rsub(1.0).muli(p).muli(scale) : null);
            }
            case DISTANCE -> new Rows(y, y.mul(onehot).sumNumber().doubleValue(), onehot.mul(scale),
                    withCurvature ? Nd4j.zeros(DataType.DOUBLE, count, classes) : null);
            case MAP -> {
                INDArray v = y.neg();
                INDArray top = Transforms.max(v.max(1), -j, true);
                INDArray sum = Transforms.exp(v.subColumnVector(top), false).sum(1)
                        .addi(Transforms.exp(top.rsub(-j), false));
                INDArray logSum = Transforms.log(sum, false).addi(top);
                double total = y.mul(onehot).sumNumber().doubleValue() + logSum.sumNumber().doubleValue();
                INDArray q = Transforms.exp(v.subiColumnVector(logSum), false);
                INDArray g = onehot.sub(q).muli(scale);
                yield new Rows(y, total, g, withCurvature ? q.rsub(1.0).muli(q).muli(scale) : null);
            }
            case CROSS_ENTROPY -> {
                INDArray yc = Transforms.max(y, TINY, true);
                INDArray sum = yc.sum(1);
                INDArray own = yc.mul(onehot).sum(1);
                double total = Transforms.log(sum, true).sumNumber().doubleValue()
                        - Transforms.log(own, true).sumNumber().doubleValue();
                INDArray g = onehot.neg().diviColumnVector(own).addiColumnVector(Transforms.pow(sum, -1, true))
                        .muli(scale);
                INDArray h = null;
                if (withCurvature) {
                    INDArray p = yc.divColumnVector(sum);
                    h = p.rsub(1.0).muli(p).divi(yc).divi(yc).muli(scale);
                }
                yield new Rows(y, total, g, h);
            }
        };
    }

    /** {@code values}' {@code count} rows into {@code target}'s first rows, zeros after. */
    private static void write(INDArray values, Tensor target, int count) {
        INDArray t = Nd4jTensor.array(target);
        t.assign(0);
        t.get(NDArrayIndex.interval(0, count), NDArrayIndex.all()).assign(values);
    }

    /** argmax (softmax, RBF cross-entropy) or argmin (distances) of each row, the first on ties. */
    private void predict(INDArray y, int count, int[] predictions) {
        if (predictions == null) {
            return;
        }
        boolean smallest = kind == Kind.DISTANCE || kind == Kind.MAP;
        INDArray best = Nd4j.argMax(smallest ? y.neg() : y, 1);
        for (int r = 0; r < count; r++) {
            predictions[r] = best.getInt(r);
        }
    }
}
