package dev.basalt.cli.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.agent.ToolFailure;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One MCP server of this session: its transport (a process on stdio, or HTTP), the protocol client
 * over it, and the tools it offers.
 */
final class McpConnection {

    /** Starting includes npx or uvx fetching a package on first use, hence generous. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** A tool may run a build or a query; the user can cancel sooner. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);
    /** What one result may put into the conversation. */
    static final int MAX_TEXT = 50_000;

    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    /**
     * Never consulted: the SDK checks tools' structured output against their output schemas only with
     * schema caching on, which Basalt leaves off (the model reads the text content). Given so that the
     * SDK does not look for its default validator, which the build leaves out (it costs a second at start).
     */
    static final JsonSchemaValidator OUTPUT_NOT_CHECKED = (schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null);

    /** How long connecting to a server on HTTP may take before it counts as unreachable. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The server as configured, its {@code ${VAR}} references unread (what messages may show). */
    final McpServerConfig config;
    private final McpClientTransport transport;
    private final McpAsyncClient client;

    /**
     * Builds the client (a few hundred milliseconds of class loading: call it off the main thread);
     * starts nothing. Throws McpServerUnavailable when the settings name an environment variable that
     * is not set, or give a header HTTP does not allow.
     */
    McpConnection(McpServerConfig config, String clientVersion, Consumer<String> stderrLines,
            UnaryOperator<String> environment) throws McpServerUnavailable {
        this.config = config;
        try {
            this.transport = transport(config.expanded(new EnvironmentReferences(environment)::expand), stderrLines);
        } catch (IllegalArgumentException e) {
            throw new McpServerUnavailable(e.getMessage());
        }
        this.client = McpClient.async(transport)
                .clientInfo(new McpSchema.Implementation("basalt", clientVersion))
                .initializationTimeout(START_TIMEOUT)
                .requestTimeout(CALL_TIMEOUT)
                .jsonSchemaValidator(OUTPUT_NOT_CHECKED)
                .build();
    }

    private static McpClientTransport transport(McpServerConfig config, Consumer<String> stderrLines) {
        if (config instanceof McpServerConfig.Stdio stdio) {
            return new ProcessTransport(stdio, JSON, stderrLines);
        }
        McpServerConfig.Remote remote = (McpServerConfig.Remote) config;
        URI url = McpServerConfig.requireHttpUrl(remote.url());
        // The SDK takes the server's origin and the endpoint on it apart.
        String origin = url.getScheme() + "://" + url.getRawAuthority();
        String endpoint = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        HttpRequest.Builder check = HttpRequest.newBuilder(url);
        remote.headers().forEach((name, value) -> {
            try {
                check.header(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the header '" + name + "' cannot be set: " + e.getMessage());
            }
        });
        McpSyncHttpClientRequestCustomizer headers = (request, method, uri, body, context) -> remote.headers().forEach(request::header);
        return remote.protocol() == McpServerConfig.Protocol.SSE
                ? HttpClientSseClientTransport.builder(origin).sseEndpoint(endpoint).jsonMapper(JSON)
                        .httpRequestCustomizer(headers).connectTimeout(CONNECT_TIMEOUT).build()
                : HttpClientStreamableHttpTransport.builder(origin).endpoint(endpoint).jsonMapper(JSON)
                        .httpRequestCustomizer(headers).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Starts the process, runs the MCP handshake and lists the tools; throws with what went wrong. */
    List<McpSchema.Tool> start() throws McpServerUnavailable {
        try {
            McpSchema.InitializeResult init = client.initialize().block(START_TIMEOUT.plusSeconds(5));
            if (init == null || init.capabilities() == null || init.capabilities().tools() == null) {
                return List.of(); // a server of prompts or resources only: nothing for the model to call
            }
            List<McpSchema.Tool> tools = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < 100; page++) {
                McpSchema.ListToolsResult result = client.listTools(cursor).block(START_TIMEOUT);
                tools.addAll(result.tools());
                cursor = result.nextCursor();
                if (cursor == null || cursor.isEmpty()) {
                    break;
                }
            }
            return tools;
        } catch (RuntimeException e) {
            throw new McpServerUnavailable(reason(e, START_TIMEOUT));
        }
    }

    /**
     * Calls {@code tool}; the text of the result is what the model sees. Waits in short steps so the
     * user's cancel ends the wait at once.
     */
    String call(String tool, Map<String, Object> arguments, BooleanSupplier cancelled) throws ToolFailure {
        CompletableFuture<McpSchema.CallToolResult> call =
                client.callTool(new McpSchema.CallToolRequest(tool, arguments)).toFuture();
        McpSchema.CallToolResult result;
        while (true) {
            try {
                result = call.get(100, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException stillRunning) {
                if (cancelled.getAsBoolean()) {
                    call.cancel(true);
                    throw new ToolFailure("cancelled by the user");
                }
            } catch (InterruptedException e) {
                call.cancel(true);
                Thread.currentThread().interrupt();
                throw new ToolFailure("cancelled by the user");
            } catch (ExecutionException e) {
                throw new ToolFailure("the MCP server '" + config.name() + "' failed: " + reason(e.getCause(), CALL_TIMEOUT));
            }
        }
        String text = text(result);
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolFailure(text.isEmpty() ? "the tool reported an error" : text);
        }
        return text;
    }

    /** The result's content as text: text blocks as they are, other kinds named, too much cut. */
    static String text(McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content content : result.content()) {
            if (content instanceof McpSchema.TextContent text) {
                parts.add(text.text());
            } else if (content instanceof McpSchema.EmbeddedResource embedded) {
                parts.add(embedded.resource() instanceof McpSchema.TextResourceContents resource
                        ? resource.text() : "[resource " + embedded.resource().uri() + " (binary, not shown)]");
            } else if (content instanceof McpSchema.ResourceLink link) {
                parts.add("[resource " + link.uri() + "]");
            } else if (content instanceof McpSchema.ImageContent image) {
                parts.add("[image " + image.mimeType() + " (not shown)]");
            } else if (content instanceof McpSchema.AudioContent audio) {
                parts.add("[audio " + audio.mimeType() + " (not shown)]");
            }
        }
        if (parts.isEmpty() && result.structuredContent() != null) {
            try {
                parts.add(JSON.writeValueAsString(result.structuredContent()));
            } catch (java.io.IOException e) {
                parts.add(String.valueOf(result.structuredContent()));
            }
        }
        String text = String.join("\n", parts);
        return text.length() <= MAX_TEXT ? text
                : text.substring(0, MAX_TEXT) + "\n…(" + (text.length() - MAX_TEXT) + " more characters cut)";
    }

    /** One line for the user or the model out of the SDK's wrapped exceptions. */
    String reason(Throwable failure, Duration timeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof McpError error) {
                return error.getMessage();
            }
            if (t instanceof McpHttpClientTransportAuthorizationException denied) {
                return "it refused the request (HTTP " + (denied.getResponseInfo() == null ? 401 : denied.getResponseInfo().statusCode())
                        + "): give it a valid token in the headers, e.g. \"Authorization\": \"Bearer ${TOKEN}\"";
            }
            if ((t instanceof ConnectException || t instanceof HttpConnectTimeoutException)
                    && config instanceof McpServerConfig.Remote remote) {
                return "cannot connect to " + remote.shownUrl();
            }
            if (t instanceof TimeoutException || (t.getMessage() != null && t.getMessage().startsWith("Timeout on blocking read"))) {
                return "it did not answer within " + timeout.toSeconds() + " s";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** Why the server stopped answering, or null while it answers. */
    String gone() {
        return transport instanceof ProcessTransport process ? process.gone() : null;
    }

    /** Ends the server: the client, then the process (stdin closed, SIGTERM, SIGKILL). */
    void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            transport.close();
        }
    }

    /** A server that could not be started; the message says why, for the user. */
    static final class McpServerUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        McpServerUnavailable(String reason) {
            super(reason);
        }
    }
}
