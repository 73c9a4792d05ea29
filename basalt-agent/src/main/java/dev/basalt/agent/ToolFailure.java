package dev.basalt.agent;

/** A tool call that could not be done; the message is written for the model, which may try again. */
public final class ToolFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public ToolFailure(String message) {
        super(message);
    }

    public ToolFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
