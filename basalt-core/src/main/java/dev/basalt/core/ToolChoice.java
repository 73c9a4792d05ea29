package dev.basalt.core;

/** How the model must use the tools it is offered. */
public sealed interface ToolChoice {

    /** The model decides whether to call a tool. */
    record Auto() implements ToolChoice {}

    /** The model must call some tool. */
    record Any() implements ToolChoice {}

    /** The model must call this tool. */
    record Named(String name) implements ToolChoice {
        public Named {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("tool name must not be blank");
            }
        }
    }

    ToolChoice AUTO = new Auto();
    ToolChoice ANY = new Any();
}
