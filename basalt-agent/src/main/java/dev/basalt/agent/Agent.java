package dev.basalt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.Guardrail;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Pricing;
import dev.basalt.core.ResponseAssembler;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
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
import java.util.function.IntSupplier;

/**
 * Runs turns of a conversation against an injected {@link ChatModel}: the user's message goes in,
 * the model answers; while it asks for tools, each call is checked by the {@link ApprovalPolicy},
 * consented to through the {@link Approver} where needed, run (a run of consecutive read-only calls
 * in parallel), and its result sent back. The turn ends when the model ends its turn, at the
 * iteration cap, or on cancel. Every finished message is handed to the store as it happens.
 *
 * <p>A cancelled turn leaves a conversation the next turn can send: every tool call has a result,
 * the part of an answer already streamed stays, followed by {@link #INTERRUPTED}; a question the
 * model had not begun to answer is withdrawn, so it is not asked again unseen.
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
    private IntSupplier contextWindow = () -> 0;
    /**
     * The thread waiting for the model while it does, so cancel can interrupt that wait (how
     * {@link ChatModel} calls are cancelled) and nothing else: tools and the store see the flag only.
     */
    private Thread modelCaller;
    private final Object modelCall = new Object();

    /** What the model is told, at the start of the next user message, after the user stopped a turn. */
    public static final String INTERRUPTED = "[the previous answer was interrupted by the user]";
    /** The result of a tool call the user stopped, or never let start. */
    static final String CANCELLED_CALL = "cancelled by the user";

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

    /**
     * Asks the running turn to stop, from any thread: the model call in progress is abandoned, a
     * consent question stops waiting, a running tool is stopped (it polls the flag), no further model
     * call is made. The turn then returns {@link Ending#CANCELLED}.
     */
    public void cancel() {
        cancelled.set(true);
        synchronized (modelCall) {
            if (modelCaller != null) {
                modelCaller.interrupt();
            }
        }
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
        List<Message> before = List.copyOf(conversation.messages());
        record(new Message(Role.USER, userContent));
        Usage usage = Usage.ZERO;
        double cost = 0;
        ChatResponse response = null;
        for (int call = 1; call <= settings.maxIterations(); call++) {
            if (cancelled.get()) {
                return stopped(before, response, "", usage, call - 1);
            }
            Budget budget = settings.budget();
            if (budget != null && budget.reachedBy(cost)) {
                return new TurnResult(response, usage, call - 1, Ending.BUDGET);
            }
            StreamedText streamed = new StreamedText(settings.modelId(), listener);
            try {
                response = stream(request(), streamed);
            } catch (ModelException e) {
                if (!cancelled.get()) {
                    throw e;
                }
                return stopped(before, response, streamed.text(), usage, call - 1);
            }
            usage = usage.plus(response.usage());
            listener.used(response.usage());
            cost += budget == null ? 0 : budget.pricing().cost(response.usage());
            record(response.message());
            if (response.stopReason() != StopReason.TOOL_USE || response.message().toolUses().isEmpty()) {
                return new TurnResult(response, usage, call,
                        response.stopReason() == StopReason.END_TURN ? Ending.END_TURN : Ending.OTHER_STOP);
            }
            List<Content> results = runTools(response.message().toolUses(), listener);
            record(new Message(Role.USER, results));
            if (cancelled.get()) {
                return stopped(before, response, "", usage, call);
            }
            int percent = contextPercent(response);
            if (percent >= COMPACT_AT_PERCENT && call < settings.maxIterations()) {
                // a long tool loop would otherwise outgrow the window before the turn ends
                listener.display("(context " + percent + "% full: compacting older turns)");
                ChatResponse summary = compact();
                usage = usage.plus(summary.usage());
                listener.used(summary.usage());
                cost += budget == null ? 0 : budget.pricing().cost(summary.usage());
                record(Message.user(CONTINUE_AFTER_COMPACTION));
            }
        }
        return new TurnResult(response, usage, settings.maxIterations(), Ending.ITERATION_CAP);
    }

    /**
     * Ends a cancelled turn. The model's answer so far (the text the user saw) stays, and the model
     * is told at the start of the next user message that the user interrupted it; if the model had
     * produced nothing yet, the question is withdrawn, here and in the store, as if never sent.
     *
     * @param before the conversation before this turn's question
     */
    private TurnResult stopped(List<Message> before, ChatResponse response, String partialText, Usage usage, int calls) {
        if (!partialText.isBlank()) {
            record(Message.assistant(partialText));
        }
        if (response == null && partialText.isBlank()) {
            conversation.clear();
            conversation.addAll(before);
            if (store != null) {
                store.withdrawn();
            }
        } else {
            record(Message.user(INTERRUPTED));
        }
        return new TurnResult(response, usage, calls, Ending.CANCELLED);
    }

    /** The model's answer, the calling thread interruptible by {@link #cancel} while it waits and only then. */
    private ChatResponse stream(ChatRequest request, StreamListener listener) {
        synchronized (modelCall) {
            if (cancelled.get()) {
                throw new ModelException(ErrorKind.CANCELLED, "the call was cancelled", "", null);
            }
            modelCaller = Thread.currentThread();
        }
        try {
            return model.stream(request, listener);
        } finally {
            synchronized (modelCall) {
                modelCaller = null;
                if (cancelled.get()) {
                    Thread.interrupted(); // cancel's interrupt was for the call; what follows writes the conversation file
                }
            }
        }
    }

    /** The text of an answer as it streams, for keeping what the user saw of an answer they stopped. */
    private static final class StreamedText implements StreamListener {
        private final ResponseAssembler assembler;
        private final StreamListener listener;

        StreamedText(String modelId, StreamListener listener) {
            this.assembler = new ResponseAssembler(modelId);
            this.listener = listener;
        }

        @Override
        public void onEvent(StreamEvent event) {
            synchronized (this) {
                assembler.onEvent(event);
            }
            listener.onEvent(event);
        }

        synchronized String text() {
            return assembler.textSoFar();
        }
    }

    /** How full the context window may get, after a call, before the conversation is compacted within a turn. */
    static final int COMPACT_AT_PERCENT = 90;

    static final String CONTINUE_AFTER_COMPACTION = "Continue the task from where the summary leaves off.";

    /**
     * The context window of the model in use, in tokens, read before each call of a turn (a /model
     * switch changes it); 0 or less for unknown, which turns compaction within a turn off.
     */
    public void contextWindow(IntSupplier tokens) {
        this.contextWindow = Objects.requireNonNull(tokens);
    }

    /** How much of the context window the last call's request and answer took, in percent; 0 when unknown. */
    private int contextPercent(ChatResponse last) {
        int window = contextWindow.getAsInt();
        if (window <= 0) {
            return 0;
        }
        Usage used = last.usage();
        long tokens = (long) used.inputTokens() + used.outputTokens() + used.cacheReadTokens() + used.cacheWriteTokens();
        return (int) (100 * tokens / window);
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
                .messages(followedBy(conversation.messages(), Message.user(COMPACT_INSTRUCTION)))
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
        return request(followedBy(conversation.messages(), new Message(Role.USER, userContent)));
    }

    /** The messages and then {@code next}, joined to the last one when from the same role (the note after a cancel). */
    private static List<Message> followedBy(List<Message> messages, Message next) {
        Conversation joined = new Conversation();
        joined.addAll(messages);
        joined.add(next);
        return joined.messages();
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
            if (cancelled.get()) {
                results[i] = notRun(use, AgentListener.Outcome.REFUSED, CANCELLED_CALL, listener);
                continue;
            }
            if (tool == null) {
                results[i] = notRun(use, AgentListener.Outcome.ERROR, "there is no tool named " + use.name()
                        + "; available: " + String.join(", ", tools.keySet()), listener);
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
                results[i] = notRun(use, AgentListener.Outcome.ERROR, "invalid input: " + e.getMessage(), listener);
                continue;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                results[i] = notRun(use, AgentListener.Outcome.ERROR, "invalid input: not JSON", listener);
                continue;
            }
            Consent consent = consent(tool, input);
            if (consent.refusal() != null) {
                results[i] = notRun(use, AgentListener.Outcome.REFUSED, consent.refusal(), listener);
            } else {
                approved.add(new Approved(i, use, tool, input, consent.previewed()));
            }
        }
        ToolContext context = new ToolContext(workspace, listener::display, cancelled::get);
        // A read-only call may run beside the read-only calls next to it, never before a change the model asked for earlier.
        for (int start = 0; start < approved.size(); ) {
            int end = start + 1;
            while (approved.get(start).tool().readOnly() && end < approved.size() && approved.get(end).tool().readOnly()) {
                end++;
            }
            List<Approved> run = approved.subList(start, end);
            if (cancelled.get()) {
                run.forEach(a -> results[a.index()] = notRun(a.use(), AgentListener.Outcome.REFUSED, CANCELLED_CALL, listener));
            } else if (run.size() == 1) {
                results[run.get(0).index()] = execute(run.get(0), context, listener);
            } else {
                executeTogether(run, results, context, listener);
            }
            start = end;
        }
        return List.of(results);
    }

    /** The error result of a call that does not run, told to the listener like one that did. */
    private static Content notRun(Content.ToolUse use, AgentListener.Outcome outcome, String why, AgentListener listener) {
        listener.toolFinished(use, outcome, why);
        return Content.ToolResult.text(use.id(), why, true);
    }

    /** Runs read-only calls in parallel; each result goes in its call's place. */
    private void executeTogether(List<Approved> calls, Content[] results, ToolContext context, AgentListener listener) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls.size(), 8), r -> {
            Thread t = new Thread(r, "basalt-tool");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (Approved a : calls) {
                running.add(CompletableFuture.runAsync(() -> results[a.index()] = execute(a, context, listener), pool));
            }
            running.forEach(CompletableFuture::join);
        } finally {
            pool.shutdownNow();
        }
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
        Approver.Answer answer = approver.ask(tool.name(), description, ask, cancelled::get);
        if (answer instanceof Approver.Answer.Always) {
            // "always" trusts the tool inside the workspace; a path outside still asks next time.
            policy.trust(tool.name());
            return new Consent(null, preview != null);
        }
        if (answer instanceof Approver.Answer.Once) {
            return new Consent(null, preview != null);
        }
        if (answer instanceof Approver.Answer.Cancel) {
            cancelled.set(true);
            return new Consent(CANCELLED_CALL, false);
        }
        String reason = ((Approver.Answer.No) answer).reason();
        return new Consent("the user refused this call" + (reason == null || reason.isBlank() ? "" : ": " + reason), false);
    }

    private Content execute(Approved a, ToolContext context, AgentListener listener) {
        listener.toolStarted(a.use(), a.tool().describe(a.input(), workspace));
        // a change the user already saw, in the question they answered, is not shown again
        ToolContext own = a.previewed() ? new ToolContext(context.workspace(), text -> { }, context.cancelled()) : context;
        String output;
        boolean error;
        try {
            output = a.tool().run(a.input(), own);
            error = false;
        } catch (ToolFailure e) {
            output = e.getMessage();
            error = true;
        } catch (RuntimeException e) {
            output = "the tool failed: " + e;
            error = true;
        }
        if (cancelled.get() && !output.startsWith(CANCELLED_CALL)) {
            // stopped some other way than by the tool itself (Ctrl-C's signal reaches a command too)
            output = CANCELLED_CALL + " while it ran; it returned:\n" + output;
            error = true;
        }
        listener.toolFinished(a.use(), error ? AgentListener.Outcome.ERROR : AgentListener.Outcome.OK, output);
        return Content.ToolResult.text(a.use().id(), output, error);
    }
}
