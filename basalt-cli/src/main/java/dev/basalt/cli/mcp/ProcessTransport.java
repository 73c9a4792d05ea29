package dev.basalt.cli.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * MCP's stdio transport to a server process this session starts: one JSON-RPC message per line on
 * the process's stdin and stdout, stderr kept for error messages.
 *
 * <p>Written on the SDK's transport interface rather than using its {@code StdioClientTransport}
 * because that one neither exposes the process nor notices it dying: a server that exits at start
 * (a wrong argument, a missing module) would hold the chat for the whole initialisation timeout.
 * Here a dead process at once fails every request it still owes, quoting what the server said on
 * stderr (see {@link #lastWords}), which is what the user needs to fix it. Closing follows the
 * spec's order: stdin closed, then SIGTERM, then SIGKILL.
 */
final class ProcessTransport implements McpClientTransport {

    /** What a server inherits from our environment; the rest of it (keys, tokens) stays here. */
    private static final List<String> INHERITED = List.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER",
            "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR");

    private final McpServerConfig.Stdio config;
    private final McpJsonMapper json;
    private final Consumer<String> stderrLines;
    /** Ids of the requests sent and not answered: failed at once if the process goes away. */
    private final Set<Object> owed = ConcurrentHashMap.newKeySet();
    private final Object writeLock = new Object();

    private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;
    private volatile Process process;
    private volatile Thread stderrReader;
    /** The last lines the server wrote to stderr, for saying why it stopped. */
    private final java.util.ArrayDeque<String> lastStderr = new java.util.ArrayDeque<>();
    /** Why the server can no longer answer, once it cannot. */
    private volatile String gone;

    ProcessTransport(McpServerConfig.Stdio config, McpJsonMapper json, Consumer<String> stderrLines) {
        this.config = config;
        this.json = json;
        this.stderrLines = stderrLines;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> start(handler));
    }

    private void start(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        this.handler = handler;
        List<String> command = new ArrayList<>();
        command.add(config.command());
        command.addAll(config.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(INHERITED);
        environment.putAll(config.env());
        synchronized (this) { // against close(): a session that ended first starts no process
            if (gone != null) {
                return;
            }
            try {
                process = builder.start();
            } catch (IOException e) {
                // "Cannot run program "x": error=2, No such file or directory" -> the part after the colon
                String why = e.getMessage() == null ? e.toString() : e.getMessage().replaceFirst("^.*error=\\d+, ", "");
                gone = "cannot run " + config.command() + ": " + why;
                return;
            }
        }
        stderrReader = daemon("basalt-mcp-" + config.name() + "-stderr", () -> readStderr(process.getErrorStream()));
        daemon("basalt-mcp-" + config.name(), () -> readMessages(process.getInputStream()));
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void readMessages(InputStream stdout) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(json, line);
                } catch (IOException | RuntimeException e) {
                    // Some servers print a banner on stdout; it is not for us.
                    stderrLines.accept("(not JSON-RPC on stdout) " + line);
                    continue;
                }
                if (message instanceof McpSchema.JSONRPCResponse response) {
                    owed.remove(response.id());
                }
                deliver(message);
            }
        } catch (IOException e) {
            // the process went away; said below
        }
        fail(exitDescription("it closed its output"));
    }

    private void readStderr(InputStream stderr) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    synchronized (lastStderr) {
                        if (lastStderr.size() == 20) {
                            lastStderr.removeFirst();
                        }
                        lastStderr.addLast(line.strip());
                    }
                    stderrLines.accept(line);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    /**
     * The line of the server's last words on stderr that most likely says what is wrong: the last
     * one naming an error (Node ends with its version, Java and Python with a stack), else the last.
     */
    String lastWords() {
        synchronized (lastStderr) {
            String chosen = lastStderr.peekLast();
            for (java.util.Iterator<String> lines = lastStderr.descendingIterator(); lines.hasNext(); ) {
                String line = lines.next();
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if ((lower.contains("error") || lower.contains("exception")) && !line.startsWith("at ")) {
                    chosen = line;
                    break;
                }
            }
            return chosen == null || chosen.length() <= 300 ? chosen : chosen.substring(0, 300) + "…";
        }
    }

    /** Once a pipe to it has closed: how the process ended (or {@code ifAlive}), with its last words on stderr. */
    private String exitDescription(String ifAlive) {
        Process p = process;
        String status;
        try {
            status = p.waitFor(2, TimeUnit.SECONDS) ? "it exited with status " + p.exitValue() : ifAlive;
            // The stderr reader may still be draining the last lines the process wrote.
            Thread reader = stderrReader;
            if (reader != null) {
                reader.join(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = ifAlive;
        }
        String said = lastWords();
        return said == null ? status : status + ": " + said;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            if (message instanceof McpSchema.JSONRPCRequest request) {
                owed.add(request.id());
            }
            if (gone == null) {
                try {
                    String line = json.writeValueAsString(message) + "\n";
                    Process p = process;
                    if (p == null) {
                        throw new IOException("the process was not started");
                    }
                    synchronized (writeLock) {
                        OutputStream stdin = p.getOutputStream();
                        stdin.write(line.getBytes(StandardCharsets.UTF_8));
                        stdin.flush();
                    }
                } catch (IOException e) {
                    // Most likely it has just died: say how, as the reader of its output would.
                    fail(process == null ? "cannot write to it: " + e.getMessage() : exitDescription("it closed its input"));
                }
            }
            if (gone != null) {
                failOwed();
            }
        });
    }

    /** Marks the server gone (the first reason stays) and fails what it owes. */
    private void fail(String reason) {
        synchronized (this) {
            if (gone == null) {
                gone = reason;
            }
        }
        failOwed();
    }

    /** Answers every owed request with an error, as if the server had, so no caller waits for a timeout. */
    private void failOwed() {
        Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> receive = handler;
        for (Object id : List.copyOf(owed)) {
            if (owed.remove(id) && receive != null) {
                McpSchema.JSONRPCResponse.JSONRPCError error =
                        new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, gone, null);
                deliver(McpSchema.JSONRPCResponse.error(id, error));
            }
        }
    }

    private void deliver(McpSchema.JSONRPCMessage message) {
        handler.apply(Mono.just(message)).subscribe(ignored -> { }, error -> stderrLines.accept("(client) " + error));
    }

    /** Why the server cannot answer any more, or null while it can. */
    String gone() {
        return gone;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    /** Closes stdin, then SIGTERM after a moment, then SIGKILL: the order the MCP spec gives for stdio. */
    @Override
    public void close() {
        fail("the session closed it");
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        try {
            p.getOutputStream().close();
            if (!p.waitFor(300, TimeUnit.MILLISECONDS)) {
                // wrappers such as npx or uvx leave the real server as a child: end the whole tree
                tree.forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(1, TimeUnit.SECONDS)) {
                    tree.forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
        } catch (IOException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }
}
