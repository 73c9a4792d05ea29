package dev.basalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.Agent;
import dev.basalt.agent.ApprovalPolicy;
import dev.basalt.agent.Approver;
import dev.basalt.agent.Conversation;
import dev.basalt.agent.ConversationStore;
import dev.basalt.agent.Tool;
import dev.basalt.agent.Workspace;
import dev.basalt.agent.tools.BuiltinTools;
import dev.basalt.bedrock.BedrockChatModel;
import dev.basalt.bedrock.CatalogModel;
import dev.basalt.bedrock.ModelCatalog;
import dev.basalt.bedrock.ModelRef;
import dev.basalt.bedrock.RequestChecks;
import dev.basalt.cli.mcp.McpServerConfig;
import dev.basalt.cli.mcp.McpServers;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.Content;
import dev.basalt.core.Guardrail;
import dev.basalt.core.InferenceConfig;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Pricing;
import dev.basalt.core.Role;
import dev.basalt.core.Usage;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * `basalt chat "prompt"`: one turn of the agent (tools included), streamed to stdout; without a
 * prompt on a terminal, the interactive session. Its picocli model is built by hand ({@link #spec}),
 * as the root's is: see {@link OptionSpecs} for why.
 */
final class Chat implements Callable<Integer> {

    /** This command's options that take no value (with the inherited --debug); ChatOptionsTest keeps it equal to picocli's. */
    static final Set<String> FLAGS = Set.of("--local", "--trust-all-tools", "--no-tools", "-c", "--continue",
            "--show-reasoning", "--no-interactive", "--guardrail-trace", "--guardrail-input-only", "--debug", "-h", "--help", "-V", "--version");

    /**
     * Whether a chat's arguments hold no prompt, judged without picocli: every word after {@code chat}
     * is an option or an option's value. A guess for a head start ({@link TerminalStart#beginEarly});
     * picocli's parse decides.
     */
    static boolean promptless(String[] args) {
        boolean afterChat = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!afterChat) {
                afterChat = arg.equals("chat");
            } else if (arg.equals("--")) {
                return i == args.length - 1;
            } else if (!arg.startsWith("-") || arg.equals("-")) {
                return false;
            } else if (!FLAGS.contains(arg) && !arg.contains("=")) {
                i++;   // the option's value
            }
        }
        return afterChat;
    }

    /** The newest Claude Sonnet (the catalog's alias), through the inference profile of the region's geography. */
    static final String DEFAULT_MODEL = "sonnet";
    static final int DEFAULT_MAX_ITERATIONS = 25;

    // The options' values, read from the parse by read() as the command starts.
    AwsOptions aws;
    String model;
    String system;
    Integer maxTokens;
    int maxIterations;
    String maxCost;
    boolean local;
    String output;
    List<String> trustTools;
    boolean trustAllTools;
    List<Path> addDirs;
    List<String> fallbackRegions;
    dev.basalt.bedrock.BedrockApi api;
    boolean noTools;
    String resume;
    boolean continueLatest;
    List<String> prompt;
    boolean showReasoning;
    boolean noInteractive;
    List<Path> attach;
    String thinking;
    String guardrail;
    boolean guardrailTrace;
    boolean guardrailInputOnly;

    picocli.CommandLine.Model.CommandSpec spec;

    /** Picocli's model of this command, bound to {@code chat}. */
    static picocli.CommandLine.Model.CommandSpec spec(Chat chat) {
        picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.wrapWithoutInspection(chat);
        chat.spec = spec;
        spec.name("chat");
        spec.usageMessage()
                .description("Ask a model on Bedrock; the answer streams to stdout.",
                        "The model may read, search, edit and run things in the working directory: reads run freely,"
                                + " everything else asks first.")
                .footer("", "Examples:",
                        "  basalt chat --local \"Hello\"",
                        "  basalt chat --model us.anthropic.claude-haiku-4-5-20251001-v1:0 --region us-west-2 \"Summarise README.md\"",
                        "  git diff | basalt chat \"review this\"",
                        "  basalt chat --continue \"and now the tests\"",
                        "  basalt chat --attach screenshot.png --attach spec.pdf \"does the screen match the spec?\"",
                        "  basalt chat --thinking 8000 --show-reasoning \"why does this test flake?\"",
                        "  basalt chat --guardrail gr6x4k2abc1d:3 --guardrail-trace \"...\"",
                        "  basalt chat --output json \"What is in src/?\"");
        OptionSpecs.withHelp(spec);
        AwsOptions.options().forEach(spec::addOption);
        spec.addOption(OptionSpecs.valued("-m,--model", "MODEL", String.class,
                "An alias (sonnet, opus, haiku, nova-pro, ...: see `basalt models`), a Bedrock or inference-profile id,",
                "an ARN, bedrock:<alias or id>, or custom:<region>:<id> (default: a resumed conversation's model,"
                        + " BASALT_MODEL, AMAZON_Q_MODEL, the chat.defaultModel setting, else " + DEFAULT_MODEL + ")."));
        spec.addOption(OptionSpecs.valued("-s,--system", "TEXT", String.class, "A system prompt."));
        spec.addOption(OptionSpecs.valued("--max-tokens", "N", Integer.class, "Most tokens each answer may use."));
        spec.addOption(OptionSpecs.valued("--max-iterations", "N", int.class,
                "Most model calls in one turn while tools run (default: " + DEFAULT_MAX_ITERATIONS + ")."));
        spec.addOption(OptionSpecs.valued("--max-cost", "USD", String.class,
                "Stop a turn before its next model call once it has cost this much, at the model's prices",
                "(the catalog's, or a pricing.<model> setting; default: the chat.maxCost setting, else no limit)."));
        spec.addOption(OptionSpecs.flag("--local",
                "Answer from the built-in Bedrock emulator (an echo model): no AWS account or network needed."));
        spec.addOption(OptionSpecs.valued("--output", "FORMAT", String.class,
                "text (default), json (one object at the end) or stream-json (one object per event)."));
        spec.addOption(OptionSpecs.repeated("--trust-tools", "TOOL", String.class, true,
                "Run these tools without asking, inside the working directory (e.g. edit_file,bash)."));
        spec.addOption(OptionSpecs.flag("--trust-all-tools", "Run every tool without asking, inside the working directory."));
        spec.addOption(OptionSpecs.repeated("--add-dir", "DIR", Path.class, false,
                "Treat DIR like the working directory for tools; repeatable."));
        spec.addOption(OptionSpecs.repeated("--fallback-region", "REGION", String.class, true,
                "When the region is throttling or unavailable, try these next (also the fallbackRegions setting)."));
        spec.addOption(OptionSpecs.valued("--api", "auto|converse|invoke", String.class,
                "converse: Converse for every model; invoke: InvokeModel with the model family's native body"
                        + " (Claude, Titan Text, Llama 3, Mistral); auto (default): Converse, but the native body where the"
                        + " model catalog says so."));
        spec.addOption(OptionSpecs.flag("--no-tools", "Offer the model no tools."));
        spec.addOption(OptionSpecs.valued("--resume", "ID", String.class,
                "Continue the saved conversation ID (see `basalt conversations list`)."));
        spec.addOption(OptionSpecs.flag("-c,--continue", "Continue the most recent conversation."));
        spec.addOption(OptionSpecs.flag("--show-reasoning", "Show the model's reasoning, dimmed (hidden by default)."));
        spec.addOption(OptionSpecs.flag("--no-interactive", "Never open the interactive session; answer once and exit."));
        spec.addOption(OptionSpecs.repeated("--attach", "FILE", Path.class, false,
                "Send FILE with the prompt (with the first message of an interactive session; /attach adds more"
                        + " there); repeatable. Images: " + Attachments.IMAGES + " (known by their bytes); documents: "
                        + Attachments.DOCUMENTS + ". Bedrock takes images up to 3.75 MB and 8000 px a side, documents up to"
                        + " 4.5 MB, and 20 images and 5 documents a request, the conversation's earlier ones included;"
                        + " the model must read them (`basalt models` lists vision and documents)."));
        spec.addOption(OptionSpecs.valued("--thinking", "N|off", String.class,
                "Let the model think for up to N tokens before each answer (extended thinking: Claude models"
                        + " with reasoning, N at least " + ThinkingBudget.MIN + "). Without --max-tokens each call may use the"
                        + " model's whole output limit; with it, --max-tokens must be above N. Default: the"
                        + " chat.thinkingBudget setting, which off overrides. --show-reasoning shows the thinking;"
                        + " /thinking changes it in the interactive session."));
        spec.addOption(OptionSpecs.valued("--guardrail", "ID[:VERSION]", String.class,
                "Check every request and answer with this Bedrock guardrail: its id or ARN, and a version"
                        + " number or DRAFT (the default). Default: the chat.guardrail setting. When it intervenes, its"
                        + " message is the answer and one line says so (stop reason guardrail_intervened)."));
        spec.addOption(OptionSpecs.flag("--guardrail-trace",
                "Print what the guardrail assessed (its trace, as JSON) on stderr after each answer;"
                        + " with --output json, as guardrail_trace."));
        spec.addOption(OptionSpecs.flag("--guardrail-input-only",
                "Let the guardrail evaluate only your latest message, not the system prompt, earlier turns or tool"
                        + " results (which it would otherwise read again on every call; Converse only: with it the"
                        + " native body of --api invoke is refused). The answer is evaluated either way."));
        spec.addPositional(picocli.CommandLine.Model.PositionalParamSpec.builder().index("0..*").arity("0..*")
                .paramLabel("PROMPT").type(List.class).auxiliaryTypes(String.class)
                .description("What to ask; piped stdin is added to it (or is it, when absent).").build());
        return spec;
    }

    /** Takes the options' values from the parse. */
    private void read(picocli.CommandLine.ParseResult parsed) {
        aws = AwsOptions.read(parsed);
        model = parsed.matchedOptionValue("--model", null);
        system = parsed.matchedOptionValue("--system", null);
        maxTokens = parsed.matchedOptionValue("--max-tokens", null);
        maxIterations = parsed.matchedOptionValue("--max-iterations", DEFAULT_MAX_ITERATIONS);
        maxCost = parsed.matchedOptionValue("--max-cost", null);
        local = parsed.hasMatchedOption("--local");
        output = parsed.matchedOptionValue("--output", "text");
        trustTools = parsed.matchedOptionValue("--trust-tools", List.of());
        trustAllTools = parsed.hasMatchedOption("--trust-all-tools");
        addDirs = parsed.matchedOptionValue("--add-dir", List.of());
        fallbackRegions = parsed.matchedOptionValue("--fallback-region", List.of());
        String apiName = parsed.matchedOptionValue("--api", "auto");
        api = dev.basalt.bedrock.BedrockApi.fromName(apiName).orElseThrow(() -> new UserError(ExitCode.USAGE,
                "--api must be auto, converse or invoke, not " + apiName, "see `basalt chat --help`"));
        noTools = parsed.hasMatchedOption("--no-tools");
        resume = parsed.matchedOptionValue("--resume", null);
        continueLatest = parsed.hasMatchedOption("--continue");
        prompt = parsed.matchedPositionalValue(0, List.of());
        showReasoning = parsed.hasMatchedOption("--show-reasoning");
        noInteractive = parsed.hasMatchedOption("--no-interactive");
        attach = parsed.matchedOptionValue("--attach", List.of());
        thinking = parsed.matchedOptionValue("--thinking", null);
        guardrail = parsed.matchedOptionValue("--guardrail", null);
        guardrailTrace = parsed.hasMatchedOption("--guardrail-trace");
        guardrailInputOnly = parsed.hasMatchedOption("--guardrail-input-only");
    }

    /** What every turn of this command shares, built once the first prompt is known. */
    final class Session {
        /** --attach, read and checked before anything starts; they go with the first message. */
        final List<Content> attached = Attachments.load(attach);
        final Settings settings = settled(Settings.standard());
        final String profile = BedrockTarget.profile(aws, settings);
        final Workspace workspace = workspace(settings);
        /** One for the session, so "always" and /tools trust outlast /clear and /load. */
        final ApprovalPolicy policy = new ApprovalPolicy(trusted(settings), trustAllTools);
        final ConversationStore store = Conversations.store();
        ConversationStore.Summary resumed = resumed(store);
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        final String resolvedRegion = BedrockTarget.region(aws, settings, profile);
        final ModelRef modelRef = modelRef(resumed, resolvedRegion, settings);
        final String region = modelRef.region() != null ? modelRef.region() : resolvedRegion;
        final java.net.URI endpoint = BedrockTarget.endpoint(aws, settings);
        /** The most a turn may cost, in USD, or null for no limit. */
        final Double maxCostUsd = maxCost != null ? parseCost(maxCost, "--max-cost")
                : settings.value("chat.maxCost").map(v -> parseCost(v, "chat.maxCost")).orElse(null);
        String modelId = modelRef.modelId();
        Pricing pricing = requirePrices(modelRef, ModelPrices.of(modelRef, settings));
        /** The current model as resolved; /model changes it. */
        ModelRef current = modelRef;
        /** The thinking budget of the turns to come, or null; /thinking changes it. */
        Integer thinkingBudget;
        /** The max tokens that goes with the budget (see {@link ThinkingBudget#maxTokens}). */
        Integer thinkingMaxTokens;

        {
            if (thinking != null) {
                thinking(ThinkingBudget.parse(thinking, "--thinking").orElse(null), "--thinking");
            } else {
                settings.value("chat.thinkingBudget").ifPresent(v -> thinking(ThinkingBudget.parse(v, "chat.thinkingBudget")
                        .orElse(null), "chat.thinkingBudget"));
            }
        }

        final Guardrail guardrail = guardrail(settings);
        /** The system prompt of the turns to come: --system, else the resumed conversation's; /system changes it. */
        List<String> system = Chat.this.system != null ? List.of(Chat.this.system)
                : resumed != null ? resumed.system() : List.of();
        final LocalEndpoint localEndpoint = local ? startLocal(err) : null;
        // Started before the model client is built, so their processes come up while it does.
        final McpServers mcp = noTools ? null : startMcp(settings, err);
        final BedrockChatModel chatModel = buildModel(localEndpoint, region, profile, endpoint,
                fallbackRegions.isEmpty() ? settings.list("fallbackRegions") : fallbackRegions);

        /**
         * The provider answered with another id than asked (a plain id it had to send through the
         * region's inference profile): say so once, and ask for that id from now on.
         */
        void adoptModelUsed(Agent agent, Agent.TurnResult result) {
            if (result == null || result.lastResponse() == null) {
                return;
            }
            String servedIn = result.lastResponse().region();
            if (servedIn != null && !servedIn.equals(region)) {
                // a fallback region answered: say where, and keep asking the region given first
                err.println("basalt: " + region + " was throttling or unavailable; answered from " + servedIn
                        + " (" + result.lastResponse().modelId() + ")");
                return;
            }
            String used = result.lastResponse().modelId();
            if (!used.equals(modelId)) {
                err.println("basalt: " + modelId + " is served only through an inference profile in " + region
                        + "; used " + used);
                modelId = used;
                agent.settings(agent.settings().withModel(used, pricing));
            }
        }

        /** Switches the model mid-conversation (the region stays); throws a one-line error for unknown input. */
        void switchModel(String input) {
            ModelRef ref = answering(ModelRef.parse(input, region, ModelCatalog.bundled()), input, "/model");
            Pricing prices = requirePrices(ref, ModelPrices.of(ref, settings));
            Integer max = thinkingBudget == null ? null : ThinkingBudget.maxTokens(thinkingBudget, maxTokens, ref, "/thinking");
            modelId = ref.modelId();
            pricing = prices;
            current = ref;
            thinkingMaxTokens = max;
            if (writer != null) {
                writer.model(modelId);   // so --resume goes on with the model the conversation moved to
            }
        }

        /**
         * Thinks with {@code budget} (null: not at all) from the next call on; a one-line error, and no
         * change, when the current model cannot.
         *
         * @param what where the budget came from, named in errors
         */
        void thinking(Integer budget, String what) {
            thinkingMaxTokens = budget == null ? null : ThinkingBudget.maxTokens(budget, maxTokens, current, what);
            thinkingBudget = budget;
        }

        /** --max-tokens, else while thinking the most that fits the budget, else unset. */
        InferenceConfig inference() {
            Integer max = thinkingBudget != null ? thinkingMaxTokens : maxTokens;
            return max == null ? InferenceConfig.DEFAULTS : InferenceConfig.DEFAULTS.withMaxTokens(max);
        }

        /**
         * --guardrail, else the chat.guardrail setting, with the trace when --guardrail-trace asks for it,
         * evaluating only the latest user message with --guardrail-input-only.
         */
        private Guardrail guardrail(Settings settings) {
            Guardrail rail = Chat.this.guardrail != null ? GuardrailSpec.parse(Chat.this.guardrail, "--guardrail")
                    : settings.value("chat.guardrail").map(v -> GuardrailSpec.parse(v, "chat.guardrail")).orElse(null);
            if ((guardrailTrace || guardrailInputOnly) && rail == null) {
                throw new UserError(ExitCode.USAGE, (guardrailTrace ? "--guardrail-trace" : "--guardrail-input-only")
                        + " needs a guardrail", "add --guardrail ID[:VERSION], or set chat.guardrail");
            }
            return rail == null ? null : rail.withTrace(guardrailTrace)
                    .withScope(guardrailInputOnly ? Guardrail.Scope.LATEST_USER_INPUT : Guardrail.Scope.WHOLE_CONVERSATION);
        }

        /**
         * Refuses, before anything is sent or recorded, a message with images or documents that Bedrock or
         * the model would refuse (bytes, pixels, counts over the whole history, a model without vision):
         * a message once sent stays in the conversation, so a refused one would fail every turn after it.
         *
         * @param agent the agent of the conversation, or null before the first turn
         */
        void preflight(List<Content> message, Agent agent) {
            // the history counts too: its images go to a model /model may have made one without vision
            if (!attaches(message) && (agent == null || agent.conversation().messages().stream().noneMatch(m -> attaches(m.content())))) {
                return;
            }
            ChatRequest request;
            if (agent != null) {
                request = agent.nextRequest(message);
            } else {
                ChatRequest.Builder builder = ChatRequest.builder(modelId).inference(inference())
                        .thinking(thinkingBudget).guardrail(guardrail);
                system.forEach(builder::system);
                if (resumed != null) {
                    builder.messages(store.messages(resumed.id()));
                }
                request = builder.message(new Message(Role.USER, message)).build();
            }
            try {
                RequestChecks.check(request);
            } catch (ModelException e) {
                throw new UserError(ExitCode.USAGE, e.getMessage() + "; nothing was sent", e.hint().isEmpty() ? null : e.hint());
            }
        }

        private boolean attaches(List<Content> content) {
            return content.stream().anyMatch(c -> c instanceof Content.Image || c instanceof Content.Document);
        }

        /** The budget needs prices: a model without any fails here, with the setting that fixes it. */
        private Pricing requirePrices(ModelRef ref, Pricing prices) {
            if (maxCostUsd != null && prices == null) {
                throw new UserError(ExitCode.USAGE, "a cost budget needs the prices of " + ref.modelId()
                        + ", which is not in the model catalog",
                        "set them: basalt config set pricing." + ref.modelId() + " '{\"input\": 3, \"output\": 15}'");
            }
            return prices;
        }

        /** The budget for the current model, or null without --max-cost / chat.maxCost. */
        Agent.Budget budget() {
            return maxCostUsd == null ? null : new Agent.Budget(maxCostUsd, pricing);
        }

        /**
         * Starts the servers of {@code mcp.servers}, or returns null, touching nothing of MCP, when there
         * are none. A server whose entry is wrong is left out with one warning line, like one that fails.
         * (A method of Session, not of Chat: picocli reflects on Chat's methods, which would load
         * McpServers for the return type on every run.)
         */
        private McpServers startMcp(Settings settings, PrintStream err) {
            Map<String, JsonNode> entries = settings.servers();
            if (entries.isEmpty()) {
                return null;
            }
            List<McpServerConfig> configs = McpServerConfig.parseAll(entries, (name, why) -> {
                String key = "'mcp.servers." + name + "'";
                err.println("basalt: MCP server '" + name + "' is left out: " + why + " ("
                        + (why.startsWith("the server name")
                                ? "remove it with basalt config unset " + key + " and add it again under another name"
                                : "fix it with basalt config set " + key + " '{\"command\": \"...\", \"args\": [...]}'"
                                        + " or '{\"type\": \"http\", \"url\": \"https://...\"}'")
                        + "; continuing without it)");
            });
            if (configs.isEmpty()) {
                return null;
            }
            boolean debug = debugging();
            return McpServers.start(configs, VersionProvider.version(), line -> err.println("basalt: " + line),
                    line -> {
                        if (debug) {
                            err.println("basalt: mcp " + line);
                        }
                    });
        }

        /** Every tool the model is offered: the built-in ones, then those of the MCP servers that started. */
        List<Tool> tools() {
            if (noTools) {
                return List.of();
            }
            if (modelRef.model().isPresent() && !modelRef.model().get().supports("tools")) {
                // Bedrock refuses tool definitions for such models; answering without tools beats failing
                err.println("basalt: " + modelRef.modelId() + " cannot use tools; answering without them");
                return List.of();
            }
            List<Tool> tools = new ArrayList<>(BuiltinTools.all());
            if (mcp != null) {
                tools.addAll(mcp.tools());
            }
            return tools;
        }

        /** @param firstPrompt the first prompt of a new conversation, its title until the first answer; unused when resuming */
        Agent agent(String firstPrompt) {
            debug(err, "model " + modelId + ", region " + region + ", endpoint "
                    + (localEndpoint != null ? localEndpoint.endpoint() : endpoint == null ? "default" : endpoint));
            Conversation conversation = new Conversation();
            if (resumed != null) {
                conversation.addAll(store.messages(resumed.id()));
                writer = store.reopen(resumed.id());
                untitled = null;
                if (!modelId.equals(resumed.model())) {
                    writer.model(modelId);
                }
                if (!system.equals(resumed.system())) {
                    writer.system(system);
                }
            } else {
                writer = store.create(Titles.of(firstPrompt), modelId, region);
                untitled = firstPrompt;
                if (!system.isEmpty()) {
                    writer.system(system);
                }
            }
            Agent agent = new Agent(chatModel,
                    new Agent.Settings(modelId, system, inference(), maxIterations, budget(), thinkingBudget, guardrail),
                    conversation,
                    tools(),
                    policy,
                    approver(),
                    workspace,
                    writer);
            agent.contextWindow(this::contextWindow);
            conversationId = writer.id();
            return agent;
        }

        /**
         * Titles a new conversation from its first exchange, once the first answer is in (until then
         * its title is the first prompt's line, which a kill -9 mid-answer leaves).
         */
        void titleAfter(Agent.TurnResult result) {
            if (untitled == null || result == null || result.lastResponse() == null || result.lastResponse().text().isBlank()) {
                return;
            }
            String title = Titles.of(untitled, result.lastResponse().text());
            if (!title.equals(Titles.of(untitled))) {
                writer.title(title);
            }
            untitled = null;
        }

        /** The first prompt of the new conversation the last agent writes to, until its first answer titles it; else null. */
        private String untitled;
        String conversationId;
        /** The file of the conversation the last agent writes to. */
        private ConversationStore.Writer writer;

        /** The next agent continues this saved conversation (the interactive /load), with its system prompt. */
        void load(String id) {
            try {
                resumed = store.find(id).orElseThrow(() -> new UserError(ExitCode.USAGE, "no file or conversation " + id,
                        "Tab lists saved conversations; a file /save FILE.jsonl or FILE.json wrote works too"));
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, e.getMessage(), "give more of the id");
            }
            system = resumed.system();
        }

        /**
         * The next agent continues the conversation in {@code file} (the interactive /load FILE): a
         * transcript or a JSON export, from /save or another machine, imported as a new conversation of
         * the store; the file itself is only read.
         */
        void load(Path file) {
            try {
                resumed = store.importFrom(file);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, e.getMessage(), "/load takes what /save FILE.jsonl or FILE.json writes"
                        + " (or `basalt conversations export ID --format json`), or a conversation id");
            } catch (java.io.UncheckedIOException e) {
                throw new UserError(ExitCode.USAGE, "cannot import " + file + ": " + e.getCause().getMessage(),
                        "check the file and the data directory " + store.dir());
            }
            system = resumed.system();
        }

        /** Records a /system change in the current conversation's file, so resuming it keeps the change. */
        void saveSystem() {
            writer.system(system);
        }

        /**
         * Tracks the conversation's size against the model's context window after a turn: a warning at
         * 80%, and at 90% the older turns are compacted, so the next turn (or the next --continue) fits.
         *
         * @param hint what the warning suggests, in the words of the session or the one-shot answer
         * @return what the compaction's call used, or nothing
         */
        Usage watchContext(Agent agent, Agent.TurnResult result, String hint) {
            int window = contextWindow();
            if (window <= 0 || result.lastResponse() == null) {
                return Usage.ZERO;
            }
            Usage last = result.lastResponse().usage();
            long used = (long) last.inputTokens() + last.outputTokens() + last.cacheReadTokens() + last.cacheWriteTokens();
            int percent = (int) (100 * used / window);
            if (percent >= 90) {
                err.println("(context " + percent + "% full: compacting older turns)");
                return compact(agent);
            }
            if (percent >= 80) {
                err.println("(context " + percent + "% full; " + hint + ")");
            }
            return Usage.ZERO;
        }

        /** Replaces the older turns with the model's summary of them; what that call used, or nothing when it failed (said in one line). */
        Usage compact(Agent agent) {
            try {
                Usage used = agent.compact().usage();
                err.println("(conversation compacted to a summary)");
                return used;
            } catch (ModelException e) {
                err.println("basalt: could not compact: " + e.userMessage());
                return Usage.ZERO;
            }
        }

        /** The current model's context window from the catalog, or 0 when the model is not in it. */
        int contextWindow() {
            return ModelCatalog.bundled().find(modelId).map(CatalogModel::contextWindow).orElse(0);
        }

        boolean showReasoning() {
            return showReasoning;
        }

        /**
         * Starts building the SDK client on another thread. A one-shot answer calls this at once; the
         * interactive session once its prompt is drawn, so the two do not share the cores before.
         */
        void prepareModel() {
            chatModel.prepare();
        }

        /** Ends the MCP servers, then stops the client's and the local emulator's network threads, so the JVM exits at once. */
        void close() {
            if (mcp != null) {
                mcp.close();
            }
            chatModel.close();
            if (localEndpoint != null) {
                localEndpoint.emulator().close();
            }
        }
    }

    /** What the model calls of a one-shot turn that then failed used, and at which prices, for its JSON error object. */
    private Usage failedTurnUsage = Usage.ZERO;
    private Pricing failedTurnPricing;

    @Override
    public Integer call() {
        read(spec.commandLine().getParseResult());
        ChatOutput.Format format = format();
        try {
            return chat(format);
        } catch (ModelException | UserError e) {
            if (format != ChatOutput.Format.TEXT) {
                // a script reading stdout gets an object for the failure too; stderr keeps the one line
                PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
                out.println(e instanceof ModelException me
                        ? JsonLine.object("type", "error", "kind", me.kind().name().toLowerCase(Locale.ROOT),
                                "message", me.getMessage(), "hint", me.hint(), "exit_code", ExitCode.MODEL_ERROR,
                                // the calls a turn made before it failed are billed all the same
                                "usage", ChatOutput.usageObject(failedTurnUsage),
                                "cost_usd", ChatOutput.costUsd(failedTurnPricing, failedTurnUsage))
                        : JsonLine.object("type", "error", "kind", "usage", "message", e.getMessage(),
                                "hint", ((UserError) e).hint(), "exit_code", ((UserError) e).status()));
            }
            throw e;
        }
    }

    private int chat(ChatOutput.Format format) {
        if (maxTokens != null && maxTokens < 1) {
            throw new UserError(ExitCode.USAGE, "--max-tokens must be at least 1", "for example --max-tokens 1024");
        }
        if (maxIterations < 1) {
            throw new UserError(ExitCode.USAGE, "--max-iterations must be at least 1", "the default is " + DEFAULT_MAX_ITERATIONS);
        }
        boolean noPrompt = prompt == null || prompt.isEmpty();
        if (noPrompt && !noInteractive && System.console() != null) {
            TerminalStart terminal = TerminalStart.claim();
            Session session;
            try {
                session = new Session();
            } catch (RuntimeException e) {
                terminal.abandon();
                throw e;
            }
            try {
                return new Repl(session, terminal).run();
            } finally {
                session.close();
            }
        }
        TerminalStart.discardEarly();
        Main.warmUpBedrock();
        String text = promptText();
        Session session = new Session();
        session.prepareModel();
        ChatOutput listener = null;
        try {
            List<Content> message = message(session.attached, text);
            session.preflight(message, null);
            Agent agent = session.agent(text);
            listener = new ChatOutput(format, session.out, session.err, showReasoning).guardrail(session.guardrail);
            Agent.TurnResult result;
            try {
                result = agent.run(message, listener);
            } catch (ModelException e) {
                failedTurnUsage = listener.used();
                failedTurnPricing = session.pricing;
                throw e;
            }
            listener.finish(result, session.conversationId, session.pricing, agent.settings().budget());
            session.adoptModelUsed(agent, result);
            session.titleAfter(result);
            session.watchContext(agent, result, "older turns are summarised by themselves at 90%");
            return ExitCode.OK;
        } finally {
            if (listener != null) {
                listener.abort();
            }
            session.close();
        }
    }

    /** A user message: the attachments first (as models read them best), then the text. */
    static List<Content> message(List<Content> attachments, String text) {
        List<Content> content = new ArrayList<>(attachments);
        content.add(new Content.Text(text));
        return content;
    }

    private ChatOutput.Format format() {
        return switch (output.toLowerCase(Locale.ROOT)) {
            case "text" -> ChatOutput.Format.TEXT;
            case "json" -> ChatOutput.Format.JSON;
            case "stream-json" -> ChatOutput.Format.STREAM_JSON;
            default -> throw new UserError(ExitCode.USAGE, "--output must be text, json or stream-json, not " + output,
                    "for scripts use --output json");
        };
    }

    private Set<String> trusted(Settings settings) {
        Set<String> trusted = new HashSet<>();
        for (String tool : trustTools) {
            trusted.add(knownTool(tool, "--trust-tools", "drop it, or name one of those", settings));
        }
        List<String> fromSettings = settings.list("tools.trusted");
        if (!fromSettings.isEmpty()) {
            Settings.Source source = settings.get("tools.trusted").orElseThrow().source();
            String fix = "fix it with basalt config set " + (source == Settings.Source.PROJECT ? "--project " : "")
                    + "tools.trusted " + SettingChecks.example("tools.trusted");
            for (String tool : fromSettings) {
                trusted.add(knownTool(tool, "tools.trusted in " + settings.file(source), fix, settings));
            }
        }
        return trusted;
    }

    /** {@code tool}, when a tool has that name; an MCP tool is known only once its server has started, so its server's name is checked now. */
    private static String knownTool(String tool, String where, String fix, Settings settings) {
        try {
            SettingChecks.tool(tool);
            if (tool.startsWith("mcp__") && !McpServers.mayName(tool, settings.servers().keySet())) {
                throw new IllegalArgumentException("no server in mcp.servers has the tool " + tool);
            }
            return tool;
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, where + ": " + e.getMessage(), fix);
        }
    }

    /** A positive amount of USD, "$" allowed; a one-line error naming {@code what} otherwise. */
    static Double parseCost(String text, String what) {
        String amount = text.strip().startsWith("$") ? text.strip().substring(1) : text.strip();
        try {
            double usd = Double.parseDouble(amount);
            if (usd > 0 && Double.isFinite(usd)) {
                return usd;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UserError(ExitCode.USAGE, what + " must be a positive amount of USD, not " + text,
                what.startsWith("--") ? "for example " + what + " 0.50" : "for example basalt config set " + what + " 0.50");
    }

    private Workspace workspace(Settings settings) {
        List<Path> dirs = new ArrayList<>(addDirs);
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new UserError(ExitCode.USAGE, "--add-dir: not a directory: " + dir, "give an existing directory");
            }
        }
        settings.list("tools.addDirs").forEach(d -> dirs.add(Path.of(d)));   // checked as they are read
        trusted(settings);
        return new Workspace(Path.of("").toAbsolutePath(), dirs);
    }

    /** The flag, else nothing when the standard variables are set (the SDK reads them), else the setting. */
    private ConversationStore.Summary resumed(ConversationStore store) {
        if (resume != null && continueLatest) {
            throw new UserError(ExitCode.USAGE, "--resume and --continue cannot be used together", "use one of them");
        }
        try {
            if (resume != null) {
                return store.find(resume).orElseThrow(() -> new UserError(ExitCode.USAGE, "no conversation " + resume,
                        "see `basalt conversations list`"));
            }
            if (continueLatest) {
                return store.latest().orElseThrow(() -> new UserError(ExitCode.USAGE, "there is no conversation to continue",
                        "start one with basalt chat \"...\""));
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, e.getMessage(), "see `basalt conversations list`");
        }
        return null;
    }

    private ModelRef modelRef(ConversationStore.Summary resumed, String region, Settings settings) {
        String input;
        if (model != null && !model.isBlank()) {
            input = model;
        } else if (resumed != null && !resumed.model().isBlank()) {
            input = resumed.model();
        } else {
            input = modelInput(null, settings);
        }
        return answering(ModelRef.parse(input, region, ModelCatalog.bundled()), input);
    }

    /**
     * {@code ref}, unless the catalog says it makes vectors: Bedrock would refuse it only at the first
     * answer ("unsupported for streaming"), so chat, doctor and count-tokens refuse it up front.
     */
    static ModelRef answering(ModelRef ref, String input) {
        return answering(ref, input, "--model");
    }

    /** @param choose how the user picks another model where they are: --model, or /model in the interactive session */
    static ModelRef answering(ModelRef ref, String input, String choose) {
        if (ref.model().isPresent() && ref.model().get().supports("embeddings")) {
            throw new UserError(ExitCode.USAGE, input + " is an embedding model: use `basalt embed`",
                    "basalt embed --model " + input + " \"some text\"; chat with e.g. " + choose + " sonnet");
        }
        return ref;
    }

    /**
     * --model, BASALT_MODEL, AMAZON_Q_MODEL, else the chat.defaultModel setting (read, and checked, only
     * when those are absent), else {@value #DEFAULT_MODEL}.
     */
    static String modelInput(String flag, Settings settings) {
        String given = firstSet(flag, System.getenv("BASALT_MODEL"), System.getenv("AMAZON_Q_MODEL"));
        return given != null ? given : settings.value("chat.defaultModel").map(String::strip).orElse(DEFAULT_MODEL);
    }

    /** The first value that is set, stripped; null when none is. */
    static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private String promptText() {
        String given = prompt == null || prompt.isEmpty() ? "" : String.join(" ", prompt);
        String piped = System.console() == null ? readStdin() : "";
        if (!piped.isBlank()) {
            return given.isEmpty() ? piped : given + "\n\n" + piped;
        }
        if (!given.isBlank()) {
            return given;
        }
        throw new UserError(ExitCode.USAGE, "no prompt given",
                "pass it as an argument: basalt chat \"Hello\", or pipe it on stdin");
    }

    /** stdin when it is a pipe or a file; a terminal on stdin (with stdout redirected) is not read. */
    private static String readStdin() {
        try {
            if (!Files.isRegularFile(Path.of("/dev/stdin")) && !isPipe()) {
                return "";
            }
            InputStream in = System.in;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static boolean isPipe() throws IOException {
        Path stdin = Path.of("/proc/self/fd/0");
        if (!Files.exists(stdin)) {
            return true;
        }
        String target = Files.readSymbolicLink(stdin).toString();
        return target.startsWith("pipe:") || target.startsWith("socket:");
    }

    /**
     * The settings once the project's entries that need trust are trusted or set aside (asked on a
     * terminal), with the API key handed to the SDK: the built-in emulator takes its own key pair.
     */
    private Settings settled(Settings settings) {
        ProjectTrust.settle(settings, System.console() != null, System.err::println);
        if (!local) {
            settings.applyApiKey();
        }
        return settings;
    }

    private static Approver approver() {
        return TerminalApprover.open();
    }

    private LocalEndpoint startLocal(PrintStream err) {
        if (aws.endpointUrl != null) {
            throw new UserError(ExitCode.USAGE, "--local and --endpoint-url cannot be used together",
                    "drop --endpoint-url to use the built-in emulator, or drop --local to use that endpoint");
        }
        LocalEndpoint endpoint = LocalEndpoint.start();
        err.println("basalt: answering from the local Bedrock emulator at " + endpoint.endpoint()
                + " (echo model: it repeats your prompt)");
        return endpoint;
    }

    private BedrockChatModel buildModel(LocalEndpoint localEndpoint, String region, String profile, java.net.URI endpoint,
                                 List<String> fallbacks) {
        BedrockChatModel.Builder builder = BedrockChatModel.builder()
                .region(region)
                .profile(profile)
                .fallbackRegions(fallbacks)
                .api(api);
        if (localEndpoint != null) {
            builder.endpoint(localEndpoint.endpoint()).credentials(localEndpoint.accessKeyId(), localEndpoint.secretAccessKey());
        } else if (endpoint != null) {
            builder.endpoint(endpoint);
        }
        return builder.build();
    }

    private void debug(PrintStream err, String line) {
        if (debugging()) {
            err.println("basalt: " + line);
        }
    }

    private boolean debugging() {
        return ErrorReporter.debug(spec.root().commandLine().getParseResult());
    }
}
