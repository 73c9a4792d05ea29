package dev.basalt.emulator;

import java.util.List;

/**
 * What a model behaviour sees of one call: the model id as the client sent it (decoded), the
 * conversation reduced to text, and the output limit asked for.
 */
public record ModelRequest(String modelId, List<String> system, List<Turn> messages, Integer maxTokens) {

    /** One message: {@code role} is "user" or "assistant"; {@code text} joins its text blocks. */
    public record Turn(String role, String text) {}

    public ModelRequest {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
    }

    /** The text of the last user message that has any, or "" when none does. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Turn turn = messages.get(i);
            if ("user".equals(turn.role()) && !turn.text().isEmpty()) {
                return turn.text();
            }
        }
        return "";
    }

    /** All the text sent, which is what input tokens are counted from. */
    public String allText() {
        StringBuilder all = new StringBuilder();
        system.forEach(all::append);
        messages.forEach(t -> all.append(t.text()));
        return all.toString();
    }
}
