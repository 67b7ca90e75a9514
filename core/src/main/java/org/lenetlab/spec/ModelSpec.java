package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.lenetlab.plan.Initializer;

/**
 * A model spec: a stack of layers on an input, a loss and an initializer.
 *
 * @param schema      the {@code $schema} reference for editors; ignored
 * @param name        the model's name (required)
 * @param description optional free text
 * @param input       the input image shape, default 1×28×28
 * @param initializer the default initializer of layers with weights, default {@code pytorch-default}
 * @param layers      the layers, input to output (required, not empty)
 * @param loss        the loss, default softmax cross-entropy
 * @param preprocessing optional padding and value mapping of every image before the first layer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(@JsonProperty("$schema") String schema, String name, String description, InputSpec input,
                        Initializer initializer, List<LayerSpec> layers, LossSpec loss,
                        PreprocessingSpec preprocessing) {

    /** Applies the defaults. */
    public ModelSpec {
        input = input == null ? InputSpec.MNIST : input;
        initializer = initializer == null ? Initializer.PYTORCH_DEFAULT : initializer;
        loss = loss == null ? new SoftmaxCrossEntropySpec() : loss;
        layers = layers == null ? null : Collections.unmodifiableList(new ArrayList<>(layers));
    }

    /** A model spec without preprocessing. */
    public ModelSpec(String schema, String name, String description, InputSpec input, Initializer initializer,
                     List<LayerSpec> layers, LossSpec loss) {
        this(schema, name, description, input, initializer, layers, loss, null);
    }

    /** This spec without its {@code $schema} reference, as it is recorded in results. */
    @JsonIgnore
    public ModelSpec withoutSchema() {
        return new ModelSpec(null, name, description, input, initializer, layers, loss, preprocessing);
    }

    /** The preprocessing, or the identity when none is given. */
    @JsonIgnore
    public PreprocessingSpec preprocessingOrIdentity() {
        return preprocessing == null ? new PreprocessingSpec(null, null, null) : preprocessing;
    }
}
