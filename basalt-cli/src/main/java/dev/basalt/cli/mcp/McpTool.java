package dev.basalt.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.agent.Tool;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import dev.basalt.core.ToolSpec;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool of an MCP server, offered to the model as {@code mcp__<server>__<tool>}. What it touches is
 * unknown to us, so it is never read-only: every call asks unless the user trusts it by name.
 */
final class McpTool implements Tool {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final McpConnection server;
    private final String serverToolName;
    private final ToolSpec spec;

    McpTool(McpConnection server, McpSchema.Tool tool, String exposedName) {
        this.server = server;
        this.serverToolName = tool.name();
        String description = tool.description() != null && !tool.description().isBlank() ? tool.description()
                : tool.title() != null ? tool.title() : tool.name();
        this.spec = new ToolSpec(exposedName, description, schema(tool.inputSchema()));
    }

    /** {@code mcp__<server>__<tool>} in the characters and length Bedrock accepts for tool names. */
    static String exposedName(String server, String tool) {
        String name = "mcp__" + server + "__" + tool.replaceAll("[^A-Za-z0-9_-]", "_");
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    /** The server's input schema as JSON text; Bedrock wants an object schema, so one is made sure of. */
    private static String schema(Map<String, Object> inputSchema) {
        Map<String, Object> schema = new LinkedHashMap<>(inputSchema == null ? Map.of() : inputSchema);
        schema.putIfAbsent("type", "object");
        try {
            return JSON.writeValueAsString(schema);
        } catch (IOException e) {
            return "{\"type\":\"object\"}";
        }
    }

    String serverName() {
        return server.config.name();
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void validate(JsonNode input) {
        // The server checks its own input against its schema and answers errors the model can read.
    }

    @Override
    public List<Path> paths(JsonNode input, Workspace workspace) {
        return List.of();
    }

    @Override
    public String describe(JsonNode input, Workspace workspace) {
        String arguments = input.toString();
        if (arguments.length() > 200) {
            arguments = arguments.substring(0, 200) + "…";
        }
        return "call " + serverToolName + " on the MCP server '" + serverName() + "' with " + arguments;
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        String gone = server.gone();
        if (gone != null) {
            throw new ToolFailure("the MCP server '" + serverName() + "' is not running: " + gone);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = JSON.convertValue(input, Map.class);
        return server.call(serverToolName, arguments, context.cancelled());
    }
}
