package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reading specs that files store (a checkpoint's cell, a results file's resolved spec): earlier builds wrote a field
 * derived from others into them, {@code identity} in a model's preprocessing spec, which spec files never have and
 * the strict reader refuses.
 */
public final class StoredSpecs {
    private StoredSpecs() {
    }

    /** A copy of {@code mapper} that ignores the derived fields earlier builds wrote into stored specs. */
    public static ObjectMapper tolerant(ObjectMapper mapper) {
        return mapper.copy().addMixIn(PreprocessingSpec.class, DerivedFields.class);
    }

    /** The fields earlier builds derived and wrote. */
    @JsonIgnoreProperties({"identity"})
    private interface DerivedFields {
    }
}
