package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cli.mcp.McpServerConfig;
import dev.basalt.cli.mcp.TestMcpServer;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive session's /tools and /system, in a pseudo-terminal, with an MCP server configured. */
class ReplCommandsIT {

    static final String KEY_ID = "AKIDREPL";
    static final String SECRET = "repl-secret";

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void toolsListsMcpToolsAndSystemSetsThePromptOfTheTurnsThatFollow() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        writeSettings(TestMcpServer.config("calc"),
                new McpServerConfig.Stdio("broken", "/nonexistent/basalt-test-mcp-server", List.of(), Map.of()));
        List<String> systems = new CopyOnWriteArrayList<>();
        EchoModel echo = new EchoModel();
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(request -> {
            systems.add(request.system());
            return echo.reply(request);
        }).start();
             PseudoTerminal tty = new PseudoTerminal(home, Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                     "BASALT_HOME", home.resolve("data").toString(), "NO_COLOR", "1"), work,
                     "chat", "--endpoint-url", emulator.endpoint().toString())) {
            int at = tty.await("› ", 0, Duration.ofSeconds(30));

            tty.type("/tools\r");
            at = tty.await("mcp__calc__add", at, Duration.ofSeconds(30));
            at = tty.await("MCP server broken", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));

            at = ask(tty, "first question", at);

            at = command(tty, "/system Answer like a pirate", "(system prompt set for the turns that follow", at);
            at = ask(tty, "second question", at);

            at = command(tty, "/system", "system prompt: Answer like a pirate", at);

            at = command(tty, "/system --clear", "(system prompt removed)", at);
            at = ask(tty, "third question", at);

            at = command(tty, "/tools trust nosuch_tool", "no tool named nosuch_tool (/tools lists them)", at);
            tty.type("/model haiku\r");
            at = tty.await("› ", at + "/model haiku".length(), Duration.ofSeconds(10));
            Thread.sleep(200); // the prompt is drawn just before the line reader starts reading

            tty.type("\u0004");
            assertThat(tty.waitForExit(Duration.ofSeconds(15))).as(tty.screen()).isTrue();
            assertThat(tty.exitCode()).isZero();
            assertThat(tty.screen()).containsOnlyOnce("MCP server 'broken' is not available");
        }
        assertThat(systems).containsExactly("", "Answer like a pirate", "");
        // a /model switch is part of the saved conversation: --resume goes on with it
        try (var files = java.nio.file.Files.list(home.resolve("data/conversations"))) {
            java.nio.file.Path file = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            assertThat(java.nio.file.Files.readString(file)).contains("\"type\":\"model\",\"model\":\"us.anthropic.claude-haiku-4-5");
        }
        assertThat(McpAndBudgetIT.serverProcessesLeft()).isEmpty();
    }

    @Test
    void aLoadedConversationCanBeExportedAndCompactedAtOnceAndClearLeavesNothingToSave() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        EchoModel echo = new EchoModel();
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(echo::reply).start()) {
            BasaltProcess.Result saved = new BasaltProcess(home).env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", SECRET)
                    .env("BASALT_HOME", home.resolve("data").toString()).directory(work)
                    .run("chat", "--endpoint-url", emulator.endpoint().toString(), "the saved question");
            assertThat(saved.exitCode()).as(saved.stderr()).isZero();
            String id = latestId();

            try (PseudoTerminal tty = repl(emulator)) {
                int at = tty.await("› ", 0, Duration.ofSeconds(30));
                tty.type("/load " + id + "\r");
                at = tty.await("continuing " + id, at, Duration.ofSeconds(10));
                at = tty.await("› ", at, Duration.ofSeconds(10));

                at = command(tty, "/export md", "the saved question", at);
                at = command(tty, "/compact", "(conversation compacted to a summary)", at);

                at = command(tty, "/clear", "(new conversation)", at);
                at = command(tty, "/save", "nothing to save yet", at);
                Thread.sleep(200); // the prompt is drawn just before the line reader starts reading
                tty.type("\u0004");
                assertThat(tty.waitForExit(Duration.ofSeconds(15))).as(tty.screen()).isTrue();
                assertThat(tty.screen()).doesNotContain("nothing to compact yet");
            }
            // the compaction went to the model and into the loaded conversation's file
            assertThat(emulator.recordedCalls()).hasSize(2);
            try (var files = Files.list(home.resolve("data/conversations"))) {
                assertThat(Files.readString(files.findFirst().orElseThrow())).contains("\"type\":\"compacted\"");
            }
        }
    }

    @Test
    void loadImportsATranscriptFromAnotherMachineOrWhatSaveWroteAndContinuesItLeavingTheFileAlone() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        List<List<String>> asked = new CopyOnWriteArrayList<>();
        EchoModel echo = new EchoModel();
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(request -> {
            asked.add(request.messages().stream().map(ModelRequest.Message::text).toList());
            return echo.reply(request);
        }).start()) {
            // "another machine": its own data directory, whose transcript and JSON export are copied here
            BasaltProcess laptop = new BasaltProcess(home).env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", SECRET)
                    .env("BASALT_HOME", home.resolve("laptop").toString()).directory(work);
            assertThat(laptop.run("chat", "--endpoint-url", emulator.endpoint().toString(), "the laptop question").exitCode()).isZero();
            Path transcript;
            try (var files = Files.list(home.resolve("laptop/conversations"))) {
                transcript = files.findFirst().orElseThrow();
            }
            Path copied = Files.copy(transcript, work.resolve("copied.jsonl"));
            BasaltProcess.Result export = laptop.run("conversations", "export", transcript.getFileName().toString().substring(0, 8),
                    "--format", "json");
            Path exported = Files.writeString(work.resolve("exported.json"), export.stdout());
            Files.writeString(work.resolve("notes.txt"), "not a conversation");
            byte[] copiedBefore = Files.readAllBytes(copied);

            try (PseudoTerminal tty = repl(emulator)) {
                int at = tty.await("› ", 0, Duration.ofSeconds(30));
                tty.type("/load cop\t");   // Tab completes file names as well as conversation ids
                at = tty.await("copied.jsonl", at, Duration.ofSeconds(10));
                tty.type("\r");
                at = tty.await("imported copied.jsonl as ", at, Duration.ofSeconds(10));
                at = tty.await("; continuing ", at, Duration.ofSeconds(10));
                at = tty.await("› ", at, Duration.ofSeconds(10));
                at = ask(tty, "the desk question", at);

                at = command(tty, "/save round.json", "(/load round.json continues it, here or on another machine)", at);
                at = command(tty, "/save talk.md", "talk.md", at);
                at = command(tty, "/clear", "(new conversation)", at);
                at = command(tty, "/load round.json", "imported round.json as ", at);
                at = ask(tty, "after the round trip", at);

                at = command(tty, "/load exported.json", "imported exported.json as ", at);
                at = ask(tty, "from the export", at);

                tty.type("/load notes.txt\r");
                at = tty.await("notes.txt is neither a basalt conversation file (<id>_<timestamp>.jsonl) nor a conversation exported"
                        + " as JSON (/load takes what /save FILE.jsonl or FILE.json writes", at, Duration.ofSeconds(10));
                at = tty.await("› ", at, Duration.ofSeconds(10));
                at = command(tty, "/load nosuch", "no file or conversation nosuch (Tab lists saved conversations", at);
                Thread.sleep(200); // the prompt is drawn just before the line reader starts reading
                tty.type("\u0004");
                assertThat(tty.waitForExit(Duration.ofSeconds(15))).as(tty.screen()).isTrue();
            }
            // each continued conversation went to the model whole
            assertThat(asked).hasSize(4);
            assertThat(asked.get(1)).startsWith("the laptop question").contains("the desk question");
            assertThat(asked.get(2)).startsWith("the laptop question").contains("the desk question", "after the round trip");
            assertThat(asked.get(3)).startsWith("the laptop question").doesNotContain("the desk question").contains("from the export");
            assertThat(Files.readAllBytes(copied)).isEqualTo(copiedBefore);
            assertThat(Files.readString(exported)).isEqualTo(export.stdout());
            assertThat(Files.readString(work.resolve("talk.md"))).contains("## User", "the desk question");
            try (var files = Files.list(home.resolve("data/conversations"))) {
                assertThat(files.toList()).as("three imports, none of them the given files").hasSize(3);
            }
        }
    }

    @Test
    void aModelSwitchKeepsEachAnswerAtThePricesOfTheModelThatGaveItAndRefusesAnEmbeddingModelNamingSlashModel() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        // far below Sonnet's window: a price worth seeing, no compaction
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET)
                .model(request -> ModelReply.text(List.of("priced answer"), "end_turn", 100_000, 1_000)).start();
             PseudoTerminal tty = repl(emulator)) {
            int at = tty.await("› ", 0, Duration.ofSeconds(30));
            at = command(tty, "priced question", "priced answer", at);
            tty.type("/cost\r");
            int from = tty.await("tokens this session: 100000 in, 1000 out (about $", at, Duration.ofSeconds(10));
            at = tty.await(")", from, Duration.ofSeconds(10));
            String atSonnet = tty.screen().substring(from, at);
            at = tty.await("› ", at, Duration.ofSeconds(10));

            tty.type("/model titan-embed\r");
            at = tty.await("titan-embed is an embedding model: use `basalt embed` (basalt embed --model titan-embed \"some text\";"
                    + " chat with e.g. /model sonnet)", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));
            at = command(tty, "/model haiku", "model: ", at);
            tty.type("/cost\r");
            from = tty.await("tokens this session: 100000 in, 1000 out (about $", at, Duration.ofSeconds(10));
            at = tty.await(")", from, Duration.ofSeconds(10));

            assertThat(tty.screen().substring(from, at)).as("the answer Sonnet gave, priced after switching to Haiku").isEqualTo(atSonnet);
            assertThat(atSonnet).startsWith("0.3");   // 100,000 in at $3 and 1,000 out at $15 a million
        }
    }

    @Test
    void costCountsTheCallsOfATurnThatFailedAtALaterCall() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        // two calls that ask for a tool, then a third the service refuses: the turn fails, its first two calls were made
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(request -> switch (request.assistantTurns()) {
            case 0 -> new ModelReply(List.of(new ReplyBlock.ToolUse("t1", "list_files", List.of("{}"))), "tool_use",
                    TokenUsage.of(1000, 10));
            case 1 -> new ModelReply(List.of(new ReplyBlock.ToolUse("t2", "list_files", List.of("{}"))), "tool_use",
                    TokenUsage.of(2000, 20));
            default -> throw ModelError.validation("the third call is refused");
        }).start();
             PseudoTerminal tty = repl(emulator)) {
            int at = tty.await("› ", 0, Duration.ofSeconds(30));
            tty.type("list the files twice\r");
            at = tty.await("basalt: ", at + "list the files twice".length(), Duration.ofSeconds(30));
            at = tty.await("the third call is refused", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));
            tty.type("/cost\r");
            tty.await("tokens this session: 3000 in, 30 out (about $", at, Duration.ofSeconds(10));
            assertThat(emulator.recordedCalls()).hasSize(3);
        }
    }

    private PseudoTerminal repl(Emulator emulator) throws Exception {
        return new PseudoTerminal(home, Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "BASALT_HOME", home.resolve("data").toString(), "NO_COLOR", "1"), work,
                "chat", "--endpoint-url", emulator.endpoint().toString());
    }

    /** The id of the one saved conversation: its file's name starts with it. */
    private String latestId() throws Exception {
        try (var files = Files.list(home.resolve("data/conversations"))) {
            return files.findFirst().orElseThrow().getFileName().toString().substring(0, 8);
        }
    }

    /** Types a question and waits for its echo after the typed text, then for the next prompt. */
    /** Types a slash command, waits for what it prints (not its echo), then for the prompt; returns where that ends. */
    private static int command(PseudoTerminal tty, String line, String expected, int at) throws Exception {
        tty.type(line + "\r");
        at = tty.await(expected, at + line.length(), Duration.ofSeconds(20));   // after the echo of the line typed
        return tty.await("› ", at, Duration.ofSeconds(10));
    }

    private static int ask(PseudoTerminal tty, String question, int at) throws Exception {
        tty.type(question + "\r");
        at = tty.await(question, tty.await(question, at, Duration.ofSeconds(10)), Duration.ofSeconds(30));
        return tty.await("› ", at, Duration.ofSeconds(10));
    }

    private void writeSettings(McpServerConfig.Stdio... servers) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode entries = root.putObject("mcp.servers");
        for (McpServerConfig.Stdio server : servers) {
            ObjectNode entry = entries.putObject(server.name()).put("command", server.command());
            server.args().forEach(entry.putArray("args")::add);
            server.env().forEach(entry.putObject("env")::put);
        }
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/settings.json"), root.toString());
    }
}
