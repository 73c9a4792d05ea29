package dev.basalt.core;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The assembled answer of one call.
 *
 * @param costUsd what the call cost at the provider's on-demand prices, cache reads and writes
 *     priced apart; empty when the model's prices are not known
 * @param guardrailTrace what the request's {@link Guardrail} assessed, as the provider's JSON text,
 *     when the request asked for a trace ({@link Guardrail#trace()}) and the provider sent one; else null
 * @param region where the provider answered, for providers with regions (a fallback region may differ
 *     from the one asked for); else null
 */
public record ChatResponse(Message message, StopReason stopReason, Usage usage, String modelId, long latencyMs,
        OptionalDouble costUsd, String guardrailTrace, String region) {

    public ChatResponse {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(costUsd, "costUsd");
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("a response message comes from the assistant");
        }
    }

    /** A response whose region is not (yet) known. */
    public ChatResponse(Message message, StopReason stopReason, Usage usage, String modelId, long latencyMs,
            OptionalDouble costUsd, String guardrailTrace) {
        this(message, stopReason, usage, modelId, latencyMs, costUsd, guardrailTrace, null);
    }

    /** A response without a guardrail trace. */
    public ChatResponse(Message message, StopReason stopReason, Usage usage, String modelId, long latencyMs,
            OptionalDouble costUsd) {
        this(message, stopReason, usage, modelId, latencyMs, costUsd, null);
    }

    /** A response whose cost is not known (yet). */
    public ChatResponse(Message message, StopReason stopReason, Usage usage, String modelId, long latencyMs) {
        this(message, stopReason, usage, modelId, latencyMs, OptionalDouble.empty());
    }

    public String text() {
        return message.text();
    }

    /** This response with its cost worked out from its usage at {@code pricing}. */
    public ChatResponse priced(Pricing pricing) {
        return new ChatResponse(message, stopReason, usage, modelId, latencyMs, OptionalDouble.of(pricing.cost(usage)),
                guardrailTrace, region);
    }

    /** This response with another message and stop reason, the rest kept. */
    public ChatResponse withMessage(Message replacement, StopReason reason) {
        return new ChatResponse(replacement, reason, usage, modelId, latencyMs, costUsd, guardrailTrace, region);
    }

    /** This response with the guardrail's trace (JSON text, or null), the rest kept. */
    public ChatResponse withGuardrailTrace(String trace) {
        return new ChatResponse(message, stopReason, usage, modelId, latencyMs, costUsd, trace, region);
    }

    /** This response as answered in {@code where}, the rest kept. */
    public ChatResponse servedIn(String where) {
        return new ChatResponse(message, stopReason, usage, modelId, latencyMs, costUsd, guardrailTrace, where);
    }
}
