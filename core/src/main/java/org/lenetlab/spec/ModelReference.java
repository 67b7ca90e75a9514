package org.lenetlab.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.List;

/**
 * An experiment's model entry: a path to a model spec file (relative to the experiment file), a model spec written
 * inline, or either of them with its own training settings, {@code {"model": PATH_OR_MODEL, "training": {...}}}:
 * the fields given there replace the experiment's own {@code training} fields for this model's cells.
 *
 * @param path     the path as written, or {@code null} for an inline model
 * @param inline   the inline model, or {@code null} for a path
 * @param training the entry's training fields exactly as written (checked against {@link TrainingSpec} when read),
 *                 or {@code null} when the model trains with the experiment's settings (also for an empty object)
 */
@JsonDeserialize(using = ModelReference.Reader.class)
public record ModelReference(String path, ModelSpec inline, ObjectNode training) {

    /** The fields of an entry that has its own training settings. */
    static final List<String> ENTRY_FIELDS = List.of("model", "training");

    /** A path or an inline model that trains with the experiment's settings. */
    public ModelReference(String path, ModelSpec inline) {
        this(path, inline, null);
    }

    /** Copies the training fields; an empty object is no settings of its own. */
    public ModelReference {
        training = training == null || training.isEmpty() ? null : training.deepCopy();
    }

    /** The entry's training fields, or {@code null}. */
    @Override
    public ObjectNode training() {
        return training == null ? null : training.deepCopy();
    }

    /**
     * The model spec of one entry of a resolved spec's {@code models}: the entry itself, or its {@code model} when
     * the entry has its own training settings.
     */
    public static JsonNode modelOf(JsonNode resolvedEntry) {
        return resolvedEntry != null && resolvedEntry.has("model") ? resolvedEntry.get("model") : resolvedEntry;
    }

    /**
     * Reads a string as a path, an object with {@code model} (or {@code training}) as an entry with its own
     * training settings, and any other object as an inline model.
     */
    static final class Reader extends JsonDeserializer<ModelReference> {
        private static final String WHAT = "a model is a path to a model spec file (string) or an inline model spec (object)";

        @Override
        public ModelReference deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return new ModelReference(p.getText(), null);
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (ModelReference) ctxt.handleUnexpectedToken(ModelReference.class, p.currentToken(), p, WHAT);
            }
            TokenBuffer object = ctxt.bufferAsCopyOfValue(p);
            if (!isEntry(object)) {
                try (JsonParser inline = object.asParserOnFirstToken()) {
                    return new ModelReference(null, ctxt.readValue(inline, ModelSpec.class));
                }
            }
            return entry(object, ctxt);
        }

        private static boolean isEntry(TokenBuffer object) throws IOException {
            try (JsonParser q = object.asParserOnFirstToken()) {
                for (JsonToken t = q.nextToken(); t == JsonToken.FIELD_NAME; t = q.nextToken()) {
                    if (ENTRY_FIELDS.contains(q.currentName())) {
                        return true;
                    }
                    q.nextToken();
                    q.skipChildren();
                }
            }
            return false;
        }

        private static ModelReference entry(TokenBuffer object, DeserializationContext ctxt) throws IOException {
            String path = null;
            ModelSpec inline = null;
            ObjectNode training = null;
            boolean model = false;
            try (JsonParser q = object.asParserOnFirstToken()) {
                for (JsonToken t = q.nextToken(); t == JsonToken.FIELD_NAME; t = q.nextToken()) {
                    String name = q.currentName();
                    if (!ENTRY_FIELDS.contains(name)) {
                        // its path ends in the field's name already
                        throw UnrecognizedPropertyException.from(q, ModelReference.class, name,
                                List.<Object>copyOf(ENTRY_FIELDS));
                    }
                    JsonToken value = q.nextToken();
                    try {
                        if (name.equals("model")) {
                            model = true;
                            if (value == JsonToken.VALUE_STRING) {
                                path = q.getText();
                            } else if (value == JsonToken.START_OBJECT) {
                                inline = ctxt.readValue(q, ModelSpec.class);
                            } else {
                                ctxt.handleUnexpectedToken(ModelReference.class, value, q, WHAT);
                            }
                        } else if (name.equals("training")) {
                            if (value != JsonToken.START_OBJECT) {
                                ctxt.handleUnexpectedToken(ModelReference.class, value, q,
                                        "a model's training is an object of training settings");
                            }
                            TokenBuffer fields = ctxt.bufferAsCopyOfValue(q);
                            try (JsonParser check = fields.asParserOnFirstToken()) {
                                ctxt.readValue(check, TrainingSpec.class); // the same strict checks as the experiment's
                            }
                            try (JsonParser tree = fields.asParserOnFirstToken()) {
                                training = (ObjectNode) ctxt.readTree(tree);
                            }
                        }
                    } catch (JsonMappingException e) {
                        throw JsonMappingException.wrapWithPath(e, ModelReference.class, name);
                    }
                }
            }
            if (!model) {
                ctxt.reportInputMismatch(ModelReference.class,
                        "a model entry with its own 'training' names its model in 'model' (a path or an inline model spec)");
            }
            return new ModelReference(path, inline, training);
        }
    }
}
