package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.RbfFunction;
import org.lenetlab.plan.RbfPlan;

/**
 * RBF units ({@code rbf.cu}): d_i = Σ_j (x_j − c_ij)², output d_i (Euclidean) or exp(−d_i / 2σ²) (Gaussian). The
 * backward passes first turn the output's gradient (and curvature) into the distance's, in two work buffers of
 * batch × units, then gather the input and centre terms. Curvature rules as the CPU backend's RadialBasisKernel.
 */
final class RadialBasisKernel implements LayerKernel {
    private final CudaDevice device;
    private final Parameter centres;
    private final int units;
    private final int inputs;
    private final boolean gaussian;
    private final double halfInverseVariance;
    private DeviceBuffer distanceGradients;
    private DeviceBuffer distanceCurvatures;

    RadialBasisKernel(CudaKernels kernels, RbfPlan plan) {
        this.device = kernels.gpu();
        this.centres = kernels.parameter(plan.centres());
        this.units = plan.units();
        this.inputs = plan.input().dim(0);
        this.gaussian = plan.function() == RbfFunction.GAUSSIAN;
        this.halfInverseVariance = gaussian ? 1.0 / (2 * plan.sigma() * plan.sigma()) : 0;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(centres);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        int n = input.shape().dim(0);
        device.launchOver(DeviceFunction.RBF_FORWARD, (long) n * units, CudaTensor.pointer(input),
                CudaTensor.pointer(centres.value()), CudaTensor.pointer(output), n, units, inputs, gaussian ? 1 : 0,
                halfInverseVariance);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(input, output, outputGradient, null, centres.gradient(), inputGradient);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        propagate(input, output, outputGradient, outputCurvature, centres.curvature(), inputCurvature);
    }

    /** Gradients ({@code outputCurvature} null) or curvatures into {@code centreTarget} and {@code inputTarget}. */
    private void propagate(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                           Tensor centreTarget, Tensor inputTarget) {
        int n = input.shape().dim(0);
        long count = (long) n * units;
        long bytes = count * Float.BYTES;
        if (distanceGradients == null || distanceGradients.bytes() != bytes) {
            distanceGradients = new DeviceBuffer(device, bytes);
            distanceCurvatures = new DeviceBuffer(device, bytes);
        }
        boolean curvature = outputCurvature != null;
        device.launchOver(DeviceFunction.RBF_DISTANCE_TERMS, count, CudaTensor.pointer(output),
                CudaTensor.pointer(outputGradient),
                curvature ? CudaTensor.pointer(outputCurvature) : CudaDevice.NULL, distanceGradients.pointer(),
                curvature ? distanceCurvatures.pointer() : CudaDevice.NULL, count, gaussian ? 1 : 0,
                halfInverseVariance);
        int mode = curvature ? 1 : 0;
        device.launchOver(DeviceFunction.RBF_BACKWARD_CENTRES, (long) units * inputs, CudaTensor.pointer(input),
                CudaTensor.pointer(centres.value()), distanceGradients.pointer(), distanceCurvatures.pointer(),
                CudaTensor.pointer(centreTarget), n, units, inputs, mode);
        if (inputTarget != null) {
            device.launchOver(DeviceFunction.RBF_BACKWARD_INPUT, (long) n * inputs, CudaTensor.pointer(input),
                    CudaTensor.pointer(centres.value()), distanceGradients.pointer(), distanceCurvatures.pointer(),
                    CudaTensor.pointer(inputTarget), n, units, inputs, mode);
        }
    }
}
