package dev.basalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Basalt's settings: {@code settings.json} in BASALT_HOME (user) and {@code .basalt/settings.json}
 * in the working directory (project). The project file wins over the user file; flags and
 * environment variables win over both (that part is applied where each value is used).
 */
final class Settings {

    /** The keys Basalt reads, with what each means. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("chat.defaultModel", "model used when --model, BASALT_MODEL and AMAZON_Q_MODEL are absent");
        KEYS.put("region", "AWS region when --region, AWS_REGION and AWS_DEFAULT_REGION are absent");
        KEYS.put("profile", "AWS profile when --profile and AWS_PROFILE are absent");
        KEYS.put("endpoint", "Bedrock runtime endpoint (e.g. a VPC endpoint) when --endpoint-url and AWS_ENDPOINT_URL_BEDROCK_RUNTIME are absent");
        KEYS.put("tools.trusted", "comma-separated tools that run without asking inside the working directory");
        KEYS.put("tools.addDirs", "comma-separated directories treated like the working directory");
    }

    /** Where a value came from. */
    enum Source { PROJECT, USER }

    record Value(String value, Source source) {}

    private static final ObjectMapper JSON = new ObjectMapper();

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

    Optional<Value> get(String key) {
        Optional<String> project = read(projectFile, key);
        if (project.isPresent()) {
            return Optional.of(new Value(project.get(), Source.PROJECT));
        }
        return read(userFile, key).map(v -> new Value(v, Source.USER));
    }

    Optional<String> value(String key) {
        return get(key).map(Value::value);
    }

    List<String> list(String key) {
        return value(key).map(v -> List.of(v.split("\\s*,\\s*"))).orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
    }

    void set(Source source, String key, String value) {
        requireKnown(key);
        ObjectNode root = load(file(source));
        root.put(key, value);
        write(file(source), root);
        parsed.remove(file(source));
    }

    boolean unset(Source source, String key) {
        requireKnown(key);
        ObjectNode root = load(file(source));
        boolean had = root.remove(key) != null;
        if (had) {
            write(file(source), root);
            parsed.remove(file(source));
        }
        return had;
    }

    static void requireKnown(String key) {
        if (!KEYS.containsKey(key)) {
            throw new UserError(ExitCode.USAGE, "unknown setting " + key, "settings are " + String.join(", ", KEYS.keySet()));
        }
    }

    private Optional<String> read(Path file, String key) {
        JsonNode value = parsed.computeIfAbsent(file, Settings::load).get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static ObjectNode load(Path file) {
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
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
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
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
