package dev.basalt.core;

/**
 * Counts the input tokens a {@link ChatRequest} would cost, without running the model. Failures are
 * {@link ModelException}s.
 */
public interface TokenCounter extends AutoCloseable {

    TokenCount count(ChatRequest request);

    /** Releases connections. One-shot programs may skip it and exit. */
    @Override
    default void close() {
    }
}
