package dev.basalt.emulator;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A Converse or ConverseStream request as a {@link ModelBehaviour} sees it.
 *
 * @param modelId the model id, inference-profile id or ARN from the path, percent-decoded
 * @param system the text of the {@code system} blocks, joined without separator ("" when none); on
 *     Converse, the text of {@code guardContent} blocks counts as text
 * @param messages the conversation, oldest first, each reduced to its role and text
 * @param maxTokens {@code inferenceConfig.maxTokens} when the request sets it
 * @param requestJson the request body exactly as received, for behaviours that need more than text
 */
public record ModelRequest(String modelId, String system, List<Message> messages, OptionalInt maxTokens,
                           String requestJson) {

    public ModelRequest {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(system, "system");
        messages = List.copyOf(messages);
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(requestJson, "requestJson");
    }

    /**
     * One message of the conversation.
     *
     * @param role {@code user} or {@code assistant}
     * @param text the message's {@code text} blocks (and on Converse the text of its
     *     {@code guardContent} blocks) joined without separator; "" when it has none
     *     (a message holding only tool results, images or documents)
     */
    public record Message(String role, String text) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Everything the model reads as input: the system text and every message's text. The emulator's
     * models count their input tokens over it, and so does CountTokens, so the two agree.
     */
    public String inputText() {
        StringBuilder input = new StringBuilder(system);
        messages.forEach(m -> input.append(m.text()));
        return input.toString();
    }

    /** How many assistant turns the conversation already holds: which turn of a script comes next. */
    public int assistantTurns() {
        return (int) messages.stream().filter(m -> m.role().equals("assistant")).count();
    }

    /** The text of the last {@code user} message; "" when there is none or it holds no text. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).text();
            }
        }
        return "";
    }
}
