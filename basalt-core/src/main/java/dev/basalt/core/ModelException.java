package dev.basalt.core;

import java.util.Objects;

/**
 * A failed model call. The message says what happened in one line; {@link #hint()} says what to do
 * about it, also in one line. The cause keeps the provider's details for {@code --debug}.
 */
public class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String hint;

    public ModelException(ErrorKind kind, String message, String hint, Throwable cause) {
        super(oneLine(message), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.hint = hint == null ? "" : oneLine(hint);
    }

    public ModelException(ErrorKind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String hint() {
        return hint;
    }

    public boolean retryable() {
        return kind.retryable();
    }

    /** The line a user sees: what happened, then the fix. */
    public String userMessage() {
        return hint.isEmpty() ? getMessage() : getMessage() + " (" + hint + ")";
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return flat.length() > 400 ? flat.substring(0, 397) + "..." : flat;
    }
}
