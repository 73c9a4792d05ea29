package dev.basalt.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.agent.Agent;
import dev.basalt.agent.AgentListener;
import dev.basalt.agent.ApprovalPolicy;
import dev.basalt.agent.Approver;
import dev.basalt.agent.Conversation;
import dev.basalt.agent.Tool;
import dev.basalt.agent.Workspace;
import dev.basalt.core.Content;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP tools end to end at the agent level: a real server ({@link TestMcpServer}) started as a child
 * process through the settings' shape, its tools offered to an {@link Agent} whose model calls them.
 */
class McpServersTest {

    @TempDir
    Path root;

    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> asked = new ArrayList<>();
    final List<McpServers> started = new ArrayList<>();

    @AfterEach
    void closeServers() {
        started.forEach(McpServers::close);
    }

    McpServers start(McpServerConfig... configs) {
        return startWith(Map.of(), configs);
    }

    /** Starts servers whose {@code ${VAR}} references are read from {@code environment}. */
    McpServers startWith(Map<String, String> environment, McpServerConfig... configs) {
        McpServers servers = McpServers.start(List.of(configs), "test", warnings::add, line -> { }, environment::get);
        started.add(servers);
        return servers;
    }

    static McpServerConfig testServer(String name, String... args) {
        return TestMcpServer.config(name, args);
    }

    Agent agent(ToolCallingModel model, List<Tool> tools, Set<String> trusted) {
        Approver approver = (tool, description, why, cancelled) -> {
            asked.add(tool + " wants to " + description);
            return new Approver.Answer.Once();
        };
        return new Agent(model, Agent.Settings.of("m"), new Conversation(), tools,
                new ApprovalPolicy(trusted, false), approver, Workspace.of(root), null);
    }

    static String text(Content.ToolResult result) {
        return ((Content.Text) result.content().get(0)).text();
    }

    @Test
    void listsTheServersToolsWithTheirSchemasAndTheModelCallsOneWithConsent() throws Exception {
        McpServers servers = start(testServer("calc"));

        List<Tool> tools = servers.tools();

        assertThat(tools).extracting(Tool::name).containsExactly("mcp__calc__add", "mcp__calc__echo", "mcp__calc__fail");
        assertThat(tools).allSatisfy(t -> assertThat(t.readOnly()).isFalse());
        Tool add = tools.get(0);
        assertThat(add.spec().description()).isEqualTo("Adds two numbers.");
        assertThat(new ObjectMapper().readTree(add.spec().inputSchemaJson()).path("required").toString()).isEqualTo("[\"a\",\"b\"]");

        ToolCallingModel model = new ToolCallingModel()
                .then(new Content.ToolUse("t1", "mcp__calc__add", "{\"a\": 2, \"b\": 3.5}"))
                .then(new Content.Text("2 + 3.5 is 5.5."));
        Agent.TurnResult result = agent(model, tools, Set.of()).run("add 2 and 3.5", new AgentListener() { });

        assertThat(result.ending()).isEqualTo(Agent.Ending.END_TURN);
        assertThat(model.requests.get(0).tools()).extracting(t -> t.name()).contains("mcp__calc__add");
        assertThat(asked).containsExactly("mcp__calc__add wants to call add on the MCP server 'calc' with {\"a\":2,\"b\":3.5}");
        assertThat(model.resultsSentIn(1)).singleElement().satisfies(r -> {
            assertThat(r.isError()).isFalse();
            assertThat(text(r)).isEqualTo("5.5");
        });
        assertThat(warnings).isEmpty();
    }

    @Test
    void errorResultsGoBackAsErrorsAndATrustedToolDoesNotAsk() {
        McpServers servers = start(testServer("calc"));
        ToolCallingModel model = new ToolCallingModel()
                .then(new Content.ToolUse("t1", "mcp__calc__fail", "{}"), new Content.ToolUse("t2", "mcp__calc__echo", "{\"text\":\"hi\"}"))
                .then(new Content.Text("ok"));

        agent(model, servers.tools(), Set.of("mcp__calc__fail", "mcp__calc__echo")).run("try", new AgentListener() { });

        assertThat(asked).isEmpty();
        List<Content.ToolResult> results = model.resultsSentIn(1);
        assertThat(results.get(0).isError()).isTrue();
        assertThat(text(results.get(0))).isEqualTo("this tool always fails");
        assertThat(results.get(1).isError()).isFalse();
        assertThat(text(results.get(1))).isEqualTo("hi");
    }

    @Test
    void aServerThatDiesAtStartIsOneWarningAtOnceWithWhatItSaid() {
        long start = System.nanoTime();
        McpServers servers = start(testServer("broken", "--exit-at-start"), testServer("calc"));

        List<Tool> tools = servers.tools();

        // Well under the 30 s start timeout: the process's death fails the handshake at once.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(tools).extracting(Tool::name).containsExactly("mcp__calc__add", "mcp__calc__echo", "mcp__calc__fail");
        assertThat(warnings).singleElement().asString()
                .startsWith("MCP server 'broken' is not available: it exited with status 3: test server: FOO_TOKEN is not set")
                .contains("basalt config get mcp.servers.broken")
                .doesNotContain("\n");
        assertThat(servers.unavailable()).containsOnlyKeys("broken");
        servers.tools();
        assertThat(warnings).hasSize(1);
    }

    @Test
    void theWarningQuotesTheLineThatNamesTheErrorNotTheLastOne() {
        // how Node dies on a missing module: the error, a stack, a blank line, then its version
        McpServers servers = start(new McpServerConfig.Stdio("node", "sh", List.of("-c",
                "echo 'Error: Cannot find module /srv/mcp.js' >&2; echo '    at Module._resolveFilename' >&2; echo >&2;"
                        + " echo 'Node.js v20.11.0' >&2; exit 1"), Map.of()));

        assertThat(servers.tools()).isEmpty();
        assertThat(warnings).singleElement().asString()
                .startsWith("MCP server 'node' is not available: it exited with status 1: Error: Cannot find module /srv/mcp.js (");
    }

    @Test
    void aCommandThatDoesNotExistIsOneWarning() {
        McpServers servers = start(new McpServerConfig.Stdio("nothing", "/nonexistent/basalt-mcp-server", List.of(), Map.of()));

        assertThat(servers.tools()).isEmpty();
        assertThat(warnings).singleElement().asString()
                .startsWith("MCP server 'nothing' is not available: cannot run /nonexistent/basalt-mcp-server: No such file or directory");
    }

    @Test
    void closingEndsTheServerProcess() {
        McpServers servers = start(testServer("calc"));
        assertThat(servers.tools()).isNotEmpty();
        assertThat(serverProcesses()).hasSize(1);

        servers.close();

        assertThat(serverProcesses()).isEmpty();
    }

    @Test
    void aCallToAServerThatDiedFailsWithTheReason() throws Exception {
        McpServers servers = start(testServer("calc"));
        List<Tool> tools = servers.tools();
        serverProcesses().forEach(ProcessHandle::destroyForcibly);
        Thread.sleep(300);
        ToolCallingModel model = new ToolCallingModel()
                .then(new Content.ToolUse("t1", "mcp__calc__echo", "{\"text\":\"hi\"}"))
                .then(new Content.Text("ok"));

        agent(model, tools, Set.of("mcp__calc__echo")).run("try", new AgentListener() { });

        assertThat(model.resultsSentIn(1)).singleElement().satisfies(r -> {
            assertThat(r.isError()).isTrue();
            assertThat(text(r)).startsWith("the MCP server 'calc' is not running: it exited with status");
        });
    }

    static List<ProcessHandle> serverProcesses() {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(TestMcpServer.class.getName())).orElse(false))
                .toList();
    }

    @Test
    void toolNamesAreMadeValidForBedrock() {
        assertThat(McpTool.exposedName("fs", "read.file v2")).isEqualTo("mcp__fs__read_file_v2");
        assertThat(McpTool.exposedName("s", "x".repeat(100))).hasSize(64).startsWith("mcp__s__xxx");
        assertThat(McpServers.mayName("mcp__fs__read", Set.of("fs"))).isTrue();
        assertThat(McpServers.mayName("mcp__fs__", Set.of("fs"))).isFalse();
        assertThat(McpServers.mayName("mcp__git__log", Set.of("fs"))).isFalse();
    }

    @Test
    void configEntriesAreCheckedWithMessagesThatSayWhatToFix() throws Exception {
        ObjectMapper json = new ObjectMapper();

        McpServerConfig config = McpServerConfig.parse("fs",
                json.readTree("{\"command\": \"npx\", \"args\": [\"-y\", \"server\"], \"env\": {\"TOKEN\": \"t\"}}"));

        assertThat(config).isEqualTo(new McpServerConfig.Stdio("fs", "npx", List.of("-y", "server"), Map.of("TOKEN", "t")));
        assertThatThrownBy(() -> McpServerConfig.parse("fs", json.readTree("{\"args\": []}")))
                .hasMessageContaining("'command' is required");
        assertThatThrownBy(() -> McpServerConfig.parse("my server", json.readTree("{\"command\": \"x\"}")))
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> McpServerConfig.parse("web", json.readTree("{\"type\": \"http\", \"command\": \"x\"}")))
                .hasMessageContaining("unknown field 'command'").hasMessageContaining("type, url and headers");
        assertThatThrownBy(() -> McpServerConfig.parse("web", json.readTree("{\"type\": \"websocket\", \"url\": \"ws://x\"}")))
                .hasMessageContaining("type 'websocket' is not one Basalt knows");
        assertThatThrownBy(() -> McpServerConfig.parse("web", json.readTree("{\"type\": \"sse\"}")))
                .hasMessageContaining("'url' is required");
        assertThatThrownBy(() -> McpServerConfig.parse("web", json.readTree("{\"url\": \"ftp://example.com/mcp\"}")))
                .hasMessageContaining("http or https URL");
    }

    @Test
    void httpEntriesReadAsClaudeCodeWritesThem() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(McpServerConfig.parse("docs", json.readTree(
                "{\"type\": \"http\", \"url\": \"https://mcp.example.com/mcp\", \"headers\": {\"Authorization\": \"Bearer ${DOCS_TOKEN}\"}}")))
                .isEqualTo(new McpServerConfig.Remote("docs", "https://mcp.example.com/mcp",
                        Map.of("Authorization", "Bearer ${DOCS_TOKEN}"), McpServerConfig.Protocol.STREAMABLE_HTTP));
        assertThat(McpServerConfig.parse("docs", json.readTree("{\"url\": \"http://localhost:3000/mcp\"}")))
                .isEqualTo(new McpServerConfig.Remote("docs", "http://localhost:3000/mcp", Map.of(), McpServerConfig.Protocol.STREAMABLE_HTTP));
        assertThat(McpServerConfig.parse("old", json.readTree("{\"type\": \"sse\", \"url\": \"http://localhost:3000/sse\"}")))
                .isEqualTo(new McpServerConfig.Remote("old", "http://localhost:3000/sse", Map.of(), McpServerConfig.Protocol.SSE));
    }

    @Test
    void environmentReferencesAreReadWhenAServerStartsAndAMissingOneIsNamed() {
        EnvironmentReferences references = new EnvironmentReferences(Map.of("TOKEN", "s3cr3t", "EMPTY", "")::get);

        assertThat(references.expand("Bearer ${TOKEN}")).isEqualTo("Bearer s3cr3t");
        assertThat(references.expand("${HOST:-localhost}:${EMPTY:-x}/$TOKEN")).isEqualTo("localhost:/$TOKEN");
        assertThatThrownBy(() -> references.expand("Bearer ${DOCS_TOKEN}"))
                .hasMessage("the environment variable DOCS_TOKEN is not set (its settings use ${DOCS_TOKEN})");
        McpServerConfig.Stdio stdio = new McpServerConfig.Stdio("fs", "${TOKEN}", List.of("--key=${TOKEN}"), Map.of("K", "${TOKEN}"));
        assertThat(stdio.expanded(references::expand))
                .isEqualTo(new McpServerConfig.Stdio("fs", "s3cr3t", List.of("--key=s3cr3t"), Map.of("K", "s3cr3t")));
    }

    @Test
    void aServerOnStreamableHttpGetsTheHeadersWithTheTokenFromTheEnvironmentAndItsToolsAreCalled() throws Exception {
        try (TestMcpHttpServer http = TestMcpHttpServer.start(McpServerConfig.Protocol.STREAMABLE_HTTP, "s3cr3t")) {
            McpServers servers = startWith(Map.of("CALC_TOKEN", "s3cr3t"), new McpServerConfig.Remote("calc", http.url(),
                    Map.of("Authorization", "Bearer ${CALC_TOKEN}"), McpServerConfig.Protocol.STREAMABLE_HTTP));
            ToolCallingModel model = new ToolCallingModel()
                    .then(new Content.ToolUse("t1", "mcp__calc__add", "{\"a\": 40, \"b\": 2}"))
                    .then(new Content.Text("42"));

            agent(model, servers.tools(), Set.of("mcp__calc__add")).run("add", new AgentListener() { });

            assertThat(warnings).isEmpty();
            assertThat(servers.tools()).extracting(Tool::name).containsExactly("mcp__calc__add", "mcp__calc__echo", "mcp__calc__fail");
            assertThat(text(model.resultsSentIn(1).get(0))).isEqualTo("42");
            assertThat(http.authorizations).isNotEmpty().containsOnly("Bearer s3cr3t");
        }
    }

    @Test
    void aServerOnTheOlderSseTransportWorksToo() throws Exception {
        try (TestMcpHttpServer http = TestMcpHttpServer.start(McpServerConfig.Protocol.SSE, null)) {
            McpServers servers = start(new McpServerConfig.Remote("old", http.url(), Map.of(), McpServerConfig.Protocol.SSE));
            ToolCallingModel model = new ToolCallingModel()
                    .then(new Content.ToolUse("t1", "mcp__old__echo", "{\"text\": \"over sse\"}"))
                    .then(new Content.Text("done"));

            agent(model, servers.tools(), Set.of("mcp__old__echo")).run("echo", new AgentListener() { });

            assertThat(warnings).isEmpty();
            assertThat(text(model.resultsSentIn(1).get(0))).isEqualTo("over sse");
        }
    }

    @Test
    void httpServersThatRefuseTheTokenOrCannotBeReachedOrLackAVariableAreOneWarningEachWithoutTheSecret() throws Exception {
        try (TestMcpHttpServer http = TestMcpHttpServer.start(McpServerConfig.Protocol.STREAMABLE_HTTP, "right")) {
            int closedPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            long start = System.nanoTime();
            McpServers servers = startWith(Map.of(),
                    new McpServerConfig.Remote("denied", http.url(), Map.of("Authorization", "Bearer wrong-s3cr3t"),
                            McpServerConfig.Protocol.STREAMABLE_HTTP),
                    new McpServerConfig.Remote("away", "http://127.0.0.1:" + closedPort + "/mcp?key=s3cr3t", Map.of(),
                            McpServerConfig.Protocol.STREAMABLE_HTTP),
                    new McpServerConfig.Remote("unset", http.url(), Map.of("Authorization", "Bearer ${UNSET_TOKEN}"),
                            McpServerConfig.Protocol.STREAMABLE_HTTP));

            assertThat(servers.tools()).isEmpty();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(servers.unavailable()).containsOnlyKeys("denied", "away", "unset");
            assertThat(warnings).hasSize(3).allSatisfy(w -> assertThat(w).doesNotContain("s3cr3t").doesNotContain("\n")
                    .contains("check its url and headers"));
            assertThat(warnings.get(0)).startsWith("MCP server 'denied' is not available: ").containsIgnoringCase("401");
            assertThat(warnings.get(1)).startsWith("MCP server 'away' is not available: ").contains("cannot connect");
            assertThat(warnings.get(2)).startsWith("MCP server 'unset' is not available: the environment variable UNSET_TOKEN is not set");
        }
    }
}
