package org.lenetlab.backend.cpu;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ConvolutionPlan;

/**
 * A stride-1 convolution without a connection table in the float32 engine: {@link FloatConvolution} on the engine's
 * worker threads. Its curvature pass runs in float64 ({@link Widened#curvature}).
 */
final class FloatConvolutionKernel implements LayerKernel {
    private final Float32Kernels engine;
    private final ConvolutionPlan layer;
    private final Parameter weight;
    private final Parameter bias;
    private final FloatConvolution convolution;
    private Widened curvature;
    private Pass lastPass = Pass.INFERENCE;

    FloatConvolutionKernel(Float32Kernels engine, ConvolutionPlan layer) {
        this.engine = engine;
        this.layer = layer;
        this.weight = engine.parameter(layer.weight());
        this.bias = engine.parameter(layer.bias());
        this.convolution = new FloatConvolution(layer, engine.blasForward());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        lastPass = pass;
        convolution.forward(engine.workers(), FloatTensor.data(input), FloatTensor.data(weight.value()),
                FloatTensor.data(bias.value()), FloatTensor.data(output), input.shape().dim(0));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        convolution.backward(engine.workers(), FloatTensor.data(input), FloatTensor.data(weight.value()),
                FloatTensor.data(outputGradient), FloatTensor.data(weight.gradient()),
                FloatTensor.data(bias.gradient()), inputGradient == null ? null : FloatTensor.data(inputGradient),
                input.shape().dim(0));
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        if (curvature == null) {
            curvature = engine.widened(layer, parameters());
        }
        curvature.curvature(input, outputGradient, outputCurvature, inputCurvature, lastPass);
    }
}
