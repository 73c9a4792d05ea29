package dev.basalt.core;

/**
 * On-demand prices in USD per million tokens. Cache reads and writes have their own prices; where a
 * model has none, they cost what input costs.
 */
public record Pricing(double input, double output, double cacheRead, double cacheWrite) {

    public Pricing {
        if (input < 0 || output < 0 || cacheRead < 0 || cacheWrite < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
    }

    /** What {@code usage} cost, in USD. */
    public double cost(Usage usage) {
        return (usage.inputTokens() * input + usage.outputTokens() * output
                + usage.cacheReadTokens() * cacheRead + usage.cacheWriteTokens() * cacheWrite) / 1_000_000.0;
    }
}
