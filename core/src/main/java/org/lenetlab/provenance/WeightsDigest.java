package org.lenetlab.provenance;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import org.lenetlab.backend.CompiledNetwork;
import org.lenetlab.plan.ParameterPlan;

/**
 * A fingerprint of trained weights: the SHA-256 of every parameter's values as float32 (a float64 network's
 * rounded), little-endian, in the plan's parameter order (layer by layer, weights before biases). Two runs with the
 * same digest ended with bit-identical float32 parameters.
 */
public final class WeightsDigest {
    private WeightsDigest() {
    }

    /** The lower-case hex SHA-256 of {@code network}'s parameter values. */
    public static String sha256(CompiledNetwork network) {
        List<ParameterPlan> parameters = network.plan().parameters();
        long total = 0;
        for (ParameterPlan p : parameters) {
            total += p.shape().size();
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(total * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < parameters.size(); i++) {
            double[] values = new double[Math.toIntExact(parameters.get(i).shape().size())];
            network.readParameter(i, values);
            for (double v : values) {
                bytes.putFloat((float) v);
            }
        }
        return ProvenanceUtil.hashArray(ProvenanceUtil.HashType.SHA256, bytes.array()).toLowerCase(Locale.ROOT);
    }
}
