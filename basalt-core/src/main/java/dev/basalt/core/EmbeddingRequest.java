package dev.basalt.core;

import java.util.List;
import java.util.Objects;

/**
 * The texts to embed with one model. Only what holds for every provider is checked here (at least
 * one text, none null); each provider checks its model's own limits (texts per call, characters per
 * text, which options it takes) before sending.
 */
public record EmbeddingRequest(String modelId, List<String> texts, EmbeddingOptions options) {

    public EmbeddingRequest {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        texts = List.copyOf(texts);   // also refuses a null text
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("an embedding request needs at least one text");
        }
        Objects.requireNonNull(options, "options");
    }

    /** The texts with the model's default options. */
    public static EmbeddingRequest of(String modelId, List<String> texts) {
        return new EmbeddingRequest(modelId, texts, EmbeddingOptions.DEFAULTS);
    }

    public EmbeddingRequest withOptions(EmbeddingOptions other) {
        return new EmbeddingRequest(modelId, texts, other);
    }
}
