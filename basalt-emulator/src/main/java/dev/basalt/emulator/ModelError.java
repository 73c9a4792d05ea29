package dev.basalt.emulator;

import java.util.Objects;

/**
 * Thrown by a {@link ModelBehaviour} to answer with a Bedrock error instead of a reply: the status,
 * the {@code x-amzn-errortype} name and the {@code {"message"}} body a real client would get.
 * Behaviours use it to simulate throttling, access errors or a model that rejects its input.
 */
public final class ModelError extends RuntimeException {

    private final int status;
    private final String type;

    public ModelError(int status, String type, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        }
        this.status = status;
        this.type = Objects.requireNonNull(type, "type");
    }

    public static ModelError throttling() {
        return new ModelError(429, "ThrottlingException", "Too many requests, please wait before trying again.");
    }

    public static ModelError validation(String message) {
        return new ModelError(400, "ValidationException", message);
    }

    public static ModelError accessDenied() {
        return new ModelError(403, "AccessDeniedException",
                "You don't have access to the model with the specified model ID.");
    }

    public static ModelError serviceUnavailable() {
        return new ModelError(503, "ServiceUnavailableException", "Bedrock is unable to process your request.");
    }

    public static ModelError internal() {
        return new ModelError(500, "InternalServerException", "The server encountered an internal error.");
    }

    public int status() {
        return status;
    }

    /** The exception's name, e.g. {@code ThrottlingException}. */
    public String type() {
        return type;
    }
}
