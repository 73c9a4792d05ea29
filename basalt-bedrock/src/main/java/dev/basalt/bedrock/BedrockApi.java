package dev.basalt.bedrock;

import java.util.Locale;
import java.util.Optional;

/**
 * Which Bedrock runtime API {@link BedrockChatModel} calls a model through.
 *
 * <p>{@link #AUTO} is Converse unless the catalog entry of the model says {@code "api": "invoke"}:
 * the catalog marks the models Converse serves worse than their own body (Converse takes no system
 * prompt for Titan Text, while its native {@code inputText} can carry one). A model the catalog does
 * not know goes through Converse.
 */
public enum BedrockApi {
    /** Converse unless the catalog marks the model as needing its native body. */
    AUTO,
    /** Converse and ConverseStream, for every model. */
    CONVERSE,
    /**
     * InvokeModel and InvokeModelWithResponseStream with the model family's native body: Anthropic
     * Messages (Claude), Amazon Titan Text, Meta Llama 3 and Mistral's instruct prompt. Any other model
     * is refused before sending.
     */
    INVOKE;

    /** {@code auto}, {@code converse} or {@code invoke}, in any case; empty for anything else. */
    public static Optional<BedrockApi> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (BedrockApi api : values()) {
            if (api.name().equals(name.strip().toUpperCase(Locale.ROOT))) {
                return Optional.of(api);
            }
        }
        return Optional.empty();
    }

    /** The lower-case name the catalog and the command line use. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
