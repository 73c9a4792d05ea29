package dev.basalt.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one model call needs. The same request goes to {@link ChatModel#chat} and
 * {@link ChatModel#stream}; providers translate it at their edge, and refuse with a
 * {@link ModelException} what the chosen model cannot do.
 *
 * @param thinkingBudget tokens the model may spend reasoning before it answers (extended thinking),
 *     or null for none; the reasoning arrives as {@link Content.Reasoning} blocks
 * @param promptCaching whether the provider should mark the stable prefix of the request (system
 *     prompt, tools, the conversation so far) for its prompt cache; ignored by models without one
 * @param guardrail a guardrail to apply, or null
 * @param outputSchema a JSON Schema the answer must match, or null for free text
 */
public record ChatRequest(
        String modelId,
        List<String> system,
        List<Message> messages,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        InferenceConfig inference,
        Integer thinkingBudget,
        boolean promptCaching,
        Guardrail guardrail,
        OutputSchema outputSchema) {

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
        if (thinkingBudget != null && thinkingBudget < 1) {
            throw new IllegalArgumentException("thinkingBudget must be at least 1, was " + thinkingBudget);
        }
    }

    /** A request without thinking, caching, guardrail or output schema. */
    public ChatRequest(String modelId, List<String> system, List<Message> messages, List<ToolSpec> tools,
            ToolChoice toolChoice, InferenceConfig inference) {
        this(modelId, system, messages, tools, toolChoice, inference, null, false, null, null);
    }

    /** The same request for another model id (an inference profile of the same model, say). */
    public ChatRequest withModelId(String otherModelId) {
        return new ChatRequest(otherModelId, system, messages, tools, toolChoice, inference, thinkingBudget, promptCaching,
                guardrail, outputSchema);
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
        private Integer thinkingBudget;
        private boolean promptCaching;
        private Guardrail guardrail;
        private OutputSchema outputSchema;

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

        /** Sampling temperature; the provider checks the model's range before sending. */
        public Builder temperature(double temperature) {
            this.inference = new InferenceConfig(inference.maxTokens(), temperature, inference.topP(), inference.stopSequences());
            return this;
        }

        /** Nucleus sampling, 0 to 1. */
        public Builder topP(double topP) {
            this.inference = new InferenceConfig(inference.maxTokens(), inference.temperature(), topP, inference.stopSequences());
            return this;
        }

        /** Texts that end the answer where they appear; the provider checks how many the model takes. */
        public Builder stopSequences(List<String> sequences) {
            this.inference = new InferenceConfig(inference.maxTokens(), inference.temperature(), inference.topP(), sequences);
            return this;
        }

        /** Lets the model think for up to {@code budgetTokens} before answering; null turns it off. */
        public Builder thinking(Integer budgetTokens) {
            this.thinkingBudget = budgetTokens;
            return this;
        }

        public Builder promptCaching(boolean on) {
            this.promptCaching = on;
            return this;
        }

        public Builder guardrail(Guardrail guardrail) {
            this.guardrail = guardrail;
            return this;
        }

        public Builder outputSchema(OutputSchema schema) {
            this.outputSchema = schema;
            return this;
        }

        /** Asks for the answer as JSON matching {@code schemaJson}; see {@link OutputSchema}. */
        public Builder jsonOutput(String schemaJson) {
            return outputSchema(OutputSchema.of(schemaJson));
        }

        public ChatRequest build() {
            return new ChatRequest(modelId, system, messages, tools, toolChoice, inference, thinkingBudget, promptCaching,
                    guardrail, outputSchema);
        }
    }
}
