package org.lenetlab.plan;

/**
 * A model's training loss and its prediction rule, resolved. One record per loss; code that treats every loss
 * dispatches through {@link #accept(Visitor)}.
 */
public sealed interface LossPlan {
    /** The loss's {@code "type"} as specs write it. */
    String type();

    /** Whether the predicted class is the output's smallest value (a distance) rather than its largest. */
    boolean predictsSmallest();

    /** Calls the visitor's method for this loss. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per loss.
     *
     * @param <R> what the visit returns
     */
    interface Visitor<R> {
        /** Softmax cross-entropy on raw scores. */
        R softmaxCrossEntropy(SoftmaxCrossEntropy loss);

        /** LeCun et al.'s equation 8. */
        R rbfDistance(RbfDistance loss);

        /** LeCun et al.'s equation 9. */
        R rbfMap(RbfMap loss);

        /** Cross-entropy of normalised Gaussian RBF outputs. */
        R rbfCrossEntropy(RbfCrossEntropy loss);
    }

    /** Softmax cross-entropy: the mean over samples of {@code log Σ e^{z_j} − z_label}; predicts the largest score. */
    record SoftmaxCrossEntropy() implements LossPlan {
        @Override
        public String type() {
            return "softmax-cross-entropy";
        }

        @Override
        public boolean predictsSmallest() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.softmaxCrossEntropy(this);
        }
    }

    /**
     * LeCun et al.'s equation 8 on Euclidean RBF outputs y: the mean over samples of {@code y_label}; predicts the
     * smallest output (the nearest prototype).
     */
    record RbfDistance() implements LossPlan {
        @Override
        public String type() {
            return "rbf-distance";
        }

        @Override
        public boolean predictsSmallest() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rbfDistance(this);
        }
    }

    /**
     * LeCun et al.'s equation 9 on Euclidean RBF outputs y: the mean over samples of
     * {@code y_label + log(e^{−j} + Σ_i e^{−y_i})}; predicts the smallest output.
     *
     * @param j the penalty of the "rubbish" class, positive
     */
    record RbfMap(double j) implements LossPlan {
        @Override
        public String type() {
            return "rbf-map";
        }

        @Override
        public boolean predictsSmallest() {
            return true;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rbfMap(this);
        }
    }

    /**
     * Cross-entropy of Gaussian RBF outputs y normalised to sum 1: the mean over samples of
     * {@code log Σ y_j − log y_label}; predicts the largest output.
     */
    record RbfCrossEntropy() implements LossPlan {
        @Override
        public String type() {
            return "rbf-cross-entropy";
        }

        @Override
        public boolean predictsSmallest() {
            return false;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rbfCrossEntropy(this);
        }
    }
}
