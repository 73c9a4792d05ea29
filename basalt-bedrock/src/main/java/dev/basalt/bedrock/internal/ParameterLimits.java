package dev.basalt.bedrock.internal;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.ModelException;
import dev.basalt.core.ToolChoice;
import dev.basalt.core.ToolSpec;

/**
 * The request's settings checked against the model before sending, so a mistake is one line naming
 * the limit instead of a round trip and Bedrock's "The model returned the following errors: ...".
 * Checks that need the catalog are skipped for models it does not know.
 */
final class ParameterLimits {

    /**
     * Every model in the catalog samples with a temperature from 0 to 1 on Bedrock; models outside it
     * may differ (some take up to 2), so they are left to Bedrock.
     */
    static final double MAX_TEMPERATURE = 1.0;
    static final int CLAUDE_MAX_STOP_SEQUENCES = 4;
    /** Converse's own limit (InferenceConfiguration.stopSequences), whatever the model. */
    static final int CONVERSE_MAX_STOP_SEQUENCES = 2500;
    static final int CLAUDE_MIN_THINKING_BUDGET = 1024;
    /** Claude allows topP only between 0.95 and 1 while thinking. */
    static final double THINKING_MIN_TOP_P = 0.95;

    private ParameterLimits() {
    }

    /** @param model the catalog entry, or null when the catalog does not know the model */
    static void check(ChatRequest request, CatalogModel model) {
        InferenceConfig inference = request.inference();
        String who = model == null ? request.modelId() : model.name();
        if (model != null && model.maxOutput() > 0 && inference.maxTokens() != null && inference.maxTokens() > model.maxOutput()) {
            throw invalid("maxTokens " + inference.maxTokens() + " is above the " + model.maxOutput() + " output tokens "
                    + who + " can write", "set maxTokens to " + model.maxOutput() + " or less");
        }
        if (model != null && inference.temperature() != null && inference.temperature() > MAX_TEMPERATURE) {
            throw invalid("temperature " + inference.temperature() + " is out of range: " + who + " takes 0 to 1",
                    "use a temperature between 0 and 1");
        }
        if (inference.stopSequences().stream().anyMatch(String::isEmpty)) {
            throw invalid("a stop sequence is empty", "remove the empty stop sequence");
        }
        if (inference.stopSequences().size() > CONVERSE_MAX_STOP_SEQUENCES) {
            throw invalid(inference.stopSequences().size() + " stop sequences given; Bedrock takes at most "
                    + CONVERSE_MAX_STOP_SEQUENCES, "keep the ones that matter most");
        }
        if (model != null && model.oneSampler() && inference.temperature() != null && inference.topP() != null) {
            throw invalid(who + " takes temperature or topP, not both", "set only one of them");
        }
        if (model != null && model.supports("embeddings")) {
            throw invalid(who + " is an embedding model: it makes vectors, not answers", "use BedrockEmbeddingModel (basalt embed)");
        }
        if (claude(request, model) && inference.stopSequences().size() > CLAUDE_MAX_STOP_SEQUENCES) {
            throw invalid(inference.stopSequences().size() + " stop sequences given; Claude on Bedrock takes at most "
                    + CLAUDE_MAX_STOP_SEQUENCES, "keep the " + CLAUDE_MAX_STOP_SEQUENCES + " that matter most");
        }
        if (model != null && !model.supports("tools") && (!request.tools().isEmpty() || request.outputSchema() != null)) {
            throw invalid(who + " cannot call tools" + (request.outputSchema() != null ? ", which JSON output needs" : ""),
                    "use a model with tools, e.g. sonnet (`basalt models` lists them)");
        }
        if (request.outputSchema() != null) {
            checkOutputSchema(request);
        }
        if (request.thinkingBudget() != null) {
            checkThinking(request, model, who);
        }
    }

    /** maxTokens as sent: a thinking request without one gets the model's output limit, since the budget must fit below it. */
    static Integer maxTokens(ChatRequest request, CatalogModel model) {
        Integer asked = request.inference().maxTokens();
        if (asked == null && request.thinkingBudget() != null && model != null && model.maxOutput() > 0) {
            return model.maxOutput();
        }
        return asked;
    }

    static boolean claude(ChatRequest request, CatalogModel model) {
        return model != null ? model.family().equals("claude") : request.modelId().contains("anthropic.");
    }

    private static void checkOutputSchema(ChatRequest request) {
        String name = request.outputSchema().name();
        if (!(request.toolChoice() instanceof ToolChoice.Auto)) {
            throw invalid("JSON output forces its own tool, so toolChoice cannot be set as well", "leave toolChoice at auto");
        }
        for (ToolSpec tool : request.tools()) {
            if (tool.name().equals(name)) {
                throw invalid("the output schema's name '" + name + "' is also the name of a tool",
                        "give the OutputSchema another name");
            }
        }
    }

    private static void checkThinking(ChatRequest request, CatalogModel model, String who) {
        int budget = request.thinkingBudget();
        if (model != null && !model.supports("reasoning")) {
            throw invalid(who + " has no extended thinking", "drop the thinking budget, or use a model with reasoning, e.g. sonnet");
        }
        if (!claude(request, model)) {
            throw invalid("thinking budgets are sent in Claude's format, and " + who + " is not a Claude model",
                    "drop the thinking budget");
        }
        if (budget < CLAUDE_MIN_THINKING_BUDGET) {
            throw invalid("thinking budget " + budget + " is below Claude's minimum of " + CLAUDE_MIN_THINKING_BUDGET + " tokens",
                    "raise the budget to " + CLAUDE_MIN_THINKING_BUDGET + " or more");
        }
        Integer maxTokens = maxTokens(request, model);
        if (maxTokens == null) {
            throw invalid("a thinking budget needs maxTokens above it", "set maxTokens above " + budget);
        }
        if (budget >= maxTokens) {
            throw invalid("thinking budget " + budget + " must be below maxTokens (" + maxTokens + ")",
                    "raise maxTokens above " + budget + " or lower the budget");
        }
        InferenceConfig inference = request.inference();
        if (inference.temperature() != null) {
            throw invalid("temperature cannot be set together with a thinking budget", "leave temperature unset when thinking");
        }
        if (inference.topP() != null && inference.topP() < THINKING_MIN_TOP_P) {
            throw invalid("topP " + inference.topP() + " is too low for thinking: Claude takes 0.95 to 1 while thinking",
                    "leave topP unset, or use 0.95 or more");
        }
        if (request.outputSchema() != null) {
            throw invalid("JSON output cannot be combined with a thinking budget: Claude cannot think when a tool is forced",
                    "drop the thinking budget or the output schema");
        }
        if (!(request.toolChoice() instanceof ToolChoice.Auto)) {
            throw invalid("a forced tool choice cannot be combined with a thinking budget", "use ToolChoice.AUTO when thinking");
        }
    }

    private static ModelException invalid(String message, String hint) {
        return new ModelException(ErrorKind.VALIDATION, message, hint);
    }
}
