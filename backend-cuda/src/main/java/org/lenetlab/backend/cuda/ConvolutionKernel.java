package org.lenetlab.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.Shape;
import org.lenetlab.spec.ConvolutionSpec;

/**
 * 2-D convolution with bias on the device ({@code convolution.cu}), with or without a connection table; weights
 * packed one {@code kernel × kernel} row per (output, input) pair, as the CPU backend. The table is uploaded once,
 * indexed three ways (by output, by input, by row). The curvature pass runs the backward kernels on squared weights
 * and inputs.
 */
final class ConvolutionKernel implements LayerKernel {
    private final CudaDevice device;
    private final Parameter weight;
    private final Parameter bias;
    /** n (set per call), channels, height, width, filters, outHeight, outWidth, kernel, stride, padding. */
    private final int[] geometry;
    private final int rows;
    private final int area;
    private final DeviceInts inStart;
    private final DeviceInts inCount;
    private final DeviceInts inChannel;
    private final DeviceInts inRow;
    private final DeviceInts userStart;
    private final DeviceInts userCount;
    private final DeviceInts userFilter;
    private final DeviceInts userRow;
    private final DeviceInts rowFilter;
    private final DeviceInts rowChannel;

    ConvolutionKernel(CudaBackend backend, LayerPlan plan, ConvolutionSpec spec) {
        this.device = backend.gpu();
        this.weight = backend.parameter(plan.parameters().get(0));
        this.bias = backend.parameter(plan.parameters().get(1));
        Shape in = plan.input();
        Shape out = plan.output();
        int channels = in.dim(0);
        int filters = out.dim(0);
        this.geometry = new int[] {0, channels, in.dim(1), in.dim(2), filters, out.dim(1), out.dim(2), spec.kernel(),
            spec.stride(), spec.padding()};
        this.area = spec.kernel() * spec.kernel();
        // by output: the (channel, row) pairs in table order
        int[] starts = new int[filters];
        int[] counts = new int[filters];
        List<Integer> channelOfRow = new ArrayList<>();
        List<Integer> filterOfRow = new ArrayList<>();
        for (int o = 0; o < filters; o++) {
            List<Integer> table = spec.connections() == null ? null : spec.connections().get(o);
            int count = table == null ? channels : table.size();
            starts[o] = channelOfRow.size();
            counts[o] = count;
            for (int k = 0; k < count; k++) {
                channelOfRow.add(table == null ? k : table.get(k));
                filterOfRow.add(o);
            }
        }
        this.rows = channelOfRow.size();
        if ((long) rows * area != plan.parameters().get(0).shape().size()) {
            throw new IllegalStateException("convolution " + plan.name() + ": " + rows + " table rows of " + area
                    + " weights do not match the weight shape " + plan.parameters().get(0).shape());
        }
        int[] rowChannels = channelOfRow.stream().mapToInt(Integer::intValue).toArray();
        int[] rowFilters = filterOfRow.stream().mapToInt(Integer::intValue).toArray();
        int[] rowIndex = new int[rows];
        for (int r = 0; r < rows; r++) {
            rowIndex[r] = r;
        }
        // by input: the (filter, row) pairs of the outputs reading it, in row order
        int[] userStarts = new int[channels];
        int[] userCounts = new int[channels];
        int[] userFilters = new int[rows];
        int[] userRows = new int[rows];
        int at = 0;
        for (int c = 0; c < channels; c++) {
            userStarts[c] = at;
            for (int r = 0; r < rows; r++) {
                if (rowChannels[r] == c) {
                    userFilters[at] = rowFilters[r];
                    userRows[at] = r;
                    at++;
                }
            }
            userCounts[c] = at - userStarts[c];
        }
        this.inStart = DeviceInts.of(device, starts);
        this.inCount = DeviceInts.of(device, counts);
        this.inChannel = DeviceInts.of(device, rowChannels);
        this.inRow = DeviceInts.of(device, rowIndex);
        this.userStart = DeviceInts.of(device, userStarts);
        this.userCount = DeviceInts.of(device, userCounts);
        this.userFilter = DeviceInts.of(device, userFilters);
        this.userRow = DeviceInts.of(device, userRows);
        this.rowFilter = DeviceInts.of(device, rowFilters);
        this.rowChannel = DeviceInts.of(device, rowChannels);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    private int[] geometry(Tensor input) {
        int[] g = geometry.clone();
        g[0] = input.shape().dim(0);
        return g;
    }

    @Override
    public void forward(Tensor input, Tensor output, Pass pass) {
        int[] g = geometry(input);
        device.launchOver(Kernel.CONV_FORWARD, CudaTensor.of(output).length(), CudaTensor.pointer(input),
                CudaTensor.pointer(weight.value()), CudaTensor.pointer(bias.value()), CudaTensor.pointer(output),
                inStart.pointer(), inCount.pointer(), inChannel.pointer(), inRow.pointer(), g);
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor outputGradient, Tensor inputGradient) {
        propagate(input, outputGradient, weight.gradient(), bias.gradient(), inputGradient, 0);
    }

    @Override
    public void backwardCurvature(Tensor input, Tensor output, Tensor outputGradient, Tensor outputCurvature,
                                  Tensor inputCurvature) {
        propagate(input, outputCurvature, weight.curvature(), bias.curvature(), inputCurvature, 1);
    }

    private void propagate(Tensor input, Tensor outputValues, Tensor weightTarget, Tensor biasTarget,
                           Tensor inputTarget, int squared) {
        int[] g = geometry(input);
        device.launchBlocks(Kernel.CONV_BACKWARD_WEIGHTS, rows * area, CudaTensor.pointer(input),
                CudaTensor.pointer(outputValues), CudaTensor.pointer(weightTarget), rowFilter.pointer(),
                rowChannel.pointer(), g, squared);
        device.launchBlocks(Kernel.CHANNEL_SUMS, g[4], CudaTensor.pointer(outputValues), CudaTensor.pointer(biasTarget),
                g[0], g[4], g[5] * g[6]);
        if (inputTarget != null) {
            device.launchOver(Kernel.CONV_BACKWARD_INPUT, CudaTensor.of(inputTarget).length(),
                    CudaTensor.pointer(weight.value()), CudaTensor.pointer(outputValues), CudaTensor.pointer(inputTarget),
                    userStart.pointer(), userCount.pointer(), userFilter.pointer(), userRow.pointer(), g, squared);
        }
    }
}
