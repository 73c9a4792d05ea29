package dev.basalt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cli.mcp.McpServerConfig;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Basalt's settings: {@code settings.json} in BASALT_HOME (user) and {@code .basalt/settings.json}
 * in the working directory (project). The project file wins over the user file; flags and
 * environment variables win over both (that part is applied where each value is used). Most values
 * are strings; {@code mcp.servers} and {@code pricing.<model>} are JSON objects, given to
 * {@code config set} as JSON text and checked before they are written.
 */
final class Settings {

    static final String MCP_SERVERS = "mcp.servers";
    static final String PRICING = "pricing.";
    static final String API_KEY = "bedrock.apiKey";

    /** The keys Basalt reads, with what each means. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("chat.defaultModel", "model used when --model, BASALT_MODEL and AMAZON_Q_MODEL are absent");
        KEYS.put("region", "AWS region when --region, AWS_REGION and AWS_DEFAULT_REGION are absent");
        KEYS.put("profile", "AWS profile when --profile and AWS_PROFILE are absent");
        KEYS.put("endpoint", "Bedrock runtime endpoint (e.g. a VPC endpoint) when --endpoint-url and AWS_ENDPOINT_URL_BEDROCK_RUNTIME are absent");
        KEYS.put(API_KEY, "a Bedrock API key, sent as a bearer token instead of SigV4 when AWS_BEARER_TOKEN_BEDROCK is absent");
        KEYS.put("fallbackRegions", "comma-separated regions to try, in order, when the region is throttling or unavailable");
        KEYS.put("tools.trusted", "comma-separated tools that run without asking inside the working directory");
        KEYS.put("tools.addDirs", "comma-separated directories treated like the working directory");
        KEYS.put("chat.maxCost", "most USD one turn may cost when --max-cost is absent (see --max-cost)");
        KEYS.put("chat.thinkingBudget", "extended thinking budget in tokens for every chat when --thinking is absent (see --thinking)");
        KEYS.put("chat.guardrail", "Bedrock guardrail ID[:VERSION] every chat request is checked by when --guardrail is absent");
        KEYS.put(MCP_SERVERS, "MCP servers, as JSON: {\"name\": {\"command\": \"npx\", \"args\": [...], \"env\": {...}}}"
                + " or {\"name\": {\"type\": \"http\", \"url\": \"https://...\", \"headers\": {...}}}, ${VAR} read at start;"
                + " mcp.servers.<name> sets one; project and user servers are merged by name");
        KEYS.put(PRICING + "<model>", "prices for a model id or alias in USD per million tokens, as JSON:"
                + " {\"input\": 3, \"output\": 15, \"cacheRead\": 0.3, \"cacheWrite\": 3.75}");
    }

    /**
     * Hands the API key setting to the AWS SDK, which reads it from the system property
     * {@code aws.bearerTokenBedrock} (the variable AWS_BEARER_TOKEN_BEDROCK wins, as the SDK decides).
     * Called before any Bedrock client is built.
     */
    void applyApiKey() {
        String fromEnvironment = System.getenv("AWS_BEARER_TOKEN_BEDROCK");
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            value(API_KEY).ifPresent(key -> System.setProperty("aws.bearerTokenBedrock", key));
        }
    }

    /** A secret as listings show it: its last four characters. */
    static String masked(String secret) {
        return "…" + secret.substring(Math.max(0, secret.length() - 4));
    }

    /** Where a value came from. */
    enum Source { PROJECT, USER }

    record Value(String value, Source source) {}

    /**
     * Made on first use: reading a settings file, or writing one. Jackson's object mapper sets up the
     * JDK's calendar and locale data for its default date format (about 40 ms), which a session
     * without settings files need not wait for before its prompt; empty settings and single values
     * are built with the node factory alone.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path userFile;
    private final Path projectFile;

    /** Each file is parsed once per command, however many keys are read. */
    private final Map<Path, ObjectNode> parsed = new java.util.HashMap<>();

    Settings(Path userFile, Path projectFile) {
        this.userFile = userFile;
        this.projectFile = projectFile;
    }

    static Settings standard() {
        return new Settings(BasaltHome.dir().resolve("settings.json"), Path.of(".basalt", "settings.json").toAbsolutePath());
    }

    Path file(Source source) {
        return source == Source.PROJECT ? projectFile : userFile;
    }

    /** The value as text (JSON text for an object); the project's wins, and servers are merged by name. */
    Optional<Value> get(String key) {
        if (key.equals(MCP_SERVERS)) {
            Map<String, JsonNode> servers = servers();
            if (servers.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode merged = NODES.objectNode();
            servers.forEach(merged::set);
            return Optional.of(new Value(merged.toString(), node(projectFile, MCP_SERVERS).isPresent() ? Source.PROJECT : Source.USER));
        }
        if (key.startsWith(MCP_SERVERS + ".")) {
            String name = key.substring(MCP_SERVERS.length() + 1);
            for (Source source : List.of(Source.PROJECT, Source.USER)) {
                JsonNode server = node(file(source), MCP_SERVERS).map(servers -> servers.get(name)).orElse(null);
                if (server != null && !server.isNull()) {
                    return Optional.of(new Value(server.toString(), source));
                }
            }
            return Optional.empty();
        }
        Optional<String> project = read(projectFile, key);
        if (project.isPresent()) {
            return Optional.of(new Value(project.get(), Source.PROJECT));
        }
        return read(userFile, key).map(v -> new Value(v, Source.USER));
    }

    /** The value as JSON, the project's before the user's. */
    Optional<JsonNode> node(String key) {
        return node(projectFile, key).or(() -> node(userFile, key));
    }

    /**
     * The MCP servers of both files by name, a project server replacing a user one of the same name:
     * a user's personal servers and a project's own both apply.
     */
    Map<String, JsonNode> servers() {
        Map<String, JsonNode> servers = new LinkedHashMap<>();
        for (Path file : List.of(userFile, projectFile)) {
            node(file, MCP_SERVERS).ifPresent(value -> {
                if (!value.isObject()) {
                    throw new UserError(ExitCode.USAGE, MCP_SERVERS + " in " + file + " must be a JSON object of servers by name",
                            "fix it with basalt config set " + MCP_SERVERS + " '{\"name\": {\"command\": \"...\"}}'");
                }
                value.properties().forEach(server -> servers.put(server.getKey(), server.getValue()));
            });
        }
        return servers;
    }

    /** The keys starting with {@code prefix} set in either file, in order, each once. */
    List<String> keysStartingWith(String prefix) {
        Set<String> keys = new LinkedHashSet<>();
        for (Path file : List.of(projectFile, userFile)) {
            parsed(file).properties().forEach(field -> {
                if (field.getKey().startsWith(prefix)) {
                    keys.add(field.getKey());
                }
            });
        }
        return List.copyOf(keys);
    }

    /**
     * The value to use, checked: a bad value in a file (edited by hand) is a one-line error naming the
     * setting and the file, not the flag the value stands in for.
     */
    Optional<String> value(String key) {
        return get(key).map(value -> {
            try {
                SettingChecks.check(key, value.value());
            } catch (IllegalArgumentException e) {
                String project = value.source() == Source.PROJECT ? "--project " : "";
                throw new UserError(ExitCode.USAGE, key + " in " + file(value.source()) + ": " + e.getMessage(),
                        "fix it with basalt config set " + project + key + " " + SettingChecks.example(key)
                                + ", or basalt config unset " + project + key);
            }
            return value.value();
        });
    }

    List<String> list(String key) {
        return value(key).map(SettingChecks::items).orElse(List.of());
    }

    /** Sets {@code key}; object settings take JSON text, checked before anything is written. */
    void set(Source source, String key, String value) {
        requireKnown(key);
        JsonNode checked = checked(key, value);
        ObjectNode root = load(file(source));
        if (key.startsWith(MCP_SERVERS + ".")) {
            JsonNode servers = root.get(MCP_SERVERS);
            ObjectNode object = servers != null && servers.isObject() ? (ObjectNode) servers : root.putObject(MCP_SERVERS);
            object.set(key.substring(MCP_SERVERS.length() + 1), checked);
        } else {
            root.set(key, checked);
        }
        write(file(source), root);
        parsed.clear();
    }

    boolean unset(Source source, String key) {
        requireKnown(key);
        ObjectNode root = load(file(source));
        boolean had;
        if (key.startsWith(MCP_SERVERS + ".")) {
            JsonNode servers = root.get(MCP_SERVERS);
            had = servers != null && servers.isObject() && ((ObjectNode) servers).remove(key.substring(MCP_SERVERS.length() + 1)) != null;
        } else {
            had = root.remove(key) != null;
        }
        if (had) {
            write(file(source), root);
            parsed.clear();
        }
        return had;
    }

    static void requireKnown(String key) {
        boolean known = KEYS.containsKey(key) && !key.equals(PRICING + "<model>")
                || key.startsWith(PRICING) && key.length() > PRICING.length()
                || key.startsWith(MCP_SERVERS + ".") && key.length() > MCP_SERVERS.length() + 1;
        if (!known) {
            throw new UserError(ExitCode.USAGE, "unknown setting " + key, "settings are " + String.join(", ", KEYS.keySet()));
        }
    }

    /** The value to store for {@code key}: a string, or the JSON an object setting is given as, checked. */
    static JsonNode checked(String key, String value) {
        if (key.equals("chat.maxCost")) {
            return NODES.textNode(Chat.parseCost(value, "chat.maxCost").toString());
        }
        if (key.equals("chat.thinkingBudget")) {
            return NODES.textNode(ThinkingBudget.parse(value, key).map(String::valueOf).orElseThrow(() ->
                    new UserError(ExitCode.USAGE, key + " takes a number of tokens", "to turn thinking off: basalt config unset " + key)));
        }
        if (key.equals("chat.guardrail")) {
            GuardrailSpec.parse(value, key);
            return NODES.textNode(value.strip());
        }
        boolean object = key.equals(MCP_SERVERS) || key.startsWith(MCP_SERVERS + ".") || key.startsWith(PRICING);
        if (!object) {
            try {
                SettingChecks.check(key, value);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, key + ": " + e.getMessage(),
                        "for example basalt config set " + key + " " + SettingChecks.example(key));
            }
            return NODES.textNode(value.strip());
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UserError(ExitCode.USAGE, key + " takes JSON, and this is not: " + e.getOriginalMessage(),
                    "quote it for the shell, e.g. basalt config set " + example(key));
        }
        try {
            if (key.equals(MCP_SERVERS)) {
                if (json == null || !json.isObject()) {
                    throw new IllegalArgumentException("must be a JSON object of servers by name");
                }
                Map<String, JsonNode> servers = new java.util.LinkedHashMap<>();
                json.properties().forEach(server -> servers.put(server.getKey(), server.getValue()));
                McpServerConfig.parseAll(servers, (name, why) -> {
                    throw new IllegalArgumentException("server '" + name + "': " + why);
                });
            } else if (key.startsWith(MCP_SERVERS + ".")) {
                McpServerConfig.parse(key.substring(MCP_SERVERS.length() + 1), json);
            } else {
                ModelPrices.parse(json);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, key + ": " + e.getMessage(), "for example basalt config set " + example(key));
        }
        return json;
    }

    private static String example(String key) {
        if (key.startsWith(PRICING)) {
            return key + " '{\"input\": 3, \"output\": 15}'";
        }
        if (key.startsWith(MCP_SERVERS + ".")) {
            return key + " '{\"command\": \"npx\", \"args\": [\"-y\", \"some-mcp-server\"]}'";
        }
        return key + " '{\"files\": {\"command\": \"npx\", \"args\": [\"-y\", \"some-mcp-server\"]}}'";
    }

    private Optional<String> read(Path file, String key) {
        return node(file, key).map(value -> {
            if (value.isArray()) {
                // a hand-written ["bash", "grep"] is the list "bash,grep" that config set writes
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                return String.join(",", items);
            }
            return value.isValueNode() ? value.asText() : value.toString();
        });
    }

    private Optional<JsonNode> node(Path file, String key) {
        JsonNode value = parsed(file).get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private ObjectNode parsed(Path file) {
        ObjectNode root = parsed.get(file);
        if (root == null) {
            // not computeIfAbsent: the project's part reads the user file, another entry of the map
            root = file.equals(projectFile) ? trustedPart(load(file)) : load(file);
            parsed.put(file, root);
        }
        return root;
    }

    /** The project file as Basalt uses it: without its entries that need trust, unless the user trusts them. */
    private ObjectNode trustedPart(ObjectNode project) {
        ProjectTrust trust = projectTrust(project);
        if (trust.entries().isEmpty() || trusted(trust)) {
            return project;
        }
        ObjectNode kept = project.deepCopy();
        trust.entries().fieldNames().forEachRemaining(kept::remove);
        return kept;
    }

    private ProjectTrust projectTrust(ObjectNode project) {
        ObjectNode entries = NODES.objectNode();
        // run from the directory above BASALT_HOME, the project file is the user's own
        boolean usersOwn = projectFile.toAbsolutePath().normalize().equals(userFile.toAbsolutePath().normalize());
        project.properties().forEach(entry -> {
            if (!usersOwn && ProjectTrust.needsTrust(entry.getKey()) && !entry.getValue().isNull()) {
                entries.set(entry.getKey(), entry.getValue());
            }
        });
        Path dir = projectFile.toAbsolutePath().getParent().getParent();
        try {
            dir = dir.toRealPath();
        } catch (IOException e) {
            dir = dir.normalize();
        }
        return new ProjectTrust(dir, entries);
    }

    /** The user's recorded answer for this project as it now is: true or false, null when never asked. */
    private Boolean answer(ProjectTrust trust) {
        JsonNode recorded = parsed(userFile).path(ProjectTrust.TRUSTED_PROJECTS).path(trust.dir().toString());
        if (!recorded.path("sha256").asText("").equals(trust.hash())) {
            return null;
        }
        return recorded.path("trusted").asBoolean(false);
    }

    private boolean trusted(ProjectTrust trust) {
        return Boolean.TRUE.equals(answer(trust));
    }

    /** The user said no to the project's entries as they now are. */
    boolean refused(ProjectTrust trust) {
        return Boolean.FALSE.equals(answer(trust));
    }

    /** The project file's entries that need trust and lack it, if any. */
    Optional<ProjectTrust> untrustedProject() {
        ProjectTrust trust = projectTrust(load(projectFile));
        return trust.entries().isEmpty() || trusted(trust) ? Optional.empty() : Optional.of(trust);
    }

    /** The project file's entries that need trust, trusted or not (none: an empty object). */
    ProjectTrust project() {
        return projectTrust(load(projectFile));
    }

    /** Keeps the user's answer about the project's entries as they now are, in the user's settings. */
    void recordTrust(ProjectTrust trust, boolean trusted) {
        ObjectNode root = load(userFile);
        JsonNode projects = root.get(ProjectTrust.TRUSTED_PROJECTS);
        ObjectNode all = projects != null && projects.isObject() ? (ObjectNode) projects : root.putObject(ProjectTrust.TRUSTED_PROJECTS);
        ObjectNode answer = all.putObject(trust.dir().toString());
        answer.put("sha256", trust.hash());
        answer.put("trusted", trusted);
        write(userFile, root);
        parsed.clear();
    }

    private static ObjectNode load(Path file) {
        if (!Files.isRegularFile(file)) {
            return NODES.objectNode();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new UserError(ExitCode.USAGE, file + " is not a JSON object", "fix or delete the file");
            }
            return (ObjectNode) root;
        } catch (IOException e) {
            throw new UserError(ExitCode.USAGE, file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), "fix or delete the file");
        }
    }

    /** Whole or not at all, readable by the owner only. */
    private static void write(Path file, ObjectNode root) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".settings", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserError(ExitCode.INTERNAL, "cannot write " + file + ": " + e.getMessage(), "check the directory's permissions");
        }
    }
}
