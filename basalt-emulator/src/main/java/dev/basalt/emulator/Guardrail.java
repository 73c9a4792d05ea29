package dev.basalt.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A word-list guardrail, served by ApplyGuardrail and applied to Converse requests that name it in
 * {@code guardrailConfig} (only to their {@code guardContent} blocks when they have any) and to
 * InvokeModel requests that name it in their headers: input containing a blocked word
 * (case-insensitive, whole words) is blocked and answered with {@link #blockedMessage()}.
 *
 * @param id the guardrail identifier clients send
 * @param version the version clients send; {@code DRAFT} or a number
 * @param blockedWords the words that trip it
 */
public record Guardrail(String id, String version, List<String> blockedWords) {

    public static final String BLOCKED_MESSAGE = "Sorry, the model cannot answer this question.";

    public Guardrail {
        Objects.requireNonNull(id, "id");
        version = version == null || version.isBlank() ? "DRAFT" : version;
        blockedWords = List.copyOf(blockedWords);
    }

    /** The first blocked word {@code text} contains. */
    public Optional<String> firstMatch(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : blockedWords) {
            String w = word.toLowerCase(Locale.ROOT);
            int at = lower.indexOf(w);
            while (at >= 0) {
                boolean startOk = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1));
                int end = at + w.length();
                boolean endOk = end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end));
                if (startOk && endOk) {
                    return Optional.of(word);
                }
                at = lower.indexOf(w, at + 1);
            }
        }
        return Optional.empty();
    }

    public String blockedMessage() {
        return BLOCKED_MESSAGE;
    }
}
