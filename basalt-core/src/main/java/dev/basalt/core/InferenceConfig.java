package dev.basalt.core;

import java.util.List;

/** Sampling settings; a null member means "the model's default". */
public record InferenceConfig(Integer maxTokens, Double temperature, Double topP, List<String> stopSequences) {

    public static final InferenceConfig DEFAULTS = new InferenceConfig(null, null, null, List.of());

    public InferenceConfig {
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        if (temperature != null && (temperature < 0 || temperature > 1)) {
            throw new IllegalArgumentException("temperature must be between 0 and 1, was " + temperature);
        }
        if (topP != null && (topP < 0 || topP > 1)) {
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
