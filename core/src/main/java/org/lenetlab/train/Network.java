package org.lenetlab.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.LayerKernel;
import org.lenetlab.backend.LossKernel;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Pass;
import org.lenetlab.backend.Tensor;
import org.lenetlab.model.LayerPlan;
import org.lenetlab.model.ModelPlan;
import org.lenetlab.model.ParameterPlan;
import org.lenetlab.spec.ConvolutionSpec;
import org.lenetlab.spec.DenseSpec;
import org.lenetlab.spec.Initializer;
import org.lenetlab.spec.RbfSpec;
import org.lenetlab.spec.SubsamplingSpec;

/**
 * A planned model instantiated on a backend: its layer kernels, its loss, and the activation and gradient tensors
 * between layers, allocated once per batch size and reused for every batch of that size.
 */
public final class Network {
    private final ModelPlan plan;
    private final Backend backend;
    private final List<LayerKernel> kernels;
    private final LossKernel loss;
    private final List<Parameter> parameters;
    private final Map<Integer, Buffers> buffers = new HashMap<>();

    private Network(ModelPlan plan, Backend backend, List<LayerKernel> kernels, LossKernel loss) {
        this.plan = plan;
        this.backend = backend;
        this.kernels = List.copyOf(kernels);
        this.loss = loss;
        List<Parameter> all = new ArrayList<>();
        kernels.forEach(k -> all.addAll(k.parameters()));
        this.parameters = List.copyOf(all);
    }

    /**
     * Builds {@code plan} on {@code backend} with initial weights drawn from {@code seed}: each parameter tensor from
     * its own stream (layer index, parameter index), so the same seed gives the same weights on every backend.
     */
    public static Network create(ModelPlan plan, Backend backend, long seed) {
        List<LayerKernel> kernels = new ArrayList<>();
        for (LayerPlan layer : plan.layers()) {
            LayerKernel kernel = backend.layer(layer);
            List<Parameter> params = kernel.parameters();
            if (params.size() != layer.parameters().size()) {
                throw new IllegalStateException("backend " + backend.name() + " gave " + params.size()
                        + " parameters for layer " + layer.name() + ", expected " + layer.parameters().size());
            }
            Initializer initializer = initializerOf(layer, plan.spec().initializer());
            for (int p = 0; p < params.size(); p++) {
                ParameterPlan pp = layer.parameters().get(p);
                SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 1, layer.index(), p));
                params.get(p).value().write(Initialization.values(pp, initializer, random), 0);
            }
            kernels.add(kernel);
        }
        return new Network(plan, backend, kernels, backend.loss(plan));
    }

    private static Initializer initializerOf(LayerPlan layer, Initializer modelDefault) {
        Initializer own = null;
        if (layer.spec() instanceof ConvolutionSpec c) {
            own = c.initializer();
        } else if (layer.spec() instanceof DenseSpec d) {
            own = d.initializer();
        } else if (layer.spec() instanceof SubsamplingSpec s) {
            own = s.initializer();
        } else if (layer.spec() instanceof RbfSpec r) {
            own = r.initializer();
        }
        return own == null ? modelDefault : own;
    }

    /** The plan this network was built from. */
    public ModelPlan plan() {
        return plan;
    }

    /** The backend it runs on. */
    public Backend backend() {
        return backend;
    }

    /** Every parameter, layer by layer. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The input tensor for a batch of {@code n} images. */
    public Tensor input(int n) {
        return buffers(n).activations[0];
    }

    /**
     * One training forward and backward pass on the batch already in {@link #input(int) input(n)}: parameter
     * gradients are overwritten; returns the batch's mean loss and writes predictions.
     *
     * @param seed the seed of this step's random choices
     */
    public double forwardBackward(int n, int[] labels, int[] predictions, long seed) {
        Buffers b = buffers(n);
        b.ensureGradients();
        for (int i = 0; i < kernels.size(); i++) {
            kernels.get(i).forward(b.activations[i], b.activations[i + 1], new Pass(true, Seeds.derive(seed, i)));
        }
        Tensor out = b.activations[kernels.size()];
        double meanLoss = loss.lossAndGradient(out, labels, n, b.gradients[kernels.size()], predictions);
        for (int i = kernels.size() - 1; i >= 0; i--) {
            kernels.get(i).backward(b.activations[i], b.activations[i + 1], b.gradients[i + 1], i == 0 ? null : b.gradients[i]);
        }
        return meanLoss;
    }

    /**
     * A curvature pass for the stochastic diagonal Levenberg–Marquardt method on the batch in
     * {@link #input(int) input(n)}: a training forward pass, the loss's gradient and curvature, the backward pass,
     * then {@link LayerKernel#backwardCurvature} from the last layer to the first, which leaves in every parameter's
     * {@link Parameter#curvature() curvature} the Gauss–Newton estimate of the diagonal second derivative of the
     * batch's mean loss. Parameter gradients are overwritten too. Returns the batch's mean loss.
     *
     * @param seed the seed of this pass's random choices
     */
    public double curvature(int n, int[] labels, long seed) {
        Buffers b = buffers(n);
        b.ensureGradients();
        b.ensureCurvatures();
        for (int i = 0; i < kernels.size(); i++) {
            kernels.get(i).forward(b.activations[i], b.activations[i + 1], new Pass(true, Seeds.derive(seed, i)));
        }
        int last = kernels.size();
        double meanLoss = loss.lossGradientAndCurvature(b.activations[last], labels, n, b.gradients[last],
                b.curvatures[last]);
        for (int i = last - 1; i >= 0; i--) {
            kernels.get(i).backward(b.activations[i], b.activations[i + 1], b.gradients[i + 1], i == 0 ? null : b.gradients[i]);
        }
        for (int i = last - 1; i >= 0; i--) {
            kernels.get(i).backwardCurvature(b.activations[i], b.activations[i + 1], b.gradients[i + 1],
                    b.curvatures[i + 1], i == 0 ? null : b.curvatures[i]);
        }
        return meanLoss;
    }

    /** An inference pass on the batch in {@link #input(int) input(n)}: returns the summed loss, writes predictions. */
    public double evaluate(int n, int[] labels, int[] predictions) {
        Buffers b = buffers(n);
        for (int i = 0; i < kernels.size(); i++) {
            kernels.get(i).forward(b.activations[i], b.activations[i + 1], Pass.INFERENCE);
        }
        return loss.evaluate(b.activations[kernels.size()], labels, n, predictions);
    }

    /** Inference only: the output of the last layer for the batch in {@code input(n)}. */
    public Tensor forward(int n) {
        Buffers b = buffers(n);
        for (int i = 0; i < kernels.size(); i++) {
            kernels.get(i).forward(b.activations[i], b.activations[i + 1], Pass.INFERENCE);
        }
        return b.activations[kernels.size()];
    }

    private Buffers buffers(int n) {
        return buffers.computeIfAbsent(n, Buffers::new);
    }

    /** The tensors between layers for one batch size; gradients only once a training pass needs them. */
    private final class Buffers {
        final int n;
        final Tensor[] activations;
        Tensor[] gradients;
        Tensor[] curvatures;

        Buffers(int n) {
            this.n = n;
            activations = new Tensor[kernels.size() + 1];
            activations[0] = backend.allocate(plan.input().withBatch(n));
            for (int i = 0; i < kernels.size(); i++) {
                activations[i + 1] = backend.allocate(plan.layers().get(i).output().withBatch(n));
            }
        }

        void ensureGradients() {
            if (gradients == null) {
                gradients = new Tensor[kernels.size() + 1];
                for (int i = 1; i <= kernels.size(); i++) {
                    gradients[i] = backend.allocate(plan.layers().get(i - 1).output().withBatch(n));
                }
            }
        }

        void ensureCurvatures() {
            if (curvatures == null) {
                curvatures = new Tensor[kernels.size() + 1];
                for (int i = 1; i <= kernels.size(); i++) {
                    curvatures[i] = backend.allocate(plan.layers().get(i - 1).output().withBatch(n));
                }
            }
        }
    }
}
