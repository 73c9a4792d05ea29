package dev.basalt.cli.mcp;

import dev.basalt.agent.Tool;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The MCP servers of one chat session. Each starts on its own thread as soon as the session is set
 * up, so they come up while the model client does; {@link #tools} waits for them. A server that
 * cannot start costs one warning line and the chat goes on without it.
 *
 * <p>This package is the only code that touches the MCP SDK, and Chat reaches it only when
 * {@code mcp.servers} is set: without servers none of it is loaded.
 */
public final class McpServers implements AutoCloseable {

    /** A server that started: its connection and the tools it listed. */
    private record Started(McpConnection connection, List<McpSchema.Tool> tools) {}

    private final Map<String, CompletableFuture<Started>> started = new LinkedHashMap<>();
    private final Map<String, McpServerConfig> configs = new LinkedHashMap<>();
    /** Every connection built so far, started or not, so that closing reaches them all. */
    private final Map<String, McpConnection> built = new ConcurrentHashMap<>();
    private final Consumer<String> warn;
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    private volatile boolean closed;
    private List<Tool> tools;

    private McpServers(Consumer<String> warn) {
        this.warn = warn;
    }

    /**
     * Starts every server in the background and returns at once: even building the protocol client
     * (class loading) happens on the server's own thread.
     *
     * @param warn receives one line per server that cannot start, without the "basalt: " prefix
     * @param stderr receives what the servers write to stderr, each line prefixed with the server's
     *     name (shown with --debug; otherwise only the last lines are kept, for the warning)
     */
    public static McpServers start(List<McpServerConfig> configs, String clientVersion, Consumer<String> warn,
            Consumer<String> stderr) {
        return start(configs, clientVersion, warn, stderr, System::getenv);
    }

    /** As {@link #start(List, String, Consumer, Consumer)}, with {@code ${VAR}} references read from {@code environment}. */
    static McpServers start(List<McpServerConfig> configs, String clientVersion, Consumer<String> warn,
            Consumer<String> stderr, UnaryOperator<String> environment) {
        McpServers servers = new McpServers(warn);
        for (McpServerConfig config : configs) {
            CompletableFuture<Started> done = new CompletableFuture<>();
            servers.started.put(config.name(), done);
            servers.configs.put(config.name(), config);
            Thread starter = new Thread(() -> servers.startOne(config, clientVersion, stderr, environment, done),
                    "basalt-mcp-start-" + config.name());
            starter.setDaemon(true);
            starter.start();
        }
        return servers;
    }

    private void startOne(McpServerConfig config, String clientVersion, Consumer<String> stderr,
            UnaryOperator<String> environment, CompletableFuture<Started> done) {
        try {
            McpConnection connection = new McpConnection(config, clientVersion,
                    line -> stderr.accept("[" + config.name() + "] " + line), environment);
            built.put(config.name(), connection);
            if (closed) { // the session ended while the client was being built
                connection.close();
                throw new McpConnection.McpServerUnavailable("the session ended first");
            }
            done.complete(new Started(connection, connection.start()));
        } catch (McpConnection.McpServerUnavailable | RuntimeException | LinkageError e) {
            done.completeExceptionally(e);
        }
    }

    /**
     * The tools of every server that started, named {@code mcp__<server>__<tool>}; waits for the
     * servers still starting. The first call reports the servers that did not start.
     */
    public synchronized List<Tool> tools() {
        if (tools != null) {
            return tools;
        }
        List<Tool> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, CompletableFuture<Started>> server : started.entrySet()) {
            String name = server.getKey();
            try {
                Started up = server.getValue().join();
                for (McpSchema.Tool tool : up.tools()) {
                    String exposed = McpTool.exposedName(name, tool.name());
                    if (names.add(exposed)) { // two tools whose names differ only in characters Bedrock refuses: the first wins
                        all.add(new McpTool(up.connection(), tool, exposed));
                    }
                }
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                String reason = cause instanceof McpConnection.McpServerUnavailable ? cause.getMessage() : cause.toString();
                unavailable.put(name, reason);
                boolean remote = configs.get(name) instanceof McpServerConfig.Remote;
                warn.accept("MCP server '" + name + "' is not available: " + reason + " (check its "
                        + (remote ? "url and headers" : "command and args") + " with `basalt config get mcp.servers." + name
                        + "`" + (remote ? "" : "; --debug shows what it printed") + "; continuing without it)");
                McpConnection connection = built.get(name);
                if (connection != null) {
                    connection.close();
                }
            }
        }
        tools = List.copyOf(all);
        return tools;
    }

    /** True once every server has started or failed: {@link #tools} will not wait. */
    public boolean ready() {
        return started.values().stream().allMatch(CompletableFuture::isDone);
    }

    /** The servers that did not start, with why; known after {@link #tools}. */
    public synchronized Map<String, String> unavailable() {
        return Map.copyOf(unavailable);
    }

    /** Whether {@code toolName} is a name this session's servers may give a tool (for trust settings). */
    public static boolean mayName(String toolName, Set<String> serverNames) {
        return serverNames.stream().anyMatch(server -> toolName.startsWith("mcp__" + server + "__")
                && toolName.length() > ("mcp__" + server + "__").length());
    }

    /** Ends every server, in parallel, and waits a little for them: a session must not leave them running. */
    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (McpConnection connection : built.values()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread closer = new Thread(() -> {
                connection.close();
                done.complete(null);
            }, "basalt-mcp-close-" + connection.config.name());
            closer.setDaemon(true);
            closer.start();
            closing.add(done);
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a server that ignores SIGTERM was sent SIGKILL; nothing more to wait for
        }
    }
}
