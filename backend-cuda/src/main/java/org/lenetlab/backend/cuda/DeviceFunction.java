package org.lenetlab.backend.cuda;

/**
 * Every CUDA function the Java side launches (a {@code __global__} function of {@code src/main/cuda}): the PTX module
 * (the {@code .cu} file it comes from) and its entry name. A test checks that each is an {@code .entry} of its
 * module's PTX and that every entry is launched. ("Kernel" alone means a layer's computation on a backend, a
 * {@link org.lenetlab.backend.kernels.LayerKernel}; one layer kernel launches several device functions.)
 */
enum DeviceFunction {
    /** Convolution forward, one thread per output. */
    CONV_FORWARD("convolution", "conv_forward"),
    /** Convolution input gradient or curvature, one thread per input. */
    CONV_BACKWARD_INPUT("convolution", "conv_backward_input"),
    /** Convolution weight gradient or curvature, one block per weight. */
    CONV_BACKWARD_WEIGHTS("convolution", "conv_backward_weights"),
    /** Per-channel sums (bias gradients), one block per channel. */
    CHANNEL_SUMS("reduce", "channel_sums"),
    /** Max or average pooling forward. */
    POOL_FORWARD("pooling", "pool_forward"),
    /** Max or average pooling backward (gradient or curvature). */
    POOL_BACKWARD("pooling", "pool_backward"),
    /** Trainable subsampling forward. */
    SUBSAMPLE_FORWARD("pooling", "subsample_forward"),
    /** Trainable subsampling input gradient or curvature. */
    SUBSAMPLE_BACKWARD_INPUT("pooling", "subsample_backward_input"),
    /** Trainable subsampling coefficient and bias gradients or curvatures, one block per channel. */
    SUBSAMPLE_BACKWARD_PARAMS("pooling", "subsample_backward_params"),
    /** The tiled matrix product of the dense layers. */
    GEMM("dense", "gemm"),
    /** Activation forward. */
    ACTIVATION_FORWARD("elementwise", "activation_forward"),
    /** Activation backward (gradient or curvature). */
    ACTIVATION_BACKWARD("elementwise", "activation_backward"),
    /** Seeded dropout mask. */
    DROPOUT_MASK("elementwise", "dropout_mask"),
    /** Element-wise product a·b or a·b². */
    MULTIPLY("elementwise", "multiply"),
    /** Batch gather from the uploaded data set. */
    GATHER_ROWS("elementwise", "gather_rows"),
    /** RBF forward. */
    RBF_FORWARD("rbf", "rbf_forward"),
    /** RBF gradient and curvature with respect to the distances. */
    RBF_DISTANCE_TERMS("rbf", "rbf_distance_terms"),
    /** RBF input gradient or curvature. */
    RBF_BACKWARD_INPUT("rbf", "rbf_backward_input"),
    /** RBF centre gradient or curvature. */
    RBF_BACKWARD_CENTRES("rbf", "rbf_backward_centres"),
    /** Every loss, one thread per row. */
    LOSS_ROWS("loss", "loss_rows"),
    /** SGD step over all parameters. */
    SGD_STEP("optimizer", "sgd_step"),
    /** Adam step over all parameters. */
    ADAM_STEP("optimizer", "adam_step"),
    /** SDLM curvature accumulation. */
    SDLM_ACCUMULATE("optimizer", "sdlm_accumulate"),
    /** SDLM step sizes from the accumulated curvature. */
    SDLM_FINISH("optimizer", "sdlm_finish"),
    /** SDLM step over all parameters. */
    SDLM_STEP("optimizer", "sdlm_step");

    private final String module;
    private final String entry;

    DeviceFunction(String module, String entry) {
        this.module = module;
        this.entry = entry;
    }

    /** The PTX module, i.e. the {@code .cu} file's name without extension. */
    String module() {
        return module;
    }

    /** The function's entry name in the PTX. */
    String entry() {
        return entry;
    }
}
