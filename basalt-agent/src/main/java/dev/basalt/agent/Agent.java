package dev.basalt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Guardrail;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.Pricing;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs turns of a conversation against an injected {@link ChatModel}: the user's message goes in,
 * the model answers; while it asks for tools, each call is checked by the {@link ApprovalPolicy},
 * consented to through the {@link Approver} where needed, run (read-only calls in parallel), and its
 * result sent back. The turn ends when the model ends its turn, at the iteration cap, or on cancel.
 * Every finished message is handed to the store as it happens.
 */
public final class Agent {

    /**
     * What every call of this agent uses.
     *
     * @param budget the most one turn may cost, or null for no limit
     * @param thinkingBudget tokens the model may spend reasoning before each answer (extended thinking),
     *     or null for none; sent with every call, tool loops included
     * @param guardrail the guardrail every call is checked by, or null
     */
    public record Settings(String modelId, List<String> system, InferenceConfig inference, int maxIterations, Budget budget,
            Integer thinkingBudget, Guardrail guardrail) {
        public Settings {
            Objects.requireNonNull(modelId, "modelId");
            system = List.copyOf(system);
            Objects.requireNonNull(inference, "inference");
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be at least 1");
            }
            if (thinkingBudget != null && thinkingBudget < 1) {
                throw new IllegalArgumentException("thinkingBudget must be at least 1, was " + thinkingBudget);
            }
        }

        public Settings(String modelId, List<String> system, InferenceConfig inference, int maxIterations, Budget budget) {
            this(modelId, system, inference, maxIterations, budget, null, null);
        }

        public Settings(String modelId, List<String> system, InferenceConfig inference, int maxIterations) {
            this(modelId, system, inference, maxIterations, null);
        }

        public static Settings of(String modelId) {
            return new Settings(modelId, List.of(), InferenceConfig.DEFAULTS, 25);
        }

        public Settings withModel(String model) {
            return new Settings(model, system, inference, maxIterations, budget, thinkingBudget, guardrail);
        }

        /** Another model, whose prices the budget counts from now on. */
        public Settings withModel(String model, Pricing pricing) {
            return new Settings(model, system, inference, maxIterations, budget == null ? null : budget.withPricing(pricing),
                    thinkingBudget, guardrail);
        }

        /** The system prompt for the calls that follow; an empty list for none. */
        public Settings withSystem(List<String> prompt) {
            return new Settings(modelId, prompt, inference, maxIterations, budget, thinkingBudget, guardrail);
        }

        /** Other sampling settings (max tokens, say) for the calls that follow. */
        public Settings withInference(InferenceConfig config) {
            return new Settings(modelId, system, config, maxIterations, budget, thinkingBudget, guardrail);
        }

        /** Extended thinking with this budget for the calls that follow; null turns it off. */
        public Settings withThinking(Integer budgetTokens) {
            return new Settings(modelId, system, inference, maxIterations, budget, budgetTokens, guardrail);
        }

        /** This guardrail on the calls that follow; null for none. */
        public Settings withGuardrail(Guardrail rail) {
            return new Settings(modelId, system, inference, maxIterations, budget, thinkingBudget, rail);
        }
    }

    /**
     * The most one turn may cost, in USD at {@code pricing}: once the calls of a turn have cost that
     * much, the turn ends before the next model call. A turn, like the iteration cap, so a runaway
     * tool loop is what it bounds; the first call of a turn is always made.
     */
    public record Budget(double maxUsd, Pricing pricing) {
        public Budget {
            if (!(maxUsd > 0 && Double.isFinite(maxUsd))) { // NaN fails this too
                throw new IllegalArgumentException("the budget must be a positive amount of USD");
            }
            Objects.requireNonNull(pricing, "pricing: a budget needs the model's prices");
        }

        public Budget withPricing(Pricing other) {
            return new Budget(maxUsd, other);
        }

        public boolean reachedBy(double spentUsd) {
            return spentUsd >= maxUsd;
        }
    }

    /** How a turn ended; BUDGET: the turn's cost reached {@link Settings#budget()} before the next call. */
    public enum Ending { END_TURN, ITERATION_CAP, CANCELLED, OTHER_STOP, BUDGET }

    public record TurnResult(ChatResponse lastResponse, Usage usage, int modelCalls, Ending ending) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatModel model;
    private Settings settings;
    private final Conversation conversation;
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final ApprovalPolicy policy;
    private final Approver approver;
    private final Workspace workspace;
    private final ConversationStore.Writer store;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public Agent(ChatModel model, Settings settings, Conversation conversation, List<Tool> tools,
            ApprovalPolicy policy, Approver approver, Workspace workspace, ConversationStore.Writer store) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.conversation = Objects.requireNonNull(conversation, "conversation");
        tools.forEach(t -> this.tools.put(t.name(), t));
        this.policy = Objects.requireNonNull(policy, "policy");
        this.approver = Objects.requireNonNull(approver, "approver");
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.store = store;
    }

    /** An agent without tools or storage: one model, one conversation. */
    public Agent(ChatModel model, String modelId) {
        this(model, Settings.of(modelId), new Conversation(), List.of(), new ApprovalPolicy(java.util.Set.of(), false),
                Approver.REFUSE, Workspace.of(java.nio.file.Path.of("")), null);
    }

    public Conversation conversation() {
        return conversation;
    }

    public Settings settings() {
        return settings;
    }

    public void settings(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    public List<Tool> tools() {
        return List.copyOf(tools.values());
    }

    /** Asks the running turn to stop: tools are killed, no further model call is made. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Sends one user message and runs the turn to its end. */
    public TurnResult run(String userText, AgentListener listener) {
        return run(List.of(new Content.Text(userText)), listener);
    }

    /**
     * Sends one user message of several blocks (images and documents with the text, say) and runs the
     * turn to its end.
     */
    public TurnResult run(List<Content> userContent, AgentListener listener) {
        if (userContent.isEmpty()) {
            throw new IllegalArgumentException("a user message needs at least one block");
        }
        cancelled.set(false);
        record(new Message(Role.USER, userContent));
        Usage usage = Usage.ZERO;
        double cost = 0;
        ChatResponse response = null;
        for (int call = 1; call <= settings.maxIterations(); call++) {
            if (cancelled.get()) {
                return new TurnResult(response, usage, call - 1, Ending.CANCELLED);
            }
            Budget budget = settings.budget();
            if (budget != null && budget.reachedBy(cost)) {
                return new TurnResult(response, usage, call - 1, Ending.BUDGET);
            }
            response = model.stream(request(), listener);
            usage = usage.plus(response.usage());
            cost += budget == null ? 0 : budget.pricing().cost(response.usage());
            record(response.message());
            if (response.stopReason() != StopReason.TOOL_USE || response.message().toolUses().isEmpty()) {
                return new TurnResult(response, usage, call,
                        response.stopReason() == StopReason.END_TURN ? Ending.END_TURN : Ending.OTHER_STOP);
            }
            List<Content> results = runTools(response.message().toolUses(), listener);
            record(new Message(Role.USER, results));
            if (cancelled.get()) {
                return new TurnResult(response, usage, call, Ending.CANCELLED);
            }
        }
        return new TurnResult(response, usage, settings.maxIterations(), Ending.ITERATION_CAP);
    }

    static final String COMPACT_INSTRUCTION = "Summarise our conversation so far for your own later use: the goal, "
            + "what was decided, what was done (files read or changed, commands run and their results), and what is "
            + "still open. Be complete but brief. Do not call any tool.";

    /**
     * Replaces the conversation with a summary the model writes of it, so a long session fits the
     * context window again. The store records the compaction; the messages before it stay on disk.
     */
    public ChatResponse compact() {
        if (conversation.messages().isEmpty()) {
            throw new IllegalStateException("nothing to compact");
        }
        ChatRequest.Builder request = ChatRequest.builder(settings.modelId())
                .messages(conversation.messages())
                .message(Message.user(COMPACT_INSTRUCTION))
                .inference(settings.inference())
                .guardrail(settings.guardrail());
        settings.system().forEach(request::system);
        // Bedrock refuses a history with tool blocks unless tools are declared, even when none is wanted.
        tools.values().forEach(t -> request.tool(t.spec()));
        ChatResponse summary = model.chat(request.build());
        List<Message> compacted = List.of(
                Message.user("This is a summary of our conversation so far:\n\n" + summary.text()),
                Message.assistant("Understood. I will continue from this summary."));
        conversation.clear();
        conversation.addAll(compacted);
        if (store != null) {
            store.compacted(compacted);
        }
        return summary;
    }

    private ChatRequest request() {
        return request(conversation.messages());
    }

    /**
     * The request the next turn's first call would make if the user sent {@code userContent}: for
     * callers that check it against the provider's limits before running the turn, since a message
     * once sent stays in the conversation.
     */
    public ChatRequest nextRequest(List<Content> userContent) {
        List<Message> messages = new ArrayList<>(conversation.messages());
        messages.add(new Message(Role.USER, userContent));
        return request(messages);
    }

    private ChatRequest request(List<Message> messages) {
        ChatRequest.Builder request = ChatRequest.builder(settings.modelId())
                .messages(messages)
                .inference(settings.inference())
                .thinking(settings.thinkingBudget())
                .guardrail(settings.guardrail());
        settings.system().forEach(request::system);
        tools.values().forEach(t -> request.tool(t.spec()));
        return request.build();
    }

    private void record(Message message) {
        conversation.add(message);
        if (store != null) {
            store.append(message);
        }
    }

    /** A call that passed its checks and may run; {@code previewed}: its change was shown with the consent question. */
    private record Approved(int index, Content.ToolUse use, Tool tool, JsonNode input, boolean previewed) {}

    /** A call's consent: null refusal when it may run, and whether the question showed its change. */
    private record Consent(String refusal, boolean previewed) {
        static final Consent GIVEN = new Consent(null, false);
    }

    private List<Content> runTools(List<Content.ToolUse> uses, AgentListener listener) {
        Content[] results = new Content[uses.size()];
        List<Approved> approved = new ArrayList<>();
        // Consent first, one question at a time, in the order the model asked.
        for (int i = 0; i < uses.size(); i++) {
            Content.ToolUse use = uses.get(i);
            Tool tool = tools.get(use.name());
            if (tool == null) {
                results[i] = Content.ToolResult.text(use.id(), "there is no tool named " + use.name()
                        + "; available: " + String.join(", ", tools.keySet()), true);
                continue;
            }
            JsonNode input;
            try {
                input = JSON.readTree(use.inputJson());
                if (input == null || !input.isObject()) {
                    throw new ToolFailure("the input must be a JSON object");
                }
                tool.validate(input);
            } catch (ToolFailure e) {
                results[i] = Content.ToolResult.text(use.id(), "invalid input: " + e.getMessage(), true);
                continue;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                results[i] = Content.ToolResult.text(use.id(), "invalid input: not JSON", true);
                continue;
            }
            Consent consent = consent(tool, input);
            if (consent.refusal() != null) {
                results[i] = Content.ToolResult.text(use.id(), consent.refusal(), true);
                listener.toolFinished(tool.name(), true, consent.refusal());
            } else {
                approved.add(new Approved(i, use, tool, input, consent.previewed()));
            }
        }
        ToolContext context = new ToolContext(workspace, listener::display, cancelled::get);
        List<Approved> parallel = approved.stream().filter(a -> a.tool().readOnly()).toList();
        if (parallel.size() > 1) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel.size(), 8), r -> {
                Thread t = new Thread(r, "basalt-tool");
                t.setDaemon(true);
                return t;
            });
            try {
                List<CompletableFuture<Void>> running = new ArrayList<>();
                for (Approved a : parallel) {
                    running.add(CompletableFuture.runAsync(() -> results[a.index()] = execute(a, context, listener), pool));
                }
                running.forEach(CompletableFuture::join);
            } finally {
                pool.shutdownNow();
            }
        }
        for (Approved a : approved) {
            if (results[a.index()] == null) {
                results[a.index()] = cancelled.get()
                        ? Content.ToolResult.text(a.use().id(), "not run: the user cancelled", true)
                        : execute(a, context, listener);
            }
        }
        return List.of(results);
    }

    /** Whether the call may run (if not, why, for the model), asking the user where the policy says to. */
    private Consent consent(Tool tool, JsonNode input) {
        Permission permission = policy.decide(tool, input, workspace);
        if (permission instanceof Permission.Allow) {
            return Consent.GIVEN;
        }
        if (permission instanceof Permission.Deny deny) {
            return new Consent("refused: " + deny.reason(), false);
        }
        Permission.Ask ask = (Permission.Ask) permission;
        String preview = tool.preview(input, workspace);
        String description = tool.describe(input, workspace) + (preview == null ? "" : "\n" + preview);
        Approver.Answer answer = approver.ask(tool.name(), description, ask);
        if (answer instanceof Approver.Answer.Always) {
            // "always" trusts the tool inside the workspace; a path outside still asks next time.
            policy.trust(tool.name());
            return new Consent(null, preview != null);
        }
        if (answer instanceof Approver.Answer.Once) {
            return new Consent(null, preview != null);
        }
        String reason = ((Approver.Answer.No) answer).reason();
        return new Consent("the user refused this call" + (reason == null || reason.isBlank() ? "" : ": " + reason), false);
    }

    private Content execute(Approved a, ToolContext context, AgentListener listener) {
        listener.toolStarted(a.tool().name(), a.tool().describe(a.input(), workspace));
        // a change the user already saw, in the question they answered, is not shown again
        ToolContext own = a.previewed() ? new ToolContext(context.workspace(), text -> { }, context.cancelled()) : context;
        try {
            String output = a.tool().run(a.input(), own);
            listener.toolFinished(a.tool().name(), false, output);
            return Content.ToolResult.text(a.use().id(), output, false);
        } catch (ToolFailure e) {
            listener.toolFinished(a.tool().name(), true, e.getMessage());
            return Content.ToolResult.text(a.use().id(), e.getMessage(), true);
        } catch (RuntimeException e) {
            String message = "the tool failed: " + e;
            listener.toolFinished(a.tool().name(), true, message);
            return Content.ToolResult.text(a.use().id(), message, true);
        }
    }
}
