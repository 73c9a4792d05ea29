package dev.basalt.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One entry of the {@code mcp.servers} setting, in the shape Claude Code's {@code .mcp.json} uses so
 * entries can be copied between the two: a server Basalt starts as a child process and talks to over
 * its stdin and stdout ({@link Stdio}), or one it reaches over HTTP ({@link Remote}).
 *
 * <p>String values may name environment variables as {@code ${VAR}} or {@code ${VAR:-default}}; they
 * are read when the server starts ({@link #expanded}), so tokens can stay out of settings files.
 */
public sealed interface McpServerConfig {

    /** Server names become part of tool names, which Bedrock limits to these characters. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    String name();

    /** The same server with {@code ${VAR}} references replaced through {@code expand}. */
    McpServerConfig expanded(UnaryOperator<String> expand);

    /**
     * A server run as a child process. {@code env} is added to the few variables every server
     * inherits (HOME, PATH, ...), so secrets in the user's environment reach only the servers they
     * are given to.
     */
    record Stdio(String name, String command, List<String> args, Map<String, String> env) implements McpServerConfig {
        public Stdio {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(command, "command");
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }

        @Override
        public Stdio expanded(UnaryOperator<String> expand) {
            Map<String, String> values = new LinkedHashMap<>();
            env.forEach((variable, value) -> values.put(variable, expand.apply(value)));
            return new Stdio(name, expand.apply(command), args.stream().map(expand).toList(), values);
        }
    }

    /**
     * A server reached over HTTP: MCP's streamable HTTP transport, or the older HTTP with
     * server-sent events that some servers still speak. {@code headers} go with every request
     * (typically {@code Authorization}).
     */
    record Remote(String name, String url, Map<String, String> headers, Protocol protocol) implements McpServerConfig {
        public Remote {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(protocol, "protocol");
            headers = Map.copyOf(headers);
        }

        @Override
        public Remote expanded(UnaryOperator<String> expand) {
            Map<String, String> values = new LinkedHashMap<>();
            headers.forEach((header, value) -> values.put(header, expand.apply(value)));
            return new Remote(name, expand.apply(url), values, protocol);
        }

        /** The URL as messages may show it: without a query, which some servers use for keys. */
        public String shownUrl() {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query) + "?…";
        }
    }

    /** How a {@link Remote} server speaks: the {@code type} of its entry. */
    enum Protocol {
        STREAMABLE_HTTP("http"), SSE("sse");

        public final String type;

        Protocol(String type) {
            this.type = type;
        }
    }

    /** Checks a server's name; the message says what is wrong with it. */
    static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the server name '" + name
                    + "' must be 1 to 32 letters, digits, '_' or '-' (it becomes part of the tool names)");
        }
    }

    /**
     * Reads {@code {"command": "...", "args": [...], "env": {...}}} (type "stdio", the default) or
     * {@code {"type": "http"|"sse", "url": "...", "headers": {...}}} (an entry with a url and no
     * type is "http"); throws IllegalArgumentException with a message the user can act on.
     */
    static McpServerConfig parse(String name, JsonNode entry) {
        requireName(name);
        if (entry == null || !entry.isObject()) {
            throw new IllegalArgumentException("must be an object like {\"command\": \"npx\", \"args\": [...]}"
                    + " or {\"type\": \"http\", \"url\": \"https://...\"}");
        }
        JsonNode typeNode = entry.get("type");
        if (typeNode != null && !typeNode.isTextual()) {
            throw new IllegalArgumentException("'type' must be \"stdio\", \"http\" or \"sse\"");
        }
        String type = typeNode != null ? typeNode.asText() : entry.has("url") && !entry.has("command") ? "http" : "stdio";
        return switch (type) {
            case "stdio" -> parseStdio(name, entry);
            case "http", "streamable-http", "streamableHttp" -> parseRemote(name, entry, Protocol.STREAMABLE_HTTP);
            case "sse" -> parseRemote(name, entry, Protocol.SSE);
            default -> throw new IllegalArgumentException("type '" + type + "' is not one Basalt knows: use \"stdio\""
                    + " (a command it starts), \"http\" (streamable HTTP) or \"sse\" (HTTP with server-sent events)");
        };
    }

    /**
     * Every entry of the {@code mcp.servers} setting that reads, in order; each that does not goes to
     * {@code rejected} with its name and why (which may throw to stop at the first).
     */
    static List<McpServerConfig> parseAll(Map<String, JsonNode> entries, BiConsumer<String, String> rejected) {
        List<McpServerConfig> configs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : entries.entrySet()) {
            try {
                configs.add(parse(entry.getKey(), entry.getValue()));
            } catch (IllegalArgumentException e) {
                rejected.accept(entry.getKey(), e.getMessage());
            }
        }
        return configs;
    }

    private static Stdio parseStdio(String name, JsonNode entry) {
        onlyFields(entry, Set.of("command", "args", "env", "type"),
                "a server on stdio has command, args and env; one on HTTP has type, url and headers");
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
        return new Stdio(name, command.asText(), args, strings(entry, "env", "names to strings"));
    }

    private static Remote parseRemote(String name, JsonNode entry, Protocol protocol) {
        onlyFields(entry, Set.of("type", "url", "headers"),
                "a server on HTTP has type, url and headers; one on stdio has command, args and env");
        JsonNode url = entry.get("url");
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw new IllegalArgumentException("'url' is required for a server of type \"" + protocol.type
                    + "\", e.g. \"https://mcp.example.com/mcp\"");
        }
        // A URL that is all ${VAR} is checked when the variable is read, at start.
        if (!url.asText().startsWith("${")) {
            requireHttpUrl(url.asText());
        }
        return new Remote(name, url.asText(), strings(entry, "headers", "header names to strings"), protocol);
    }

    /** Checks that {@code url} is an absolute http(s) URL with a host. */
    static URI requireHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("'url' must be an http or https URL with a host, not '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'url' is not a valid URL: " + e.getMessage());
        }
    }

    private static void onlyFields(JsonNode entry, Set<String> known, String hint) {
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
            if (!known.contains(field.getKey())) {
                throw new IllegalArgumentException("unknown field '" + field.getKey() + "' (" + hint + ")");
            }
        }
    }

    private static Map<String, String> strings(JsonNode entry, String field, String what) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode node = entry.get(field);
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("'" + field + "' must be an object of " + what);
            }
            for (Map.Entry<String, JsonNode> value : node.properties()) {
                if (!value.getValue().isValueNode() || value.getValue().isNull()) {
                    throw new IllegalArgumentException("'" + field + "' value of " + value.getKey() + " must be a string");
                }
                values.put(value.getKey(), value.getValue().asText());
            }
        }
        return values;
    }
}
