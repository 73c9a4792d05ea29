package dev.basalt.emulator.internal;

import dev.basalt.emulator.TokenUsage;

/**
 * What actually went out for one call, for the request log: beyond the status and error name that
 * {@link dev.basalt.emulator.RecordedCall} keeps, the words of an error, the tokens billed, and for a
 * stream how far it got.
 *
 * @param requestId the {@code x-amzn-RequestId} answered
 * @param latencyMs from the request's arrival to its answer (to a stream's end)
 * @param errorMessage the error's message, or null on success
 * @param usage the tokens of a model answer, or null when no model answered
 * @param eventsSent the events a stream sent in full before it ended, or null for a non-streaming answer
 * @param cutBy the fault that cut a stream short (or {@code ClientGone}), or null when it ran to its end
 */
record Outcome(String requestId, long latencyMs, String errorMessage, TokenUsage usage, Integer eventsSent,
               String cutBy) {

    static Outcome answered(Exchange exchange, BedrockError error, TokenUsage usage) {
        return new Outcome(exchange.requestId(), exchange.elapsedMillis(), error == null ? null : error.message(), usage,
                null, null);
    }

    static Outcome streamed(Exchange exchange, TokenUsage usage, int eventsSent, String cutBy) {
        return new Outcome(exchange.requestId(), exchange.elapsedMillis(), null, usage, eventsSent, cutBy);
    }
}
