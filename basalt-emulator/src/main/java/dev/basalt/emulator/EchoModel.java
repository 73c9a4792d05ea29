package dev.basalt.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers with the last user text, verbatim, in word-sized pieces so streaming is visible. Honours
 * {@code maxTokens} the way a model does: the answer is cut and the stop reason is max_tokens.
 */
public final class EchoModel implements ModelBehaviour {

    /** A word with the whitespace after it: the pieces concatenate back to the exact text. */
    private static final Pattern PIECE = Pattern.compile("\\S+\\s*|\\s+");
    static final String NOTHING_TO_ECHO = "(nothing to echo: the last user message has no text)";

    @Override
    public ModelReply reply(ModelRequest request) {
        String text = request.lastUserText();
        if (text.isEmpty()) {
            text = NOTHING_TO_ECHO;
        }
        String stopReason = "end_turn";
        if (request.maxTokens() != null && Tokens.estimate(text) > request.maxTokens()) {
            text = text.substring(0, Math.min(text.length(), request.maxTokens() * 4));
            stopReason = "max_tokens";
        }
        List<String> chunks = new ArrayList<>();
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            chunks.add(m.group());
        }
        return new ModelReply(chunks, stopReason, Math.max(1, Tokens.estimate(request.allText())), Tokens.estimate(text));
    }
}
