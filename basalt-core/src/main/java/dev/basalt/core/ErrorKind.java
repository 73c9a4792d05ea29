package dev.basalt.core;

/** What went wrong, in terms a caller can act on. {@link #retryable()} says whether trying again may help. */
public enum ErrorKind {
    AUTHENTICATION(false),
    ACCESS_DENIED(false),
    MODEL_NOT_FOUND(false),
    NEEDS_INFERENCE_PROFILE(false),
    THROTTLED(true),
    QUOTA_EXCEEDED(false),
    VALIDATION(false),
    CONTEXT_TOO_LONG(false),
    TIMEOUT(true),
    UNAVAILABLE(true),
    CONTENT_FILTERED(false),
    NETWORK(true),
    STREAM_BROKEN(true),
    CONFIGURATION(false),
    CANCELLED(false),
    INTERNAL(false);

    private final boolean retryable;

    ErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
