package org.lenetlab.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One layer of a model spec, chosen by its {@code "type"} field. Every layer may carry a {@code "name"};
 * unnamed layers get {@code <type><position>} names when the model is planned.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ConvolutionSpec.class, name = ConvolutionSpec.TYPE),
    @JsonSubTypes.Type(value = MaxPoolingSpec.class, name = MaxPoolingSpec.TYPE),
    @JsonSubTypes.Type(value = AveragePoolingSpec.class, name = AveragePoolingSpec.TYPE),
    @JsonSubTypes.Type(value = ActivationSpec.class, name = ActivationSpec.TYPE),
    @JsonSubTypes.Type(value = FlattenSpec.class, name = FlattenSpec.TYPE),
    @JsonSubTypes.Type(value = DenseSpec.class, name = DenseSpec.TYPE),
    @JsonSubTypes.Type(value = DropoutSpec.class, name = DropoutSpec.TYPE),
    @JsonSubTypes.Type(value = SubsamplingSpec.class, name = SubsamplingSpec.TYPE),
    @JsonSubTypes.Type(value = RbfSpec.class, name = RbfSpec.TYPE)
})
public sealed interface LayerSpec
        permits ConvolutionSpec, MaxPoolingSpec, AveragePoolingSpec, ActivationSpec, FlattenSpec, DenseSpec, DropoutSpec,
                SubsamplingSpec, RbfSpec {

    /** The layer's name as written, or {@code null}. */
    String name();

    /** The {@code "type"} value of this layer. */
    String type();

    /** Calls the visitor's method for this layer's type. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per layer type of the spec format.
     *
     * @param <R> what the visit returns
     */
    interface Visitor<R> {
        /** A convolution. */
        R convolution(ConvolutionSpec layer);

        /** Max pooling. */
        R maxPooling(MaxPoolingSpec layer);

        /** Average pooling. */
        R averagePooling(AveragePoolingSpec layer);

        /** An activation. */
        R activation(ActivationSpec layer);

        /** A flatten layer. */
        R flatten(FlattenSpec layer);

        /** A dense layer. */
        R dense(DenseSpec layer);

        /** Dropout. */
        R dropout(DropoutSpec layer);

        /** Trainable subsampling. */
        R subsampling(SubsamplingSpec layer);

        /** RBF units. */
        R rbf(RbfSpec layer);
    }
}
