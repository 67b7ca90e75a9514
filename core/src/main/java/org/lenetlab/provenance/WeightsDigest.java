package org.lenetlab.provenance;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import org.lenetlab.backend.Parameter;
import org.lenetlab.backend.Tensor;

/**
 * A fingerprint of trained weights: the SHA-256 of every parameter's values as float32, little-endian, in the
 * network's parameter order (layer by layer, weights before biases). Two runs with the same digest ended with
 * bit-identical parameters.
 */
public final class WeightsDigest {
    private WeightsDigest() {
    }

    /** The lower-case hex SHA-256 of {@code parameters}' values. */
    public static String sha256(List<Parameter> parameters) {
        long total = 0;
        for (Parameter p : parameters) {
            total += p.value().shape().size();
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(total * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        for (Parameter p : parameters) {
            Tensor value = p.value();
            float[] values = new float[Math.toIntExact(value.shape().size())];
            value.read(values, 0);
            for (float v : values) {
                bytes.putFloat(v);
            }
        }
        return ProvenanceUtil.hashArray(ProvenanceUtil.HashType.SHA256, bytes.array()).toLowerCase(Locale.ROOT);
    }
}
