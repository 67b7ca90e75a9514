package org.lenetlab.plan;

/**
 * A cell's parameter update rule with its settings resolved. Every rule follows PyTorch's semantics where PyTorch
 * has it, and adds {@code weightDecay · p} to each gradient g before the update (L2). One record per rule; backends
 * dispatch through {@link #accept(Visitor)}.
 *
 * <p><b>State layout</b> (what {@code CompiledNetwork.optimizerState()} returns and checkpoints store as the
 * {@code optimizer.<i>} tensors), over the trainable parameters in the model's parameter order:
 * <ul>
 *   <li>{@link Sgd}: with momentum, each parameter's velocity; without, nothing.</li>
 *   <li>{@link Adam}: every first moment m, then every second moment v.</li>
 *   <li>{@link Sdlm}: nothing (the curvature estimate is made anew before every epoch, and checkpoints are taken
 *       between epochs).</li>
 * </ul>
 * The step counter is not state: the training loop passes it to every update.
 */
public sealed interface OptimizerPlan {
    /** The step size (for SDLM the global rate η of η/(μ + h_kk)) of the first epoch. */
    double learningRate();

    /** The L2 coefficient added to each gradient. */
    double weightDecay();

    /** The name specs use. */
    String type();

    /** The number of state arrays over {@code trainable} trainable parameters (see the layout above). */
    int stateArrays(int trainable);

    /** Whether the rule steps with a curvature estimate, made by curvature passes before every epoch. */
    default boolean usesCurvature() {
        return false;
    }

    /** Calls the visitor's method for this rule. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per update rule.
     *
     * @param <R> what the visit returns
     */
    interface Visitor<R> {
        /** SGD. */
        R sgd(Sgd sgd);

        /** Adam. */
        R adam(Adam adam);

        /** SDLM. */
        R sdlm(Sdlm sdlm);
    }

    /**
     * SGD: g' = g + wd·p; with momentum μ &gt; 0, v = μ·v + g' (v starts at 0) and p −= lr·v, else p −= lr·g'.
     *
     * @param learningRate the step size
     * @param momentum     μ, 0 for none
     * @param weightDecay  the L2 coefficient
     */
    record Sgd(double learningRate, double momentum, double weightDecay) implements OptimizerPlan {
        @Override
        public String type() {
            return "sgd";
        }

        @Override
        public int stateArrays(int trainable) {
            return momentum > 0 ? trainable : 0;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sgd(this);
        }
    }

    /**
     * Adam (ε added after the bias-corrected square root, as PyTorch): g' = g + wd·p; m = β1·m + (1−β1)·g';
     * v = β2·v + (1−β2)·g'²; p −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε), computed as
     * p −= {@link #stepSize(double, long) stepSize} · m / (√v + {@link #shiftedEpsilon(long) shiftedEpsilon}).
     *
     * @param learningRate the step size
     * @param beta1        β1
     * @param beta2        β2
     * @param epsilon      ε
     * @param weightDecay  the L2 coefficient
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
            implements OptimizerPlan {
        @Override
        public String type() {
            return "adam";
        }

        @Override
        public int stateArrays(int trainable) {
            return 2 * trainable;
        }

        /** lr·√(1−β2^t)/(1−β1^t) at step {@code step} (from 1) with learning rate {@code rate}. */
        public double stepSize(double rate, long step) {
            checkStep(step);
            return rate * Math.sqrt(1.0 - Math.pow(beta2, step)) / (1.0 - Math.pow(beta1, step));
        }

        /** ε·√(1−β2^t) at step {@code step} (from 1). */
        public double shiftedEpsilon(long step) {
            checkStep(step);
            return epsilon * Math.sqrt(1.0 - Math.pow(beta2, step));
        }

        private static void checkStep(long step) {
            if (step < 1) {
                throw new IllegalArgumentException("Adam steps count from 1, got " + step);
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.adam(this);
        }
    }

    /**
     * The stochastic diagonal Levenberg–Marquardt method (LeCun et al. 1998, appendix C): before every epoch the
     * curvature passes of {@code hessianSamples} training images are averaged per sample into h_kk, and every
     * following step moves parameter k by −η/(μ + max(h_kk, 0)) · (g_k + wd·p_k).
     *
     * @param learningRate     η
     * @param mu               μ, added to every curvature estimate
     * @param weightDecay      the L2 coefficient
     * @param hessianSamples   training images the curvature is estimated on before every epoch
     */
    record Sdlm(double learningRate, double mu, double weightDecay, int hessianSamples) implements OptimizerPlan {
        /** Checks μ. */
        public Sdlm {
            if (!(mu >= 0) || !Double.isFinite(mu)) {
                throw new IllegalArgumentException("SDLM's mu must be a non-negative number, got " + mu);
            }
        }

        @Override
        public String type() {
            return "sdlm";
        }

        @Override
        public int stateArrays(int trainable) {
            return 0;
        }

        @Override
        public boolean usesCurvature() {
            return true;
        }

        /** 1/(μ + max(h, 0)): the step factor of a parameter whose averaged curvature is {@code h}. */
        public double inverse(double h) {
            return 1.0 / (mu + Math.max(h, 0.0));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sdlm(this);
        }
    }
}
