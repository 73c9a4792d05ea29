package dev.basalt.core;

/**
 * A text-embedding model behind some provider: texts in, one vector per text out, in order. The call
 * blocks until every vector is there; interrupting the calling thread cancels it. Failures are
 * {@link ModelException}s, and options the model cannot honour are refused before anything is sent.
 */
public interface EmbeddingModel extends AutoCloseable {

    EmbeddingResponse embed(EmbeddingRequest request);

    /** Releases connections. One-shot programs may skip it and exit. */
    @Override
    default void close() {
    }
}
