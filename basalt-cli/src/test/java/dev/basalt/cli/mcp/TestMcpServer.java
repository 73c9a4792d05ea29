package dev.basalt.cli.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small MCP server on stdio, built with the SDK's server side, for tests to start as a real child
 * process: {@code add {a, b}}, {@code echo {text}} and {@code fail {}} (always an error result).
 * {@code --exit-at-start} makes it die at once with a message on stderr, as a misconfigured server does.
 */
public final class TestMcpServer {

    private TestMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--exit-at-start")) {
            System.err.println("test server: FOO_TOKEN is not set");
            System.exit(3);
        }
        // stdout carries the protocol only: anything else printed there would corrupt it.
        OutputStream protocol = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        System.setOut(new PrintStream(System.err, true));
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        StdioServerTransportProvider transport = new StdioServerTransportProvider(json, exitAtEndOf(System.in), protocol);
        withTools(McpServer.sync(transport), json).build();
        Thread.currentThread().join(); // the transport's threads serve until stdin ends
    }

    /** The test tools on any of the SDK's server transports (stdio here, HTTP in {@link TestMcpHttpServer}). */
    static McpServer.SyncSpecification<?> withTools(McpServer.SyncSpecification<?> server, McpJsonMapper json) {
        return server
                .serverInfo("basalt-test-server", "1.0")
                .jsonSchemaValidator(McpConnection.OUTPUT_NOT_CHECKED) // the build leaves the SDK's default one out
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .toolCall(McpSchema.Tool.builder("add", json, """
                        {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}
                        """).description("Adds two numbers.").build(),
                        (exchange, request) -> {
                            BigDecimal sum = new BigDecimal(String.valueOf(request.arguments().get("a")))
                                    .add(new BigDecimal(String.valueOf(request.arguments().get("b"))));
                            return McpSchema.CallToolResult.builder().addTextContent(sum.stripTrailingZeros().toPlainString()).build();
                        })
                .toolCall(McpSchema.Tool.builder("echo", json, """
                        {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
                        """).description("Says the text back.").build(),
                        (exchange, request) -> McpSchema.CallToolResult.builder()
                                .addTextContent(String.valueOf(request.arguments().get("text"))).build())
                .toolCall(McpSchema.Tool.builder("fail", json, "{\"type\": \"object\"}").description("Always fails.").build(),
                        (exchange, request) -> McpSchema.CallToolResult.builder()
                                .addTextContent("this tool always fails").isError(true).build());
    }

    /** Stdin that ends the process when it ends, as a stdio server should when its client closes it. */
    private static InputStream exitAtEndOf(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return exitAt(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return exitAt(super.read(b, off, len));
            }

            private int exitAt(int n) {
                if (n < 0) {
                    System.exit(0);
                }
                return n;
            }
        };
    }

    /**
     * How to start this server: {@code java dev.basalt.cli.mcp.TestMcpServer ARGS} with the test class
     * path in CLASSPATH (in {@code env}, so the settings' env is exercised, and the command line stays
     * short enough for the process's arguments to be readable in /proc).
     */
    public static McpServerConfig.Stdio config(String name, String... args) {
        List<String> arguments = new ArrayList<>();
        arguments.add(TestMcpServer.class.getName());
        arguments.addAll(List.of(args));
        return new McpServerConfig.Stdio(name, Path.of(System.getProperty("java.home"), "bin", "java").toString(), arguments,
                java.util.Map.of("CLASSPATH", testClassPath()));
    }

    /** Surefire and failsafe may run tests from a manifest-only jar; they say the real class path here. */
    static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
