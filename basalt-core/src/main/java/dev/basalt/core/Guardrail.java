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
 */
public record Guardrail(String id, String version, boolean trace, StreamMode streamMode) {

    public enum StreamMode { SYNC, ASYNC }

    public Guardrail {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("guardrail id must not be blank");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("guardrail version must not be blank (a number, or DRAFT)");
        }
        Objects.requireNonNull(streamMode, "streamMode");
    }

    /** A guardrail without trace, checking streams synchronously (the provider's default). */
    public static Guardrail of(String id, String version) {
        return new Guardrail(id, version, false, StreamMode.SYNC);
    }

    public Guardrail withTrace(boolean on) {
        return new Guardrail(id, version, on, streamMode);
    }

    public Guardrail withStreamMode(StreamMode mode) {
        return new Guardrail(id, version, trace, mode);
    }
}
