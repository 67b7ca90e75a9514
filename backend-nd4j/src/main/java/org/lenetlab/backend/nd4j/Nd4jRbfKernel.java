package org.lenetlab.backend.nd4j;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.RbfPlan;
import org.lenetlab.plan.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RBF units composed from ND4J ops (libnd4j has no such layer): the differences x − c of every sample and unit as
 * one broadcast {@code subtract} of [n, 1, m] and [1, u, m] into [n, u, m], squared and summed over m into the
 * distances d [n, u]; the output is d (Euclidean) or exp(−d / 2σ²) (Gaussian). Backward: with ∂E/∂d (times −y/2σ²
 * for the Gaussian) broadcast over m, dx = 2·Σ_u ∂E/∂d·(x − c) and dc = −2·Σ_n ∂E/∂d·(x − c). The centres get
 * gradients whether or not they are trainable (the updater skips fixed ones).
 *
 * <p>Curvature, as the cpu backend defines it for these units: the Gaussian's exponential is handled as an
 * activation (the curvature with respect to d is h_y·(y/2σ²)²); d's own second derivative 2, weighted by ∂E/∂d, is
 * kept where that is positive. Each of x and c then gets Σ (4·h_d·(x − c)² + 2·max(∂E/∂d, 0)).
 */
final class Nd4jRbfKernel implements LayerKernel {
    private final Parameter centres;
    private final int units;
    private final int inputs;
    private final boolean gaussian;
    private final double halfInverseVariance;
    private final ScratchArrays differences = new ScratchArrays();
    private final ScratchArrays work = new ScratchArrays();
    private final ScratchArrays distanceGradients = new ScratchArrays();
    private final ScratchArrays distanceCurvatures = new ScratchArrays();
    private final ScratchArrays ownTerms = new ScratchArrays();
    private final ScratchArrays factors = new ScratchArrays();

    Nd4jRbfKernel(Nd4jKernels engine, RbfPlan layer) {
        this.centres = engine.parameter(layer.centres());
        this.units = layer.units();
        this.inputs = layer.input().dim(0);
        this.gaussian = layer.function() == RbfFunction.GAUSSIAN;
        this.halfInverseVariance = gaussian ? 1.0 / (2 * layer.sigma() * layer.sigma()) : 0;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(centres);
    }

    /** x − c for every sample and unit, [n, u, m]. */
    private INDArray differences(Tensor input) {
        INDArray x = Nd4jTensor.array(input);
        int n = input.shape().dim(0);
        INDArray diff = differences.get(Shape.of(n, units, inputs), x.dataType());
        Ops.custom("subtract",
                new INDArray[] {x.reshape(n, 1, inputs), Nd4jTensor.array(centres.value()).reshape(1, units, inputs)},
                new INDArray[] {diff});
        return diff;
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        INDArray diff = differences(input);
        INDArray squares = work.get(Shape.of(input.shape().dim(0), units, inputs), diff.dataType());
        Nd4j.exec(new MulOp(diff, diff, squares));
        INDArray y = Nd4jTensor.array(output);
        squares.sum(y, 2);
        if (gaussian) {
            Ops.scale(-halfInverseVariance, y);
            Nd4j.exec(new Exp(y, y));
        }
    }

    /** ∂E/∂d [n, u]: the output gradient, times −y/2σ² for the Gaussian. */
    private INDArray distanceGradients(Tensor output, Tensor outputGradient) {
        INDArray gy = Nd4jTensor.array(outputGradient);
        if (!gaussian) {
            return gy;
        }
        INDArray gd = distanceGradients.get(output.shape(), gy.dataType());
        Nd4j.exec(new MulOp(gy, Nd4jTensor.array(output), gd));
        Ops.scale(-halfInverseVariance, gd);
        return gd;
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        int n = input.shape().dim(0);
        INDArray diff = differences(input);
        INDArray gd = distanceGradients(output, outputGradient);
        INDArray t = work.get(Shape.of(n, units, inputs), diff.dataType());
        Ops.custom("multiply", new INDArray[] {diff, gd.reshape(n, units, 1)}, new INDArray[] {t});
        sumInto(t, centres.gradient(), 0, -2.0);
        if (inputGradient != null) {
            sumInto(t, inputGradient, 1, 2.0);
        }
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        int n = input.shape().dim(0);
        Shape rows = Shape.of(n, units);
        INDArray diff = differences(input);
        INDArray gd = distanceGradients(output, outputGradient);
        // the own term 2·max(∂E/∂d, 0)
        INDArray own = ownTerms.get(rows, gd.dataType());
        Nd4j.exec(new RectifiedLinear(gd, own, 0.0));
        Ops.scale(2.0, own);
        // 4·h_d, with h_d = h_y, times (y/2σ²)² for the Gaussian
        INDArray hd = distanceCurvatures.get(rows, gd.dataType());
        Ops.copy(Nd4jTensor.array(outputCurvature), hd);
        if (gaussian) {
            INDArray f = factors.get(rows, gd.dataType());
            Ops.copy(Nd4jTensor.array(output), f);
            Ops.scale(halfInverseVariance, f);
            Nd4j.exec(new MulOp(hd, f, hd));
            Nd4j.exec(new MulOp(hd, f, hd));
        }
        Ops.scale(4.0, hd);
        INDArray values = work.get(Shape.of(n, units, inputs), diff.dataType());
        Nd4j.exec(new MulOp(diff, diff, values));
        Ops.custom("multiply", new INDArray[] {values, hd.reshape(n, units, 1)}, new INDArray[] {values});
        Ops.custom("add", new INDArray[] {values, own.reshape(n, units, 1)}, new INDArray[] {values});
        sumInto(values, centres.curvature(), 0, 1.0);
        if (inputCurvature != null) {
            sumInto(values, inputCurvature, 1, 1.0);
        }
    }

    /** {@code scale} × the sum of {@code values} [n, u, m] over {@code axis} (on one thread) into {@code target}. */
    private static void sumInto(INDArray values, Tensor target, int axis, double scale) {
        INDArray t = Nd4jTensor.array(target);
        SingleThreaded.run(() -> values.sum(t, axis));
        Ops.scale(scale, t);
    }
}
