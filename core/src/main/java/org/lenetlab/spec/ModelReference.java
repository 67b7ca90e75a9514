package org.lenetlab.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;

/**
 * An experiment's model entry: either a path to a model spec file (relative to the experiment file) or a model
 * spec written inline.
 *
 * @param path   the path as written, or {@code null} for an inline model
 * @param inline the inline model, or {@code null} for a path
 */
@JsonDeserialize(using = ModelReference.Reader.class)
public record ModelReference(String path, ModelSpec inline) {

    /** Reads a string as a path and an object as an inline model. */
    static final class Reader extends JsonDeserializer<ModelReference> {
        @Override
        public ModelReference deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return new ModelReference(p.getText(), null);
            }
            if (p.currentToken() == JsonToken.START_OBJECT) {
                return new ModelReference(null, ctxt.readValue(p, ModelSpec.class));
            }
            return (ModelReference) ctxt.handleUnexpectedToken(ModelReference.class, p.currentToken(), p,
                    "a model is a path to a model spec file (string) or an inline model spec (object)");
        }
    }
}
