package dev.basalt.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the {@code mcp.servers} setting: a server Basalt starts as a child process and talks
 * to over its stdin and stdout. {@code env} is added to the few variables every server inherits
 * (HOME, PATH, ...), so secrets in the user's environment reach only the servers they are given to.
 */
public record McpServerConfig(String name, String command, List<String> args, Map<String, String> env) {

    /** Server names become part of tool names, which Bedrock limits to these characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public McpServerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** Checks a server's name; the message says what is wrong with it. */
    public static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the server name '" + name
                    + "' must be 1 to 32 letters, digits, '_' or '-' (it becomes part of the tool names)");
        }
    }

    /**
     * Reads {@code {"command": "...", "args": [...], "env": {...}}}; throws IllegalArgumentException
     * with a message the user can act on.
     */
    public static McpServerConfig parse(String name, JsonNode entry) {
        requireName(name);
        if (entry == null || !entry.isObject()) {
            throw new IllegalArgumentException("must be an object like {\"command\": \"npx\", \"args\": [...]}");
        }
        JsonNode command = entry.get("command");
        if (command == null || !command.isTextual() || command.asText().isBlank()) {
            throw new IllegalArgumentException("'command' is required and must be a non-empty string");
        }
        List<String> args = new ArrayList<>();
        JsonNode argsNode = entry.get("args");
        if (argsNode != null && !argsNode.isNull()) {
            if (!argsNode.isArray()) {
                throw new IllegalArgumentException("'args' must be an array of strings");
            }
            for (JsonNode arg : argsNode) {
                if (!arg.isValueNode() || arg.isNull()) {
                    throw new IllegalArgumentException("'args' must be an array of strings");
                }
                args.add(arg.asText());
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = entry.get("env");
        if (envNode != null && !envNode.isNull()) {
            if (!envNode.isObject()) {
                throw new IllegalArgumentException("'env' must be an object of names to strings");
            }
            for (Map.Entry<String, JsonNode> variable : envNode.properties()) {
                if (!variable.getValue().isValueNode() || variable.getValue().isNull()) {
                    throw new IllegalArgumentException("'env' value of " + variable.getKey() + " must be a string");
                }
                env.put(variable.getKey(), variable.getValue().asText());
            }
        }
        JsonNode type = entry.get("type");
        if (type != null && !"stdio".equals(type.asText())) {
            throw new IllegalArgumentException("type '" + type.asText() + "' is not supported: only servers on stdio are");
        }
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
            if (!List.of("command", "args", "env", "type").contains(field.getKey())) {
                throw new IllegalArgumentException("unknown field '" + field.getKey()
                        + "' (a server has command, args and env: only servers on stdio are supported)");
            }
        }
        return new McpServerConfig(name, command.asText(), args, env);
    }
}
