package dev.basalt.core;

import java.util.List;

/**
 * The vectors of an {@link EmbeddingRequest}, one per text and in the same order.
 *
 * @param modelId the model that made them
 * @param inputTokens the tokens the texts cost, as the provider counted them (0 when it does not say)
 */
public record EmbeddingResponse(String modelId, List<Embedding> embeddings, int inputTokens) {

    public EmbeddingResponse {
        embeddings = List.copyOf(embeddings);
        if (inputTokens < 0) {
            throw new IllegalArgumentException("inputTokens cannot be negative");
        }
    }

    /** The length of the vectors; every vector of one response has the same. */
    public int dimensions() {
        return embeddings.isEmpty() ? 0 : embeddings.get(0).dimensions();
    }
}
