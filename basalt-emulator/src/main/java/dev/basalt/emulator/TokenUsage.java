package dev.basalt.emulator;

/**
 * The token counts a reply reports, the same in every place a client can read them: Converse
 * usage, ConverseStream metadata, InvokeModel headers and bodies, and the invocation metrics.
 */
public record TokenUsage(int inputTokens, int outputTokens, int cacheReadInputTokens, int cacheWriteInputTokens) {

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadInputTokens < 0 || cacheWriteInputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    public static TokenUsage of(int inputTokens, int outputTokens) {
        return new TokenUsage(inputTokens, outputTokens, 0, 0);
    }

    /** What Bedrock reports as {@code totalTokens}: every token, cached ones included. */
    public int totalTokens() {
        return inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens;
    }
}
