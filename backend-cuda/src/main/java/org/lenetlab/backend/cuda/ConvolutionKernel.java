package org.lenetlab.backend.cuda;

import java.util.List;
import org.lenetlab.backend.kernels.LayerKernel;
import org.lenetlab.backend.kernels.Parameter;
import org.lenetlab.backend.kernels.Pass;
import org.lenetlab.backend.kernels.Tensor;
import org.lenetlab.plan.ConnectionTable;
import org.lenetlab.plan.ConvolutionPlan;
import org.lenetlab.plan.Shape;

/**
 * 2-D convolution with bias on the device ({@code convolution.cu}), with or without a connection table; weights
 * packed one {@code kernel × kernel} row per (output, input) pair as the plan's {@link ConnectionTable} says. The
 * table is uploaded once, indexed three ways ({@link Index}): by output (its inputs and their weight rows), by input
 * (the outputs reading it and their rows) and by row (its output and input). The curvature pass runs the backward
 * functions on squared weights and inputs.
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
    private final DeviceInts inRow;
    private final DeviceInts userStart;
    private final DeviceInts userCount;
    private final DeviceInts userFilter;
    private final DeviceInts userRow;
    private final DeviceInts rowFilter;
    private final DeviceInts rowChannel;

    ConvolutionKernel(CudaKernels kernels, ConvolutionPlan plan) {
        this.device = kernels.gpu();
        this.weight = kernels.parameter(plan.weight());
        this.bias = kernels.parameter(plan.bias());
        Shape in = plan.input();
        Shape out = plan.output();
        int channels = in.dim(0);
        int filters = out.dim(0);
        ConnectionTable table = plan.table();
        if (table.outputs() != filters || table.inputs() != channels) {
            throw new IllegalArgumentException("convolution " + plan.name() + ": a table of " + table.outputs()
                    + " outputs over " + table.inputs() + " inputs for " + in + " -> " + out);
        }
        this.geometry = new int[] {0, channels, in.dim(1), in.dim(2), filters, out.dim(1), out.dim(2),
            plan.kernelSize(), plan.stride(), plan.padding()};
        this.area = plan.kernelSize() * plan.kernelSize();
        this.rows = table.pairs();
        if ((long) rows * area != plan.weight().shape().size()) {
            throw new IllegalArgumentException("convolution " + plan.name() + ": " + rows + " table rows of " + area
                    + " weights do not match the weight shape " + plan.weight().shape());
        }
        Index index = Index.of(table);
        this.inStart = DeviceInts.of(device, index.inStart());
        this.inCount = DeviceInts.of(device, index.inCount());
        this.inRow = DeviceInts.of(device, index.inRow());
        this.userStart = DeviceInts.of(device, index.userStart());
        this.userCount = DeviceInts.of(device, index.userCount());
        this.userFilter = DeviceInts.of(device, index.userFilter());
        this.userRow = DeviceInts.of(device, index.userRow());
        this.rowFilter = DeviceInts.of(device, index.rowFilter());
        this.rowChannel = DeviceInts.of(device, index.rowChannel());
    }

    /**
     * A connection table as {@code convolution.cu} reads it, in the names of its arguments: by output o, its pairs
     * are {@code rowChannel[k], inRow[k]} for k in {@code [inStart[o], inStart[o] + inCount[o])} (the rows are
     * contiguous per output, so {@code inRow} is the identity); by input c, {@code userFilter[k], userRow[k]} for k
     * in {@code [userStart[c], userStart[c] + userCount[c])}, in row order; by row r, {@code rowFilter[r]} and
     * {@code rowChannel[r]}.
     */
    record Index(int[] inStart, int[] inCount, int[] inRow, int[] userStart, int[] userCount, int[] userFilter,
                 int[] userRow, int[] rowFilter, int[] rowChannel) {
        /** The index of {@code table}. */
        static Index of(ConnectionTable table) {
            int filters = table.outputs();
            int channels = table.inputs();
            int rows = table.pairs();
            int[] starts = new int[filters];
            int[] counts = new int[filters];
            int[] rowChannels = new int[rows];
            int[] rowFilters = new int[rows];
            int[] rowIndex = new int[rows];
            for (int o = 0; o < filters; o++) {
                starts[o] = table.row(o, 0);
                counts[o] = table.inputCount(o);
                for (int k = 0; k < counts[o]; k++) {
                    int r = table.row(o, k);
                    rowChannels[r] = table.input(o, k);
                    rowFilters[r] = o;
                    rowIndex[r] = r;
                }
            }
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
            return new Index(starts, counts, rowIndex, userStarts, userCounts, userFilters, userRows, rowFilters,
                    rowChannels);
        }
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
        device.launchOver(DeviceFunction.CONV_FORWARD, CudaTensor.of(output).length(), CudaTensor.pointer(input),
                CudaTensor.pointer(weight.value()), CudaTensor.pointer(bias.value()), CudaTensor.pointer(output),
                inStart.pointer(), inCount.pointer(), rowChannel.pointer(), inRow.pointer(), g);
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
        device.launchBlocks(DeviceFunction.CONV_BACKWARD_WEIGHTS, rows * area, CudaTensor.pointer(input),
                CudaTensor.pointer(outputValues), CudaTensor.pointer(weightTarget), rowFilter.pointer(),
                rowChannel.pointer(), g, squared);
        device.launchBlocks(DeviceFunction.CHANNEL_SUMS, g[4], CudaTensor.pointer(outputValues),
                CudaTensor.pointer(biasTarget), g[0], g[4], g[5] * g[6]);
        if (inputTarget != null) {
            device.launchOver(DeviceFunction.CONV_BACKWARD_INPUT, CudaTensor.of(inputTarget).length(),
                    CudaTensor.pointer(weight.value()), CudaTensor.pointer(outputValues),
                    CudaTensor.pointer(inputTarget), userStart.pointer(), userCount.pointer(), userFilter.pointer(),
                    userRow.pointer(), g, squared);
        }
    }
}
