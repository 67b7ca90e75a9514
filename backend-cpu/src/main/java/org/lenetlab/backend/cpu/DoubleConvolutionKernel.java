package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ConvolutionPlan;

/** A convolution in the float64 engine: {@link DoubleConvolution}'s Java loops, any stride, padding or table. */
final class DoubleConvolutionKernel implements LayerKernel {
    private final Parameter weight;
    private final Parameter bias;
    private final DoubleConvolution convolution;

    DoubleConvolutionKernel(Float64Kernels engine, ConvolutionPlan layer) {
        this.weight = engine.parameter(layer.weight());
        this.bias = engine.parameter(layer.bias());
        this.convolution = new DoubleConvolution(layer);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        convolution.forward(DoubleTensor.of(input), DoubleTensor.of(output), DoubleTensor.data(weight.value()),
                DoubleTensor.data(bias.value()), pass.training());
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        convolution.backward(DoubleTensor.of(input), DoubleTensor.data(weight.value()),
                DoubleTensor.data(outputGradient), DoubleTensor.data(weight.gradient()),
                DoubleTensor.data(bias.gradient()), inputGradient == null ? null : DoubleTensor.data(inputGradient));
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        convolution.curvature(DoubleTensor.of(input), DoubleTensor.data(weight.value()),
                DoubleTensor.data(outputCurvature), DoubleTensor.data(weight.curvature()),
                DoubleTensor.data(bias.curvature()), inputCurvature == null ? null : DoubleTensor.data(inputCurvature));
    }
}
