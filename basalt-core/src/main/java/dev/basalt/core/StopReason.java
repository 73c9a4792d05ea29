package dev.basalt.core;

import java.util.Locale;

/** Why the model stopped. {@link #UNKNOWN} keeps a newer provider value from failing the call. */
public enum StopReason {
    END_TURN,
    TOOL_USE,
    MAX_TOKENS,
    STOP_SEQUENCE,
    GUARDRAIL_INTERVENED,
    CONTENT_FILTERED,
    MODEL_CONTEXT_WINDOW_EXCEEDED,
    /** The model's output could not be parsed (Bedrock: {@code malformed_model_output}). */
    MALFORMED_MODEL_OUTPUT,
    /** The model called a tool with input that is not valid JSON for it (Bedrock: {@code malformed_tool_use}). */
    MALFORMED_TOOL_USE,
    UNKNOWN;

    /** Maps Bedrock's snake_case value ({@code end_turn}); unknown values become {@link #UNKNOWN}. */
    public static StopReason fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
