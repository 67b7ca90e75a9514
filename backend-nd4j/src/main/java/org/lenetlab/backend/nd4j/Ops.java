package org.lenetlab.backend.nd4j;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers over ND4J calls shared by the kernels. */
final class Ops {
    private Ops() {
    }

    /** Runs the custom op {@code name} with the given inputs, outputs and integer arguments. */
    static void custom(String name, INDArray[] inputs, INDArray[] outputs, int... intArgs) {
        DynamicCustomOp op = DynamicCustomOp.builder(name)
                .addInputs(inputs)
                .addOutputs(outputs)
                .addIntegerArguments(intArgs)
                .build();
        Nd4j.exec(op);
    }

    /** {@code y += alpha * x} in place (BLAS axpy); both arrays contiguous, same length and type. */
    static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
    }

    /** {@code x *= alpha} in place (BLAS scal), far cheaper per call than a scalar op. */
    static void scale(double alpha, INDArray x) {
        Nd4j.getBlasWrapper().level1().scal(x.length(), alpha, x);
    }

    /** Copies the whole buffer of {@code source} into {@code target}: same length and type, neither a view. */
    static void copy(INDArray source, INDArray target) {
        if (source.length() != target.length() || source.dataType() != target.dataType()) {
            throw new IllegalArgumentException("cannot copy " + source.dataType() + java.util.Arrays.toString(source.shape())
                    + " into " + target.dataType() + java.util.Arrays.toString(target.shape()));
        }
        if (source == target) {
            return;
        }
        Pointer.memcpy(target.data().addressPointer(), source.data().addressPointer(),
                source.length() * source.data().getElementSize());
    }
}
