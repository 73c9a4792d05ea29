package dev.basalt.core;

import java.util.List;

/**
 * Sampling settings; a null member means "the model's default". Only what holds for every model is
 * checked here; each provider checks the chosen model's own limits (output tokens, the temperature
 * range, how many stop sequences) before sending.
 */
public record InferenceConfig(Integer maxTokens, Double temperature, Double topP, List<String> stopSequences) {

    public static final InferenceConfig DEFAULTS = new InferenceConfig(null, null, null, List.of());

    public InferenceConfig {
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        // Temperature ranges differ by provider (0..1 on Bedrock, 0..2 elsewhere); only a negative one is nonsense.
        if (temperature != null && (temperature.isNaN() || temperature < 0)) {
            throw new IllegalArgumentException("temperature must not be negative, was " + temperature);
        }
        if (topP != null && (topP.isNaN() || topP < 0 || topP > 1)) {
            throw new IllegalArgumentException("topP must be between 0 and 1, was " + topP);
        }
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    }

    public InferenceConfig withMaxTokens(Integer value) {
        return new InferenceConfig(value, temperature, topP, stopSequences);
    }

    public boolean isDefault() {
        return maxTokens == null && temperature == null && topP == null && stopSequences.isEmpty();
    }
}
