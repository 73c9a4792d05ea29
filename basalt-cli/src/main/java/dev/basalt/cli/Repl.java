package dev.basalt.cli;

import dev.basalt.agent.Agent;
import dev.basalt.agent.ConversationStore;
import dev.basalt.agent.Tool;
import dev.basalt.bedrock.RequestChecks;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import dev.basalt.core.ModelException;
import dev.basalt.core.Role;
import dev.basalt.core.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.builtins.Completers;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import dev.basalt.bedrock.CatalogModel;
import dev.basalt.bedrock.ModelCatalog;
import org.jline.terminal.Terminal;

/**
 * The interactive session: line editing and history (kept in BASALT_HOME), slash commands with
 * completion, Ctrl-C cancelling the answer in progress while keeping the session, Ctrl-D leaving.
 */
final class Repl {

    static final List<String> COMMANDS = List.of("/help", "/model", "/clear", "/compact", "/load", "/cost", "/tools", "/save", "/export",
            "/system", "/attach", "/thinking", "/quit");

    private final Chat.Session session;
    private final TerminalStart terminalStart;
    private Agent agent;
    private Usage total = Usage.ZERO;
    /** What {@link #total} cost, each call at the prices of the model that made it (a /model switch changes them). */
    private double cost;
    /** Whether a call was made by a model without prices, so {@link #cost} leaves it out. */
    private boolean unpriced;
    /** Images and documents for the next message (--attach, then /attach). */
    private final List<Content> pending = new ArrayList<>();

    Repl(Chat.Session session, TerminalStart terminal) {
        this.session = session;
        this.terminalStart = terminal;
        pending.addAll(session.attached);
    }

    int run() {
        try (Terminal terminal = terminalStart.await()) {
            Files.createDirectories(BasaltHome.dir());
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("basalt")
                    .completer(completer())
                    .parser(promptParser())
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .variable(LineReader.HISTORY_FILE, BasaltHome.history())
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "… ")
                    .build();
            terminal.writer().println("basalt " + VersionProvider.version() + " · " + session.modelId
                    + " · /help for commands, Ctrl-D to leave");
            pending.forEach(a -> terminal.writer().println("(attached " + Attachments.describe(a) + "; it goes with your first message)"));
            if (session.thinkingBudget != null) {
                terminal.writer().println("(thinking: up to " + session.thinkingBudget + " tokens before each answer; /thinking off stops it)");
            }
            terminal.flush();
            // the prompt is drawn first; the SDK gets ready while the user types
            Main.warmUpBedrock();
            session.prepareModel();
            Main.prepareChat(true);
            while (true) {
                String line;
                try {
                    line = readPrompt(reader);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    return ExitCode.OK;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("/")) {
                    if (!command(line.strip(), terminal)) {
                        return ExitCode.OK;
                    }
                    continue;
                }
                turn(line, terminal);
            }
        } catch (IOException e) {
            throw new UserError(ExitCode.INTERNAL, "cannot open the terminal: " + e.getMessage(), "use basalt chat \"prompt\"");
        }
    }

    /** Slash commands, model aliases and ids after /model (those that chat), saved conversation ids and files after /load. */
    private Completer completer() {
        List<String> models = new java.util.ArrayList<>();
        for (CatalogModel m : ModelCatalog.bundled().models()) {
            if (m.supports("embeddings")) {
                continue;   // /model refuses them
            }
            models.addAll(m.aliases());
            models.add(m.id());
        }
        Completer conversationIds = (reader, line, candidates) -> session.store.list()
                .forEach(c -> candidates.add(new Candidate(c.id(), c.id(), null, c.title(), null, null, true)));
        // Tab must not wait for MCP servers still starting: their tools join the list once they are up.
        Completer toolNames = (reader, line, candidates) -> {
            List<Tool> tools = agent != null ? agent.tools()
                    : session.mcp == null || session.mcp.ready() ? session.tools() : dev.basalt.agent.tools.BuiltinTools.all();
            tools.forEach(t -> candidates.add(new Candidate(t.name())));
        };
        return new AggregateCompleter(
                new ArgumentCompleter(new StringsCompleter("/model"), new StringsCompleter(models), NullCompleter.INSTANCE),
                // file names relative to the working directory, for every argument
                new ArgumentCompleter(new StringsCompleter("/attach"), new Completers.FileNameCompleter()),
                new ArgumentCompleter(new StringsCompleter("/thinking"), new StringsCompleter("off", "1024", "4096", "16000"),
                        NullCompleter.INSTANCE),
                new ArgumentCompleter(new StringsCompleter("/load"),
                        new AggregateCompleter(conversationIds, new Completers.FileNameCompleter()), NullCompleter.INSTANCE),
                new ArgumentCompleter(new StringsCompleter("/export"), new StringsCompleter("md", "json"), NullCompleter.INSTANCE),
                new ArgumentCompleter(new StringsCompleter("/tools"), new StringsCompleter("trust", "untrust"), toolNames,
                        NullCompleter.INSTANCE),
                new ArgumentCompleter(new StringsCompleter(COMMANDS), NullCompleter.INSTANCE));
    }

    /**
     * Splits the prompt into words for completion only: no escape or quote characters, so the text
     * goes to the model exactly as typed. (JLine's default drops backslashes; its history expansion,
     * switched off beside it, would turn "!!" into the previous prompt.)
     */
    private static DefaultParser promptParser() {
        return new DefaultParser().escapeChars(new char[0]).quoteChars(new char[0]);
    }

    /** A line ending in a backslash continues on the next one (Alt-Enter starts a new line in place). */
    private static String readPrompt(LineReader reader) {
        StringBuilder text = new StringBuilder(reader.readLine("› "));
        while (text.length() > 0 && text.charAt(text.length() - 1) == '\\') {
            text.setLength(text.length() - 1);
            text.append('\n').append(reader.readLine("… "));
        }
        return text.toString();
    }

    private void turn(String text, Terminal terminal) {
        List<Content> message = Chat.message(pending, text);
        try {
            session.preflight(message, agent);
        } catch (UserError e) {
            session.err.println("basalt: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")")
                    + (pending.isEmpty() ? "" : "; /attach --clear drops the attachments"));
            return;
        }
        if (agent == null) {
            agent = session.agent(text);
        }
        pending.clear();
        ChatOutput output = new ChatOutput(ChatOutput.Format.TEXT, session.out, session.err, session.showReasoning())
                .guardrail(session.guardrail);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Agent.TurnResult> result = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                result.set(agent.run(message, output));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "basalt-turn");
        // The agent stops the model call, the consent question and the tool itself: interrupting the
        // worker would also break its write of the conversation file.
        Agent cancellable = agent;
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> cancellable.cancel());
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
        output.abort();
        // what the turn's calls used, also when a later call failed: they were made, and cost
        spent(output.used());
        if (result.get() != null) {
            output.finish(result.get(), session.conversationId, session.pricing, agent.settings().budget());
            session.adoptModelUsed(agent, result.get());
            session.titleAfter(result.get());
            spent(session.watchContext(agent, result.get(), "/compact summarises older turns"));
            if (result.get().ending() == Agent.Ending.CANCELLED) {
                session.err.println("(cancelled)");
            }
        } else if (failure.get() instanceof ModelException e) {
            session.out.println();
            session.out.flush();
            session.err.println(e.kind() == dev.basalt.core.ErrorKind.CANCELLED ? "(cancelled)" : "basalt: " + e.userMessage());
        } else if (failure.get() != null) {
            session.err.println("basalt: unexpected error: " + failure.get());
        }
    }

    private void spent(Usage usage) {
        total = total.plus(usage);
        if (session.pricing == null) {
            unpriced = true;
        } else {
            cost += session.pricing.cost(usage);
        }
    }

    /** False when the session should end. */
    private boolean command(String line, Terminal terminal) {
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        var out = terminal.writer();
        switch (parts[0]) {
            case "/quit", "/exit" -> {
                return false;
            }
            case "/help" -> {
                out.println("/model [id]      show or switch the model");
                out.println("/clear           start a new conversation");
                out.println("/load ID|FILE    continue a saved conversation, or one /save FILE.jsonl or FILE.json wrote");
                out.println("                 (here or on another machine: the file is imported as a new conversation)");
                out.println("/compact         replace older turns with a summary (also automatic near the context limit)");
                out.println("/cost            tokens used this session, and what they cost");
                out.println("/tools [trust|untrust NAME]  list tools (MCP servers' too) or change what runs without asking");
                out.println("/save [file]     save the conversation: FILE.jsonl (its transcript) or FILE.json (its export),");
                out.println("                 which /load reads back; Markdown otherwise (default basalt-ID.md)");
                out.println("/export md|json  print the conversation");
                out.println("/system [text]   show or set the system prompt for the turns that follow (--clear removes it);");
                out.println("                 the conversation keeps it when resumed");
                out.println("/attach FILE...  send images (" + Attachments.IMAGES + ") or documents (" + Attachments.DOCUMENTS + ")");
                out.println("                 with your next message; /attach lists them, /attach --clear drops them");
                out.println("/thinking [N|off] show, set or stop the model's thinking budget (tokens, at least " + ThinkingBudget.MIN
                        + ") from the next message on");
                out.println("/quit            leave (Ctrl-D works too); Ctrl-C stops the answer, a tool or a question");
                out.println("                 (what was answered so far stays); Alt-Enter, or \\ at the end of a line,");
                out.println("                 continues the message on a new line");
            }
            case "/model" -> {
                if (arg.isEmpty()) {
                    out.println(session.modelId);
                } else {
                    try {
                        session.switchModel(arg);
                    } catch (ModelException e) {
                        out.println(e.userMessage());
                        break;
                    } catch (UserError e) {
                        out.println(e.getMessage() + " (" + e.hint() + ")");
                        break;
                    }
                    if (agent != null) {
                        agent.settings(agent.settings().withModel(session.modelId, session.pricing).withInference(session.inference()));
                    }
                    out.println("model: " + session.modelId);
                }
            }
            case "/compact" -> {
                if (agent == null && session.resumed != null) {
                    agent = session.agent(null);   // the conversation /load or --resume chose, before its first turn here
                }
                if (agent == null || agent.conversation().isEmpty()) {
                    out.println("nothing to compact yet");
                } else {
                    spent(session.compact(agent));
                }
            }
            case "/load" -> {
                if (arg.isEmpty()) {
                    out.println("usage: /load ID or /load FILE (Tab lists saved conversations and files)");
                } else {
                    Path file = typedPath(arg);
                    try {
                        if (Files.isRegularFile(file)) {
                            session.load(file);
                            out.print("imported " + file + " as " + session.resumed.id() + "; ");
                        } else {
                            session.load(arg);
                        }
                        agent = null;
                        out.println("continuing " + session.resumed.id() + " (" + session.resumed.title() + ")");
                    } catch (UserError e) {
                        out.println(e.getMessage() + " (" + e.hint() + ")");
                    }
                }
            }
            case "/clear" -> {
                session.resumed = null;
                agent = null;
                out.println("(new conversation)");
            }
            case "/cost" -> out.println("tokens this session: " + total.inputTokens() + " in, " + total.outputTokens() + " out"
                    + (total.cacheReadTokens() + total.cacheWriteTokens() > 0
                    ? ", cache " + total.cacheReadTokens() + " read / " + total.cacheWriteTokens() + " written" : "")
                    + (cost == 0 && unpriced ? "" : String.format(" (about $%.4f at the models' prices%s)", cost,
                            unpriced ? "; calls of models without prices left out" : ""))
                    + (session.maxCostUsd == null ? "" : "; budget $" + ChatOutput.usd(session.maxCostUsd) + " a turn"));
            case "/tools" -> tools(arg, out);
            case "/save", "/export" -> save(parts[0], arg, out);
            case "/system" -> system(arg, out);
            case "/attach" -> attach(arg, out);
            case "/thinking" -> thinking(arg, out);
            default -> out.println("unknown command " + parts[0] + "; /help lists them");
        }
        out.flush();
        return true;
    }

    /**
     * Shows or sets the system prompt. It applies from the next model call on, in this conversation
     * (whose file records it, for --resume and /load) and the one /clear starts.
     */
    private void system(String arg, java.io.PrintWriter out) {
        if (arg.isEmpty()) {
            out.println(session.system.isEmpty() ? "(no system prompt; /system TEXT sets one)"
                    : "system prompt: " + String.join("\n", session.system));
            return;
        }
        session.system = "--clear".equals(arg) ? List.of() : List.of(arg);
        if (agent != null) {
            agent.settings(agent.settings().withSystem(session.system));
            session.saveSystem();
        }
        out.println(session.system.isEmpty() ? "(system prompt removed)" : "(system prompt set for the turns that follow)");
    }

    /** Reads files to send with the next message; a file that cannot go is one line, and the others stay. */
    private void attach(String arg, java.io.PrintWriter out) {
        if (arg.isEmpty()) {
            if (pending.isEmpty()) {
                out.println("(nothing attached; /attach FILE sends a file with your next message, Tab completes paths)");
            } else {
                pending.forEach(a -> out.println("attached " + Attachments.describe(a)));
            }
            return;
        }
        if ("--clear".equals(arg)) {
            pending.clear();
            out.println("(attachments dropped)");
            return;
        }
        for (String word : new DefaultParser().parse(arg, arg.length()).words()) {
            if (word.isEmpty()) {
                continue;
            }
            Path file = typedPath(word);
            try {
                Content attachment = Attachments.load(file);
                // the file on its own, against the current model: its size, pixels and the model's vision, said now
                // (the counts over the whole conversation are checked when the message goes)
                RequestChecks.check(ChatRequest.builder(session.modelId)
                        .message(new Message(Role.USER, List.of(attachment, new Content.Text("?")))).build());
                pending.add(attachment);
                out.println("attached " + Attachments.describe(attachment) + "; it goes with your next message");
            } catch (UserError e) {
                out.println("basalt: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
            } catch (ModelException e) {
                out.println("basalt: " + e.userMessage());
            }
        }
    }

    /** A path as typed at the prompt, ~/ meaning the home directory. */
    private static Path typedPath(String word) {
        return Path.of(word.startsWith("~/") ? System.getProperty("user.home") + word.substring(1) : word);
    }

    /** Shows, sets or stops the thinking budget from the next model call on. */
    private void thinking(String arg, java.io.PrintWriter out) {
        if (!arg.isEmpty()) {
            try {
                session.thinking(ThinkingBudget.parse(arg, "/thinking").orElse(null), "/thinking");
            } catch (UserError e) {
                out.println("basalt: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
                return;
            }
            if (agent != null) {
                agent.settings(agent.settings().withThinking(session.thinkingBudget).withInference(session.inference()));
            }
        }
        out.println(session.thinkingBudget == null ? "thinking: off (/thinking N lets the model think for up to N tokens)"
                : "thinking: up to " + session.thinkingBudget + " tokens before each answer, within "
                        + session.thinkingMaxTokens + " output tokens" + (session.showReasoning() ? "" : " (--show-reasoning shows it)"));
    }

    private void tools(String arg, java.io.PrintWriter out) {
        String[] words = arg.split("\\s+");
        List<Tool> tools = agent != null ? agent.tools() : session.tools();
        if (words.length == 2 && ("trust".equals(words[0]) || "untrust".equals(words[0]))
                && tools.stream().noneMatch(t -> t.name().equals(words[1]))) {
            out.println("no tool named " + words[1] + " (/tools lists them)");
            return;
        }
        if (words.length == 2 && "trust".equals(words[0])) {
            session.policy.trust(words[1]);
            out.println(words[1] + " runs without asking inside the working directory");
            return;
        }
        if (words.length == 2 && "untrust".equals(words[0])) {
            session.policy.untrust(words[1]);
            out.println(words[1] + " asks again");
            return;
        }
        for (Tool tool : tools) {
            String mode = tool.readOnly() ? "runs (read-only)" : session.policy.trusts(tool.name()) ? "trusted" : "asks";
            out.println(String.format("%-24s %s", tool.name(), mode));
        }
        if (session.mcp != null) {
            session.mcp.unavailable().forEach((server, why) ->
                    out.println(String.format("%-24s not available: %s", "MCP server " + server, why)));
        }
        if (tools.isEmpty()) {
            out.println("(no tools: --no-tools)");
        }
    }

    /** The conversation as its JSON export or as Markdown: only the one asked for is read and rendered. */
    private String rendered(ConversationStore.Summary summary, boolean json) {
        return json ? session.store.json(summary.id()) + "\n" : Conversations.Markdown.of(summary, session.store.messages(summary.id()));
    }

    private void save(String command, String arg, java.io.PrintWriter out) {
        if ("/export".equals(command) && !List.of("", "md", "json").contains(arg)) {
            out.println("/export takes md (the default) or json, not " + arg);
            return;
        }
        // the conversation of this session's agent, else the one /load or --resume chose (none after /clear)
        String id = agent != null ? session.conversationId : session.resumed != null ? session.resumed.id() : null;
        if (id == null) {
            out.println("nothing to save yet");
            return;
        }
        ConversationStore.Summary summary = session.store.find(id).orElseThrow();
        try {
            if ("/export".equals(command)) {
                out.print(rendered(summary, "json".equals(arg)));
            } else {
                Path file = arg.isEmpty() ? Path.of("basalt-" + summary.id() + ".md") : typedPath(arg);
                String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                // .jsonl: the transcript itself and .json: the export, both of which /load reads back; Markdown is for people
                if (name.endsWith(".jsonl")) {
                    Files.copy(summary.file(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.writeString(file, rendered(summary, name.endsWith(".json")));
                }
                out.println("saved " + file.toAbsolutePath() + (name.endsWith(".json") || name.endsWith(".jsonl")
                        ? " (/load " + file + " continues it, here or on another machine)" : ""));
            }
        } catch (IOException e) {
            out.println("cannot save: " + e.getMessage());
        }
    }
}
