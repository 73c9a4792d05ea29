package dev.basalt.core;

/**
 * How to embed; a null member means "the model's default".
 *
 * @param dimensions the length of each vector, for models that offer a choice
 * @param normalize whether vectors should have unit length (so a dot product is the cosine)
 * @param inputType what the texts are for, for models that embed queries and documents differently
 */
public record EmbeddingOptions(Integer dimensions, Boolean normalize, EmbeddingInputType inputType) {

    public static final EmbeddingOptions DEFAULTS = new EmbeddingOptions(null, null, null);

    public EmbeddingOptions {
        if (dimensions != null && dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, was " + dimensions);
        }
    }

    public EmbeddingOptions withDimensions(Integer value) {
        return new EmbeddingOptions(value, normalize, inputType);
    }

    public EmbeddingOptions withNormalize(Boolean value) {
        return new EmbeddingOptions(dimensions, value, inputType);
    }

    public EmbeddingOptions withInputType(EmbeddingInputType value) {
        return new EmbeddingOptions(dimensions, normalize, value);
    }
}
