package dev.basalt.core;

/** Receives stream events as they arrive, on the provider's thread; keep it quick. */
@FunctionalInterface
public interface StreamListener {

    void onEvent(StreamEvent event);

    StreamListener IGNORE = event -> { };
}
