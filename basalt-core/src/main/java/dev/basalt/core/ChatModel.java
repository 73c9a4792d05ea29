package dev.basalt.core;

/**
 * A chat model behind some provider. Both calls block until the answer is complete; {@link #stream}
 * also hands every event to the listener as it arrives. Interrupting the calling thread cancels the
 * call. Failures are {@link ModelException}s.
 */
public interface ChatModel extends AutoCloseable {

    ChatResponse chat(ChatRequest request);

    ChatResponse stream(ChatRequest request, StreamListener listener);

    /** Releases connections. One-shot programs may skip it and exit. */
    @Override
    default void close() {
    }
}
