package dev.basalt.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The default {@link ModelBehaviour}: answers the last user message's text verbatim, streamed word
 * by word, with stop reason {@code end_turn}.
 *
 * <p>Like a model, it respects {@code maxTokens}: an echo longer than that (by
 * {@link #estimateTokens}) is cut to {@code maxTokens * 4} chars and stops with {@code max_tokens}
 * (Claude Code probes models with {@code max_tokens: 1}).
 *
 * <p>Each chunk is a word with the whitespace that follows it (leading whitespace is a chunk of its
 * own), so the chunks concatenate to exactly the prompt. When the last user message has no text
 * (only tool results, say), the answer is {@value #NO_TEXT_ANSWER}.
 *
 * <p>Token counts use {@link #estimateTokens}: input over the system text plus every message's
 * text, output over the answer.
 */
public final class EchoModel implements ModelBehaviour {

    /** The answer when there is no user text to echo. */
    public static final String NO_TEXT_ANSWER = "(nothing to echo)";

    @Override
    public ModelReply reply(ModelRequest request) {
        String text = request.lastUserText();
        String answer = text.isEmpty() ? NO_TEXT_ANSWER : text;
        String stopReason = "end_turn";
        int limit = request.maxTokens().orElse(Integer.MAX_VALUE);
        if (estimateTokens(answer) > limit) {
            int end = (int) Math.min(answer.length(), 4L * limit);
            if (Character.isHighSurrogate(answer.charAt(end - 1))) {
                end--;   // never split a surrogate pair
            }
            answer = answer.substring(0, Math.max(1, end));
            stopReason = "max_tokens";
        }
        return ModelReply.text(words(answer), stopReason, estimateTokens(request.inputText()), estimateTokens(answer));
    }

    /**
     * The emulator's token estimate: one token per four UTF-16 chars, rounded up, and at least one
     * (Bedrock never reports zero tokens for a call that reached the model).
     */
    public static int estimateTokens(CharSequence text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    /** Splits text into word chunks that concatenate back to it: how the built-in models stream. */
    public static List<String> words(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            // a chunk ends where whitespace gives way to the next word
            if (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i))) {
                chunks.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length()) {
            chunks.add(text.substring(start));
        }
        return chunks;
    }
}
