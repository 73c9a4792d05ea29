package dev.basalt.emulator;

import java.util.Objects;

/**
 * A Bedrock service quota for the models whose id matches a glob: requests and tokens per minute,
 * counted per model id as sent (so an on-demand id and a profile id have separate quotas, as on
 * Bedrock). Over it, a request is answered 429 {@code ThrottlingException}.
 *
 * <p>Tokens are counted as Bedrock counts them: a request reserves its input tokens plus its
 * {@code max_tokens} when it starts and settles to the real use when it ends, and for the Claude 4
 * family and later an output token counts five times (the "token burndown rate").
 *
 * @param model a glob over the model id ({@code *} matches anything)
 * @param requestsPerMinute 0 for no request limit
 * @param tokensPerMinute 0 for no token limit
 */
public record Quota(String model, int requestsPerMinute, int tokensPerMinute) {

    public Quota {
        model = model == null || model.isBlank() ? "*" : model;
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("quotas must not be negative");
        }
        Objects.requireNonNull(model);
    }

    public boolean matches(String modelId) {
        return FaultRule.Glob.matches(model, modelId);
    }
}
