package dev.basalt.agent;

import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.StreamListener;
import java.util.List;
import java.util.Objects;

/**
 * Runs turns of a conversation against an injected {@link ChatModel}: the user's message goes in, the
 * model's streamed answer comes back and both are kept in the {@link Conversation}. A failed call
 * leaves the conversation as it was before the turn, so the user can simply try again.
 */
public final class Agent {

    private final ChatModel model;
    private final String modelId;
    private final List<String> system;
    private final InferenceConfig inference;
    private final Conversation conversation;

    public Agent(ChatModel model, String modelId, List<String> system, InferenceConfig inference,
            Conversation conversation) {
        this.model = Objects.requireNonNull(model, "model");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.system = List.copyOf(system);
        this.inference = Objects.requireNonNull(inference, "inference");
        this.conversation = Objects.requireNonNull(conversation, "conversation");
    }

    public Agent(ChatModel model, String modelId) {
        this(model, modelId, List.of(), InferenceConfig.DEFAULTS, new Conversation());
    }

    /** Sends one user message and streams the answer to {@code listener}; returns the whole answer. */
    public ChatResponse run(String userText, StreamListener listener) {
        Message user = Message.user(userText);
        ChatRequest.Builder request = ChatRequest.builder(modelId)
                .messages(conversation.messages())
                .message(user)
                .inference(inference);
        system.forEach(request::system);
        ChatResponse response = model.stream(request.build(), listener);
        conversation.add(user);
        conversation.add(response.message());
        return response;
    }

    public Conversation conversation() {
        return conversation;
    }
}
