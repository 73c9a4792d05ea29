package dev.basalt.core;

/** Tokens one call consumed. Cache reads and writes are counted apart because they are priced apart. */
public record Usage(int inputTokens, int outputTokens, int cacheReadTokens, int cacheWriteTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public int totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens);
    }
}
