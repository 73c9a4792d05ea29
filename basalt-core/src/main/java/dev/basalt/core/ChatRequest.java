package dev.basalt.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one model call needs. The same request goes to {@link ChatModel#chat} and
 * {@link ChatModel#stream}; providers translate it at their edge.
 */
public record ChatRequest(
        String modelId,
        List<String> system,
        List<Message> messages,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        InferenceConfig inference) {

    public ChatRequest {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(inference, "inference");
    }

    public static Builder builder(String modelId) {
        return new Builder(modelId);
    }

    /** Builds a request; only the model and one message are required. */
    public static final class Builder {
        private final String modelId;
        private final List<String> system = new ArrayList<>();
        private final List<Message> messages = new ArrayList<>();
        private final List<ToolSpec> tools = new ArrayList<>();
        private ToolChoice toolChoice = ToolChoice.AUTO;
        private InferenceConfig inference = InferenceConfig.DEFAULTS;

        private Builder(String modelId) {
            this.modelId = modelId;
        }

        public Builder system(String text) {
            system.add(Objects.requireNonNull(text));
            return this;
        }

        public Builder message(Message message) {
            messages.add(Objects.requireNonNull(message));
            return this;
        }

        public Builder messages(List<Message> all) {
            messages.addAll(all);
            return this;
        }

        public Builder user(String text) {
            return message(Message.user(text));
        }

        public Builder tool(ToolSpec tool) {
            tools.add(Objects.requireNonNull(tool));
            return this;
        }

        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = Objects.requireNonNull(choice);
            return this;
        }

        public Builder inference(InferenceConfig config) {
            this.inference = Objects.requireNonNull(config);
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.inference = inference.withMaxTokens(maxTokens);
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(modelId, system, messages, tools, toolChoice, inference);
        }
    }
}
