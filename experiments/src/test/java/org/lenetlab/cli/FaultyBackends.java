package org.lenetlab.cli;

import java.util.List;
import org.lenetlab.backend.Backend;
import org.lenetlab.backend.BackendModule;
import org.lenetlab.backend.BackendRegistry;
import org.lenetlab.backend.CompileOptions;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.backend.ImageData;
import org.lenetlab.plan.ModelPlan;
import org.lenetlab.plan.Precision;
import org.lenetlab.plan.Shape;

/**
 * Test-only backends that fail inside a cell, to see how a run reports it: {@value #BUG} throws an
 * {@link IllegalStateException} (a programming error) and {@value #OUT_OF_MEMORY} an {@link OutOfMemoryError} (a
 * resource limit) from training step {@value #FAILING_STEP} on; until then they train as the cpu backend does.
 *
 * <p>They are registered through {@code META-INF/services/org.lenetlab.backend.BackendModule} in the test class
 * path, but bound only in a JVM started with {@code -D}{@value #PROPERTY}{@code =true}, so that no other test (nor
 * its {@code lenet backends} or "backends found" expectations) sees them.
 */
final class FaultyBackends {
    /** The system property that binds the backends. */
    static final String PROPERTY = "lenet.test.faultyBackends";
    /** The backend whose networks throw an {@link IllegalStateException}. */
    static final String BUG = "faulty";
    /** The backend whose networks throw an {@link OutOfMemoryError}. */
    static final String OUT_OF_MEMORY = "faulty-oom";
    /** The first training step that fails. */
    static final int FAILING_STEP = 3;
    /** The message of the {@link IllegalStateException}. */
    static final String BUG_MESSAGE = "a deliberate bug in the faulty test backend at training step " + FAILING_STEP;

    private FaultyBackends() {
    }

    /** Binds the backends when {@value #PROPERTY} is {@code true}. */
    public static final class Plugin extends com.google.inject.AbstractModule implements BackendModule {
        @Override
        protected void configure() {
            if (Boolean.getBoolean(PROPERTY)) {
                BackendModule.backends(binder()).addBinding(BUG).toInstance(new Faulty(BUG));
                BackendModule.backends(binder()).addBinding(OUT_OF_MEMORY).toInstance(new Faulty(OUT_OF_MEMORY));
            }
        }
    }

    /** A backend that compiles on the cpu backend and wraps the network. */
    private static final class Faulty implements Backend {
        private final String name;

        Faulty(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String device() {
            return "test backend " + name + " over " + cpu().device();
        }

        private static Backend cpu() {
            return BackendRegistry.discover().get("cpu");
        }

        @Override
        public CompiledNetwork compile(ModelPlan model, CompileOptions options) {
            return new FailingNetwork(name, cpu().compile(model, options));
        }
    }

    /** A network that fails from step {@value #FAILING_STEP} on. */
    private static final class FailingNetwork implements CompiledNetwork {
        private final String backend;
        private final CompiledNetwork inner;

        FailingNetwork(String backend, CompiledNetwork inner) {
            this.backend = backend;
            this.inner = inner;
        }

        @Override
        public double trainStep(ImageData images, int[] order, int from, int count, int[] labels, long step, long seed,
                                int[] predictions) {
            if (step >= FAILING_STEP) {
                if (backend.equals(OUT_OF_MEMORY)) {
                    throw new OutOfMemoryError("the faulty-oom test backend ran out of memory at step " + step);
                }
                throw new IllegalStateException(BUG_MESSAGE);
            }
            return inner.trainStep(images, order, from, count, labels, step, seed, predictions);
        }

        @Override
        public ModelPlan plan() {
            return inner.plan();
        }

        @Override
        public Precision precision() {
            return inner.precision();
        }

        @Override
        public String device() {
            return "test backend " + backend + " over " + inner.device();
        }

        @Override
        public void readParameter(int index, double[] target) {
            inner.readParameter(index, target);
        }

        @Override
        public void writeParameter(int index, double[] values) {
            inner.writeParameter(index, values);
        }

        @Override
        public ImageData images(float[] images, Shape imageShape) {
            return inner.images(images, imageShape);
        }

        @Override
        public double evaluate(ImageData images, int[] order, int from, int count, int[] labels, int[] predictions) {
            return inner.evaluate(images, order, from, count, labels, predictions);
        }

        @Override
        public void forward(ImageData images, int[] order, int from, int count, float[] outputs) {
            inner.forward(images, order, from, count, outputs);
        }

        @Override
        public void setLearningRate(double learningRate) {
            inner.setLearningRate(learningRate);
        }

        @Override
        public void resetCurvature() {
            inner.resetCurvature();
        }

        @Override
        public double accumulateCurvature(ImageData images, int[] order, int from, int count, int[] labels,
                                          long seed) {
            return inner.accumulateCurvature(images, order, from, count, labels, seed);
        }

        @Override
        public void finishCurvature() {
            inner.finishCurvature();
        }

        @Override
        public List<double[]> optimizerState() {
            return inner.optimizerState();
        }

        @Override
        public void restoreOptimizerState(List<double[]> state) {
            inner.restoreOptimizerState(state);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
