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
        McpServers servers = McpServers.start(List.of(configs), "test", warnings::add, line -> { });
        started.add(servers);
        return servers;
    }

    static McpServerConfig testServer(String name, String... args) {
        return TestMcpServer.config(name, args);
    }

    Agent agent(ToolCallingModel model, List<Tool> tools, Set<String> trusted) {
        Approver approver = (tool, description, why) -> {
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
        McpServers servers = start(new McpServerConfig("node", "sh", List.of("-c",
                "echo 'Error: Cannot find module /srv/mcp.js' >&2; echo '    at Module._resolveFilename' >&2; echo >&2;"
                        + " echo 'Node.js v20.11.0' >&2; exit 1"), Map.of()));

        assertThat(servers.tools()).isEmpty();
        assertThat(warnings).singleElement().asString()
                .startsWith("MCP server 'node' is not available: it exited with status 1: Error: Cannot find module /srv/mcp.js (");
    }

    @Test
    void aCommandThatDoesNotExistIsOneWarning() {
        McpServers servers = start(new McpServerConfig("nothing", "/nonexistent/basalt-mcp-server", List.of(), Map.of()));

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

        assertThat(config).isEqualTo(new McpServerConfig("fs", "npx", List.of("-y", "server"), Map.of("TOKEN", "t")));
        assertThatThrownBy(() -> McpServerConfig.parse("fs", json.readTree("{\"args\": []}")))
                .hasMessageContaining("'command' is required");
        assertThatThrownBy(() -> McpServerConfig.parse("my server", json.readTree("{\"command\": \"x\"}")))
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> McpServerConfig.parse("web", json.readTree("{\"url\": \"https://example.com/mcp\"}")))
                .hasMessageContaining("'command' is required");
        assertThatThrownBy(() -> McpServerConfig.parse("web", json.readTree("{\"type\": \"http\", \"command\": \"x\"}")))
                .hasMessageContaining("only servers on stdio");
    }
}
