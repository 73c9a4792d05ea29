package dev.basalt.core;

import java.util.Objects;

/**
 * A provider-side content filter to apply to a call (on Bedrock, a guardrail made in the console).
 * When it intervenes the call still succeeds, with {@link StopReason#GUARDRAIL_INTERVENED} and the
 * guardrail's canned answer as the text.
 *
 * @param id the guardrail's identifier (or ARN)
 * @param version a published version number, or {@code DRAFT}
 * @param trace whether the provider should report what the guardrail assessed
 * @param streamMode how a stream is checked: {@link StreamMode#SYNC} holds text back until it is
 *     checked; {@link StreamMode#ASYNC} streams at once and checks alongside, so text may reach the
 *     listener before an intervention
 * @param scope which part of the request's input the guardrail evaluates
 */
public record Guardrail(String id, String version, boolean trace, StreamMode streamMode, Scope scope) {

    public enum StreamMode { SYNC, ASYNC }

    /** Which part of a request's input the guardrail evaluates (the answer is evaluated either way). */
    public enum Scope {
        /** The system prompt and every message, as the provider does unless told otherwise. */
        WHOLE_CONVERSATION,
        /**
         * Only the text of the user's latest message. Earlier turns were evaluated when they were sent,
         * and the system prompt is the caller's own, so neither can trip the guardrail again. Not every
         * provider API can say this; one that cannot refuses the request rather than evaluate more.
         */
        LATEST_USER_INPUT
    }

    public Guardrail {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("guardrail id must not be blank");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("guardrail version must not be blank (a number, or DRAFT)");
        }
        Objects.requireNonNull(streamMode, "streamMode");
        Objects.requireNonNull(scope, "scope");
    }

    /** A guardrail over the whole conversation. */
    public Guardrail(String id, String version, boolean trace, StreamMode streamMode) {
        this(id, version, trace, streamMode, Scope.WHOLE_CONVERSATION);
    }

    /** A guardrail without trace, checking streams synchronously and the whole conversation (the provider's defaults). */
    public static Guardrail of(String id, String version) {
        return new Guardrail(id, version, false, StreamMode.SYNC, Scope.WHOLE_CONVERSATION);
    }

    public Guardrail withTrace(boolean on) {
        return new Guardrail(id, version, on, streamMode, scope);
    }

    public Guardrail withStreamMode(StreamMode mode) {
        return new Guardrail(id, version, trace, mode, scope);
    }

    public Guardrail withScope(Scope evaluated) {
        return new Guardrail(id, version, trace, streamMode, evaluated);
    }
}
