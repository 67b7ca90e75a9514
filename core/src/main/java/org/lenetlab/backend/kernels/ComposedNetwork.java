package org.lenetlab.backend.kernels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.backend.Seeds;
import org.lenetlab.plan.LayerPlan;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.OptimizerPlan;
import org.lenetlab.plan.ParameterPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;

/**
 * The default composition: a network run as one {@link LayerKernel} per layer from a backend's
 * {@link KernelProvider}, with its loss kernel and updater, and the activation, gradient and curvature tensors
 * between layers allocated once per batch size and reused for every batch of that size.
 *
 * <p>A training step runs every layer's forward pass (layer {@code i} with the seed
 * {@link Seeds#forLayer(long, int) forLayer(stepSeed, i)}), the loss and its gradient, every backward pass from the
 * last layer to the first (the first without an input gradient), then the update. The curvature pass adds, after
 * the backward passes, every layer's {@link LayerKernel#backwardCurvature} from the last to the first.
 */
public final class ComposedNetwork implements CompiledNetwork {
    private final ModelPlan plan;
    private final KernelProvider kernels;
    private final List<LayerKernel> layers;
    private final LossKernel loss;
    private final List<Parameter> parameters;
    private final ParameterUpdater updater;
    private final OptimizerPlan optimizer;
    private final List<Parameter> trainable;
    private final Map<Integer, Buffers> buffers = new HashMap<>();
    private float[] outputScratch = new float[0];

    private ComposedNetwork(ModelPlan plan, KernelProvider kernels, List<LayerKernel> layers, LossKernel loss,
                            OptimizerPlan optimizer) {
        this.plan = plan;
        this.kernels = kernels;
        this.layers = List.copyOf(layers);
        this.loss = loss;
        List<Parameter> all = new ArrayList<>();
        List<Parameter> trainable = new ArrayList<>();
        for (LayerKernel k : layers) {
            for (Parameter p : k.parameters()) {
                all.add(p);
                if (p.plan().trainable()) {
                    trainable.add(p);
                }
            }
        }
        this.parameters = List.copyOf(all);
        this.trainable = List.copyOf(trainable);
        this.optimizer = optimizer;
        this.updater = optimizer == null ? null : kernels.updater(optimizer, this.trainable);
    }

    /**
     * Builds {@code plan} from {@code kernels}: one kernel per layer, in order, each with the parameters its plan
     * lists, plus the loss and, for training, the updater over the trainable parameters.
     *
     * @throws IllegalArgumentException when {@code options} asks for another precision than the kernels'
     * @throws IllegalStateException    when a kernel's parameters do not match its plan
     */
    public static ComposedNetwork compose(ModelPlan plan, CompileOptions options, KernelProvider kernels) {
        if (options.precision() != kernels.precision()) {
            throw new IllegalArgumentException("kernels in " + kernels.precision().jsonName() + " cannot compile a "
                    + options.precision().jsonName() + " network");
        }
        List<LayerKernel> layers = new ArrayList<>();
        for (LayerPlan layer : plan.layers()) {
            LayerKernel kernel = kernels.layer(layer);
            List<Parameter> params = kernel.parameters();
            if (params.size() != layer.parameters().size()) {
                throw new IllegalStateException("the kernel of layer " + layer.name() + " has " + params.size()
                        + " parameters, its plan " + layer.parameters().size());
            }
            for (int p = 0; p < params.size(); p++) {
                ParameterPlan expected = layer.parameters().get(p);
                if (!params.get(p).plan().equals(expected) || !params.get(p).value().shape().equals(expected.shape())) {
                    throw new IllegalStateException("parameter " + p + " of layer " + layer.name()
                            + " does not match its plan " + expected.name() + " " + expected.shape());
                }
            }
            layers.add(kernel);
        }
        return new ComposedNetwork(plan, kernels, layers, kernels.loss(plan.loss()), options.optimizer());
    }

    @Override
    public ModelPlan plan() {
        return plan;
    }

    @Override
    public Precision precision() {
        return kernels.precision();
    }

    @Override
    public String device() {
        return kernels.device();
    }

    /** Every parameter with its tensors, in the plan's order (for tests and gradient checks). */
    public List<Parameter> parameterTensors() {
        return parameters;
    }

    /** The kernel of layer {@code index} (for tests). */
    public LayerKernel layer(int index) {
        return layers.get(index);
    }

    /**
     * The output of layer {@code index} (or, for -1, the input) of the last pass on a batch of {@code n}
     * (for agreement tests).
     */
    public Tensor activation(int index, int n) {
        return buffers(n).activations[index + 1];
    }

    @Override
    public void readParameter(int index, double[] target) {
        parameters.get(index).value().read(target);
    }

    @Override
    public void writeParameter(int index, double[] values) {
        Tensor value = parameters.get(index).value();
        if (values.length != value.shape().size()) {
            throw new IllegalArgumentException(values.length + " values for parameter " + index + " of shape "
                    + value.shape());
        }
        value.write(values);
    }

    @Override
    public ImageData images(float[] images, Shape imageShape) {
        if (!imageShape.equals(plan.input())) {
            throw new IllegalArgumentException("model " + plan.name() + " takes " + plan.input()
                    + " inputs but the images are " + imageShape);
        }
        return kernels.images(images, imageShape);
    }

    private ImageBatches batches(ImageData images) {
        if (images instanceof ImageBatches own) {
            return own;
        }
        throw new IllegalArgumentException("images not made by this network: " + images.getClass().getName());
    }

    /** Gathers a batch into the input tensor for batches of {@code count}; returns the buffers. */
    private Buffers gather(ImageData images, int[] order, int from, int count) {
        Buffers b = buffers(count);
        batches(images).gather(order, from, count, b.activations[0]);
        return b;
    }

    @Override
    public double trainStep(ImageData images, int[] order, int from, int count, int[] labels, long step, long seed,
                            int[] predictions) {
        ParameterUpdater u = requireUpdater();
        Buffers b = gather(images, order, from, count);
        b.ensureGradients();
        forwardTraining(b, seed);
        int last = layers.size();
        double meanLoss = loss.lossAndGradient(b.activations[last], labels, count, b.gradients[last], predictions);
        backward(b);
        u.update(step);
        return meanLoss;
    }

    @Override
    public double accumulateCurvature(ImageData images, int[] order, int from, int count, int[] labels, long seed) {
        ParameterUpdater u = requireUpdater();
        Buffers b = gather(images, order, from, count);
        b.ensureGradients();
        b.ensureCurvatures();
        forwardTraining(b, seed);
        int last = layers.size();
        double meanLoss = loss.lossGradientAndCurvature(b.activations[last], labels, count, b.gradients[last],
                b.curvatures[last]);
        backward(b);
        for (int i = last - 1; i >= 0; i--) {
            layers.get(i).backwardCurvature(b.activations[i], b.activations[i + 1], b.gradients[i + 1],
                    b.curvatures[i + 1], i == 0 ? null : b.curvatures[i]);
        }
        if (Double.isFinite(meanLoss)) {
            u.accumulateCurvature(count);
        }
        return meanLoss;
    }

    private void forwardTraining(Buffers b, long seed) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(b.activations[i], b.activations[i + 1], new Pass(true, Seeds.forLayer(seed, i)));
        }
    }

    private void backward(Buffers b) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            layers.get(i).backward(b.activations[i], b.activations[i + 1], b.gradients[i + 1],
                    i == 0 ? null : b.gradients[i]);
        }
    }

    private Tensor forwardInference(Buffers b) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(b.activations[i], b.activations[i + 1], Pass.INFERENCE);
        }
        return b.activations[layers.size()];
    }

    @Override
    public double evaluate(ImageData images, int[] order, int from, int count, int[] labels, int[] predictions) {
        Buffers b = gather(images, order, from, count);
        return loss.evaluate(forwardInference(b), labels, count, predictions);
    }

    @Override
    public void forward(ImageData images, int[] order, int from, int count, float[] outputs) {
        Buffers b = gather(images, order, from, count);
        Tensor out = forwardInference(b);
        int size = Math.toIntExact(out.shape().size());
        if (outputScratch.length < size) {
            outputScratch = new float[size];
        }
        out.read(outputScratch, 0);
        int perRow = size / count;
        System.arraycopy(outputScratch, 0, outputs, 0, count * perRow);
    }

    @Override
    public void setLearningRate(double learningRate) {
        requireUpdater().setLearningRate(learningRate);
    }

    @Override
    public void resetCurvature() {
        requireUpdater().resetCurvature();
    }

    @Override
    public void finishCurvature() {
        requireUpdater().finishCurvature();
    }

    @Override
    public List<double[]> optimizerState() {
        return requireUpdater().state();
    }

    /**
     * Checks {@code state} against the layout {@link OptimizerPlan} documents (array {@code k} holds one value per
     * element of trainable parameter {@code k mod trainable}) before the updater takes it.
     */
    @Override
    public void restoreOptimizerState(List<double[]> state) {
        ParameterUpdater u = requireUpdater();
        int expected = optimizer.stateArrays(trainable.size());
        if (state.size() != expected) {
            throw new IllegalArgumentException("the " + optimizer.type() + " optimizer keeps " + expected
                    + " state arrays for " + trainable.size() + " trainable parameters, got " + state.size());
        }
        for (int k = 0; k < expected; k++) {
            Parameter p = trainable.get(k % trainable.size());
            if (state.get(k).length != p.plan().shape().size()) {
                throw new IllegalArgumentException("optimizer state array " + k + " has " + state.get(k).length
                        + " values, but trainable parameter " + p.plan().name() + " has " + p.plan().shape().size());
            }
        }
        u.restore(state);
    }

    private ParameterUpdater requireUpdater() {
        if (updater == null) {
            throw new IllegalStateException("network " + plan.name() + " was compiled for inference only");
        }
        return updater;
    }

    @Override
    public void close() {
        buffers.clear();
        kernels.close();
    }

    private Buffers buffers(int n) {
        return buffers.computeIfAbsent(n, Buffers::new);
    }

    /** The tensors between layers for one batch size; gradients and curvatures once a pass needs them. */
    private final class Buffers {
        final int n;
        final Tensor[] activations;
        Tensor[] gradients;
        Tensor[] curvatures;

        Buffers(int n) {
            this.n = n;
            activations = new Tensor[layers.size() + 1];
            activations[0] = kernels.allocate(plan.input().withBatch(n));
            for (int i = 0; i < layers.size(); i++) {
                activations[i + 1] = kernels.allocate(plan.layers().get(i).output().withBatch(n));
            }
        }

        void ensureGradients() {
            if (gradients == null) {
                gradients = between();
            }
        }

        void ensureCurvatures() {
            if (curvatures == null) {
                curvatures = between();
            }
        }

        private Tensor[] between() {
            Tensor[] out = new Tensor[layers.size() + 1];
            for (int i = 1; i <= layers.size(); i++) {
                out[i] = kernels.allocate(plan.layers().get(i - 1).output().withBatch(n));
            }
            return out;
        }
    }
}
