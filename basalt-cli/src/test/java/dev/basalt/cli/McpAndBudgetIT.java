package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cli.mcp.McpServerConfig;
import dev.basalt.cli.mcp.TestMcpHttpServer;
import dev.basalt.cli.mcp.TestMcpServer;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.RecordedCall;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.ScriptedModel;
import dev.basalt.emulator.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `basalt chat` with MCP servers, a cost budget and pricing settings: the built jar as a process,
 * the emulator playing a model that calls tools, and a real MCP server ({@link TestMcpServer}) that
 * the CLI starts from the settings file.
 */
class McpAndBudgetIT {

    static final String KEY_ID = "AKIDMCPTEST";
    static final String SECRET = "mcp-test-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path work;

    BasaltProcess basalt() {
        return new BasaltProcess(home).directory(work).env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", SECRET)
                .env("BASALT_HOME", home.resolve("data").toString());
    }

    /** Writes the user settings file: {@code mcp.servers} from {@code servers}, plus {@code other} keys. */
    void settings(List<McpServerConfig.Stdio> servers, Map<String, JsonNode> other) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        if (!servers.isEmpty()) {
            ObjectNode entries = root.putObject("mcp.servers");
            for (McpServerConfig.Stdio server : servers) {
                ObjectNode entry = entries.putObject(server.name()).put("command", server.command());
                server.args().forEach(entry.putArray("args")::add);
                ObjectNode env = entry.putObject("env");
                server.env().forEach(env::put);
            }
        }
        other.forEach(root::set);
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/settings.json"), root.toString());
    }

    /** The one conversation file the chat wrote. */
    Path onlyConversation() throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(home.resolve("data/conversations"))) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    static McpServerConfig.Stdio missingServer() {
        return new McpServerConfig.Stdio("broken", "/nonexistent/basalt-test-mcp-server", List.of(), Map.of());
    }

    static ModelReply toolCall(String name, String inputJson, int inputTokens, int outputTokens) {
        return new ModelReply(List.of(new ReplyBlock.ToolUse("tooluse_" + name, name, List.of(inputJson))), "tool_use",
                TokenUsage.of(inputTokens, outputTokens));
    }

    static ModelReply text(String text) {
        return ModelReply.text(List.of(text), "end_turn", 10, 5);
    }

    @Test
    void theModelCallsAToolOfAnMcpServerStartedFromTheSettings() throws Exception {
        settings(List.of(TestMcpServer.config("calc")), Map.of());
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET)
                .model(ScriptedModel.of(List.of(toolCall("mcp__calc__add", "{\"a\": 2, \"b\": 3}", 10, 5), text("The sum is 5."))))
                .start()) {

            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--trust-tools", "mcp__calc__add", "add 2 and 3");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).contains("The sum is 5.");
            List<RecordedCall> calls = emulator.recordedCalls();
            assertThat(calls).hasSize(2);
            JsonNode first = JSON.readTree(calls.get(0).requestBody());
            assertThat(first.path("toolConfig").path("tools").findValuesAsText("name")).contains("mcp__calc__add", "read_file");
            JsonNode toolResult = JSON.readTree(calls.get(1).requestBody()).path("messages").get(2).path("content").get(0).path("toolResult");
            assertThat(toolResult.path("content").get(0).path("text").asText()).isEqualTo("5");
            assertThat(toolResult.path("status").asText()).isNotEqualTo("error");
        }
        assertThat(serverProcessesLeft()).isEmpty();
    }

    @Test
    void theModelCallsAToolOfAServerOnStreamableHttpWhoseTokenComesFromTheEnvironment() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/settings.json"), "{\"mcp.servers\": {\"web\": {\"type\": \"http\", \"url\": \""
                + "URL\", \"headers\": {\"Authorization\": \"Bearer ${WEB_MCP_TOKEN}\"}}}}");
        try (TestMcpHttpServer http = TestMcpHttpServer.start(McpServerConfig.Protocol.STREAMABLE_HTTP, "t0ken-from-env");
                Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET)
                        .model(ScriptedModel.of(List.of(toolCall("mcp__web__echo", "{\"text\": \"from http\"}", 10, 5), text("Done."))))
                        .start()) {
            Files.writeString(home.resolve("data/settings.json"),
                    Files.readString(home.resolve("data/settings.json")).replace("URL", http.url()));

            BasaltProcess.Result result = basalt().env("WEB_MCP_TOKEN", "t0ken-from-env").run("chat", "--endpoint-url",
                    emulator.endpoint().toString(), "--trust-tools", "mcp__web__echo", "--output", "json", "echo it");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stderr()).isEmpty();
            assertThat(result.stdout()).contains("Done.").doesNotContain("t0ken");
            JsonNode toolResult = JSON.readTree(emulator.recordedCalls().get(1).requestBody())
                    .path("messages").get(2).path("content").get(0).path("toolResult");
            assertThat(toolResult.path("content").get(0).path("text").asText()).isEqualTo("from http");
            assertThat(http.authorizations).isNotEmpty().containsOnly("Bearer t0ken-from-env");
        }
        assertThat(Files.readString(onlyConversation())).doesNotContain("t0ken");
    }

    @Test
    void anUntrustedMcpToolWithNoTerminalToAskIsRefusedAndTheModelIsToldHowToAllowIt() throws Exception {
        settings(List.of(TestMcpServer.config("calc")), Map.of());
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET)
                .model(ScriptedModel.of(List.of(toolCall("mcp__calc__add", "{\"a\": 2, \"b\": 3}", 10, 5), text("I may not."))))
                .start()) {

            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(), "add 2 and 3");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            JsonNode toolResult = JSON.readTree(emulator.recordedCalls().get(1).requestBody())
                    .path("messages").get(2).path("content").get(0).path("toolResult");
            assertThat(toolResult.path("status").asText()).isEqualTo("error");
            assertThat(toolResult.path("content").get(0).path("text").asText()).contains("--trust-tools mcp__calc__add");
        }
    }

    @Test
    void aServerThatCannotStartIsOneWarningLineAndTheChatGoesOn() throws Exception {
        settings(List.of(TestMcpServer.config("calc"), missingServer()), Map.of());
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).start()) {

            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(), "hello");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("hello\n");
            assertThat(result.stderrLines()).singleElement().asString()
                    .startsWith("basalt: MCP server 'broken' is not available: cannot run /nonexistent/basalt-test-mcp-server")
                    .contains("basalt config get mcp.servers.broken");
            assertThat(emulator.recordedCalls().get(0).requestBody()).contains("mcp__calc__echo");
        }
        assertThat(serverProcessesLeft()).isEmpty();
    }

    @Test
    void withoutServersNothingOfMcpIsLoaded() throws Exception {
        Path log = home.resolve("classes.log");
        try (Emulator emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).start()) {

            BasaltProcess.Result result = basalt().env("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + log)
                    .run("chat", "--endpoint-url", emulator.endpoint().toString(), "hello");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
        }
        List<String> loaded = Files.readAllLines(log);
        assertThat(loaded).anyMatch(line -> line.contains("dev.basalt.cli.Chat "));
        assertThat(loaded).noneMatch(line -> line.contains("io.modelcontextprotocol") || line.contains(" reactor.")
                || line.contains("dev.basalt.cli.mcp."));
    }

    /** $2 a call at the pricing setting: 1000 input and 1000 output tokens at $1000 per million each. */
    static Map<String, JsonNode> twoDollarsACall(String model) throws Exception {
        return Map.of("pricing." + model, JSON.readTree("{\"input\": 1000, \"output\": 1000}"));
    }

    static Emulator endlessToolLoop() {
        List<ModelReply> turns = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            turns.add(toolCall("list_files", "{}", 1000, 1000));
        }
        return Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(ScriptedModel.of(turns)).start();
    }

    @Test
    void theCostBudgetStopsAToolLoopBeforeTheNextCallAtThePricesOfTheSettings() throws Exception {
        settings(List.of(), twoDollarsACall("haiku"));
        try (Emulator emulator = endlessToolLoop()) {

            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--model", "haiku", "--max-cost", "3", "list the files, forever");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            // $2 after the first call, $4 after the second: no third call.
            assertThat(emulator.recordedCalls()).hasSize(2);
            assertThat(result.stderrLines()).last().asString()
                    .isEqualTo("basalt: stopped: cost budget $3.00 reached ($4.0000 this turn, 2 model calls); raise --max-cost");
            assertThat(result.stderrLines()).filteredOn(line -> line.startsWith("basalt:")).hasSize(1);
        }
    }

    @Test
    void theBudgetSettingAndJsonOutputUseThePricingSetting() throws Exception {
        Map<String, JsonNode> settings = new java.util.HashMap<>(twoDollarsACall("haiku"));
        settings.put("chat.maxCost", JSON.getNodeFactory().textNode("1"));
        settings(List.of(), settings);
        try (Emulator emulator = endlessToolLoop()) {

            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--model", "haiku", "--output", "json", "list the files, forever");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            JsonNode json = JSON.readTree(result.stdout());
            assertThat(json.path("ending").asText()).isEqualTo("budget");
            assertThat(json.path("model_calls").asInt()).isEqualTo(1);
            assertThat(json.path("cost_usd").asDouble()).isEqualTo(2.0);
        }
    }

    @Test
    void aBudgetForAModelWithoutPricesIsRefusedWithTheSettingThatFixesIt() {
        BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", "http://127.0.0.1:9",
                "--model", "anthropic.claude-brand-new-v9:0", "--max-cost", "1", "hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).singleElement().asString()
                .contains("a cost budget needs the prices of anthropic.claude-brand-new-v9:0")
                .contains("basalt config set pricing.anthropic.claude-brand-new-v9:0");
    }

    static List<ProcessHandle> serverProcessesLeft() {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(TestMcpServer.class.getName())).orElse(false))
                .toList();
    }
}
