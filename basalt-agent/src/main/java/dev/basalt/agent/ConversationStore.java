package dev.basalt.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.core.Content;
import dev.basalt.core.DocumentFormat;
import dev.basalt.core.ImageFormat;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Conversations on disk: one append-only JSONL file per conversation, {@code <id>_<timestamp>.jsonl},
 * whose first line is a header. Each finished message is one line written straight to the file (no
 * buffer in this process), so killing the process loses at most the message being streamed; a torn
 * last line is skipped when reading, so the file stays usable. A question the user cancelled before
 * any answer stays in the file, followed by a {@code withdrawn} line that takes it out of the
 * conversation; a tool call the file holds no result for (the process died while it was asked about
 * or ran) is read back with an error result saying so, since Bedrock refuses a call without one.
 */
public final class ConversationStore {

    /** Made on the first read or write, not with the store: an interactive session opens its store before its prompt. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    /** Told of each conversation file that cannot be read (not UTF-8, say), which listings then leave out. */
    private final BiConsumer<Path, IOException> unreadable;

    public ConversationStore(Path dir) {
        this(dir, (file, why) -> { });
    }

    public ConversationStore(Path dir, BiConsumer<Path, IOException> unreadable) {
        this.dir = dir;
        this.unreadable = unreadable;
    }

    public Path dir() {
        return dir;
    }

    /** The header of a conversation, with the title brought up to date by later title lines. */
    /** @param system the system prompt the conversation's turns were last sent with; empty for none */
    public record Summary(String id, String title, String model, String region, Instant created, int messages, Path file,
                          List<String> system) {}

    /** A conversation open for appending. */
    public final class Writer {
        private final String id;
        private final Path file;

        private Writer(String id, Path file) {
            this.id = id;
            this.file = file;
        }

        public String id() {
            return id;
        }

        public Path file() {
            return file;
        }

        public void append(Message message) {
            ObjectNode line = Json.MAPPER.createObjectNode().put("type", "message").put("role", message.role().wireName());
            line.set("content", content(message.content()));
            write(file, line);
        }

        /** The conversation from here on starts with these messages (a compaction's summary). */
        public void compacted(List<Message> messages) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (Message m : messages) {
                ObjectNode message = array.addObject().put("role", m.role().wireName());
                message.set("content", content(m.content()));
            }
            ObjectNode line = Json.MAPPER.createObjectNode().put("type", "compacted");
            line.set("messages", array);
            write(file, line);
        }

        public void title(String title) {
            write(file, Json.MAPPER.createObjectNode().put("type", "title").put("title", title));
        }

        public void model(String model) {
            write(file, Json.MAPPER.createObjectNode().put("type", "model").put("model", model));
        }

        /** The last message, a question the user cancelled before any answer, is not part of the conversation. */
        public void withdrawn() {
            write(file, Json.MAPPER.createObjectNode().put("type", "withdrawn"));
        }

        /** The system prompt of the turns from here on (empty: none), so a resumed conversation keeps it. */
        public void system(List<String> system) {
            ObjectNode line = Json.MAPPER.createObjectNode().put("type", "system");
            system.forEach(line.putArray("system")::add);
            write(file, line);
        }
    }

    public Writer create(String title, String model, String region) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        Path file = dir.resolve(id + "_" + STAMP.format(now) + ".jsonl");
        try {
            Files.createDirectories(dir);
            restrict(dir);
            Files.createFile(file);
            restrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a conversation file in " + dir, e);
        }
        ObjectNode header = Json.MAPPER.createObjectNode().put("type", "header").put("id", id).put("title", title)
                .put("model", model).put("region", region).put("created", now.toString());
        write(file, header);
        return new Writer(id, file);
    }

    /** Reopens an existing conversation to append to it. */
    public Writer reopen(String id) {
        Summary summary = find(id).orElseThrow(() -> new IllegalArgumentException("no conversation " + id));
        return new Writer(summary.id(), summary.file());
    }

    public List<Summary> list() {
        List<Summary> all = new ArrayList<>();
        for (Path file : files()) {
            summary(file).ifPresent(all::add);
        }
        all.sort(Comparator.comparing(Summary::created).reversed());
        return all;
    }

    private List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * By id or a unique prefix of one. Files are named {@code <id>_<timestamp>.jsonl}: only those whose
     * name matches are read; every file only when none does (a file renamed by hand).
     */
    public Optional<Summary> find(String idOrPrefix) {
        List<Path> named = files().stream().filter(f -> f.getFileName().toString().startsWith(idOrPrefix)
                && f.getFileName().toString().indexOf('_') >= idOrPrefix.length()).toList();
        List<Summary> candidates = new ArrayList<>();
        if (named.isEmpty()) {
            candidates.addAll(list());
        } else {
            named.forEach(file -> summary(file).ifPresent(candidates::add));
        }
        List<Summary> matches = candidates.stream().filter(s -> s.id().startsWith(idOrPrefix)).toList();
        if (matches.size() > 1) {
            throw new IllegalArgumentException("'" + idOrPrefix + "' matches " + matches.size() + " conversations; give more of the id");
        }
        return matches.stream().findFirst();
    }

    /** The conversation as one JSON document: its header's fields, its system prompt and its messages. */
    public String json(String id) {
        Summary summary = find(id).orElseThrow(() -> new IllegalArgumentException("no conversation " + id));
        ObjectNode document = Json.MAPPER.createObjectNode().put("id", summary.id()).put("title", summary.title())
                .put("model", summary.model()).put("region", summary.region()).put("created", summary.created().toString());
        summary.system().forEach(document.putArray("system")::add);
        ArrayNode messages = document.putArray("messages");
        for (Message m : messages(summary.id())) {
            messages.addObject().put("role", m.role().wireName()).set("content", content(m.content()));
        }
        return document.toPrettyString();
    }

    /**
     * Makes a conversation of this store from a file written elsewhere (another machine's data
     * directory, say): a transcript this class wrote, or the document {@link #json} gives. It is copied
     * under a new id, created now, so the given file is only read; a file already in this store is
     * that conversation, not a copy of it.
     *
     * @throws IllegalArgumentException saying what the file is not, when it is neither
     */
    public Summary importFrom(Path file) {
        try {
            if (Files.isDirectory(dir) && file.toRealPath().getParent().equals(dir.toRealPath())) {
                Optional<Summary> own = summary(file);
                if (own.isPresent()) {
                    return own.get();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String neither = file + " is neither a basalt conversation file (<id>_<timestamp>.jsonl) nor a conversation exported as JSON";
        JsonNode document = document(file);
        JsonNode header;
        List<JsonNode> after;
        if (document != null && document.path("messages").isArray()) {
            header = document;
            after = new ArrayList<>();
            if (!document.path("system").isEmpty()) {
                after.add(Json.MAPPER.createObjectNode().put("type", "system").set("system", document.path("system")));
            }
            for (JsonNode m : document.path("messages")) {
                if (!m.isObject()) {
                    throw new IllegalArgumentException(neither);
                }
                after.add(((ObjectNode) m.deepCopy()).put("type", "message"));
            }
        } else {
            List<JsonNode> lines;
            try {
                lines = lines(file);
            } catch (UncheckedIOException notText) {
                throw new IllegalArgumentException(neither);
            }
            if (lines.isEmpty() || !"header".equals(lines.get(0).path("type").asText())) {
                throw new IllegalArgumentException(neither);
            }
            header = lines.get(0);
            // the lines after the header as they are: withdrawn questions and compactions keep their meaning
            after = lines.subList(1, lines.size()).stream().filter(line -> !"header".equals(line.path("type").asText())).toList();
        }
        for (JsonNode line : after) {
            try {
                if ("message".equals(line.path("type").asText())) {
                    message(line);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(neither + " (a message in it cannot be read: " + e.getMessage() + ")");
            }
        }
        Writer writer = create(header.path("title").asText(""), header.path("model").asText(""), header.path("region").asText(""));
        after.forEach(line -> write(writer.file(), line));
        return summary(writer.file()).orElseThrow();
    }

    /** The file as one JSON object, or null when it is not one (a transcript has an object a line). */
    private static JsonNode document(Path file) {
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    public Optional<Summary> latest() {
        return list().stream().findFirst();
    }

    public List<Message> messages(String id) {
        Summary summary = find(id).orElseThrow(() -> new IllegalArgumentException("no conversation " + id));
        List<Message> messages = new ArrayList<>();
        for (JsonNode line : lines(summary.file())) {
            switch (line.path("type").asText()) {
                case "message" -> messages.add(message(line));
                case "withdrawn" -> withdraw(messages);
                case "compacted" -> {
                    messages.clear();
                    line.path("messages").forEach(m -> messages.add(message(m)));
                }
                default -> { }
            }
        }
        return answeringEveryToolCall(messages);
    }

    static final String INTERRUPTED_CALL = "interrupted: the session ended before this call finished";

    private static void withdraw(List<Message> messages) {
        if (!messages.isEmpty() && messages.get(messages.size() - 1).role() == Role.USER) {
            messages.remove(messages.size() - 1);
        }
    }

    /**
     * The messages with an error result for each tool call that has none in the user messages after
     * it, put first in the next one (or in a new one at the end).
     */
    private static List<Message> answeringEveryToolCall(List<Message> messages) {
        List<Message> answered = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            answered.add(message);
            List<Content.ToolUse> uses = message.role() == Role.ASSISTANT ? message.toolUses() : List.of();
            if (uses.isEmpty()) {
                continue;
            }
            java.util.Set<String> results = new java.util.HashSet<>();
            for (int j = i + 1; j < messages.size() && messages.get(j).role() == Role.USER; j++) {
                messages.get(j).content().stream().filter(c -> c instanceof Content.ToolResult)
                        .forEach(c -> results.add(((Content.ToolResult) c).toolUseId()));
            }
            List<Content> missing = uses.stream().filter(u -> !results.contains(u.id()))
                    .map(u -> (Content) Content.ToolResult.text(u.id(), INTERRUPTED_CALL, true)).toList();
            if (missing.isEmpty()) {
                continue;
            }
            if (i + 1 < messages.size() && messages.get(i + 1).role() == Role.USER) {
                List<Content> joined = new ArrayList<>(missing);
                joined.addAll(messages.get(++i).content());
                answered.add(new Message(Role.USER, joined));
            } else {
                answered.add(new Message(Role.USER, missing));
            }
        }
        return answered;
    }

    public void delete(String id) {
        Summary summary = find(id).orElseThrow(() -> new IllegalArgumentException("no conversation " + id));
        try {
            Files.delete(summary.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void rename(String id, String title) {
        reopen(id).title(title);
    }

    private Optional<Summary> summary(Path file) {
        List<JsonNode> lines;
        try {
            lines = lines(file);
        } catch (UncheckedIOException e) {
            unreadable.accept(file, e.getCause());
            return Optional.empty();
        }
        if (lines.isEmpty() || !"header".equals(lines.get(0).path("type").asText())) {
            return Optional.empty();
        }
        JsonNode header = lines.get(0);
        String title = header.path("title").asText();
        String model = header.path("model").asText();
        List<String> system = List.of();
        int messages = 0;
        for (JsonNode line : lines) {
            switch (line.path("type").asText()) {
                case "title" -> title = line.path("title").asText();
                case "model" -> model = line.path("model").asText();
                case "system" -> {
                    List<String> parts = new ArrayList<>();
                    line.path("system").forEach(part -> parts.add(part.asText()));
                    system = List.copyOf(parts);
                }
                case "message" -> messages++;
                case "withdrawn" -> messages--;
                default -> { }
            }
        }
        Instant created;
        try {
            created = Instant.parse(header.path("created").asText());
        } catch (RuntimeException e) {
            created = Instant.EPOCH;
        }
        return Optional.of(new Summary(header.path("id").asText(), title, model, header.path("region").asText(), created, messages,
                file, system));
    }

    private static List<JsonNode> lines(Path file) {
        List<JsonNode> lines = new ArrayList<>();
        try {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                try {
                    lines.add(Json.MAPPER.readTree(text));
                } catch (JsonProcessingException torn) {
                    // the line being written when the process died; everything before it is whole
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static void write(Path file, JsonNode line) {
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        // One write() per line, straight to the kernel: nothing waits in a user-space buffer. A stream,
        // not a FileChannel: a channel closes when its thread is interrupted, and the line would be lost.
        try (OutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file, e);
        }
    }

    private static void restrict(Path path) {
        try {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort on file systems without POSIX permissions
        }
    }

    static ArrayNode content(List<Content> content) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Content c : content) {
            ObjectNode block = array.addObject();
            if (c instanceof Content.Text text) {
                block.put("type", "text").put("text", text.text());
            } else if (c instanceof Content.ToolUse use) {
                block.put("type", "tool_use").put("id", use.id()).put("name", use.name());
                try {
                    block.set("input", Json.MAPPER.readTree(use.inputJson()));
                } catch (JsonProcessingException e) {
                    block.put("input_text", use.inputJson());
                }
            } else if (c instanceof Content.ToolResult result) {
                block.put("type", "tool_result").put("tool_use_id", result.toolUseId()).put("is_error", result.isError());
                block.set("content", content(result.content()));
            } else if (c instanceof Content.Reasoning reasoning) {
                block.put("type", "reasoning").put("text", reasoning.text()).put("signature", reasoning.signature());
            } else if (c instanceof Content.RedactedReasoning redacted) {
                block.put("type", "redacted_reasoning").put("data", Base64.getEncoder().encodeToString(redacted.data()));
            } else if (c instanceof Content.Image image) {
                block.put("type", "image").put("name", image.name()).put("format", image.format().wireName())
                        .put("data", Base64.getEncoder().encodeToString(image.data()));
            } else if (c instanceof Content.Document document) {
                block.put("type", "document").put("name", document.name()).put("format", document.format().wireName())
                        .put("data", Base64.getEncoder().encodeToString(document.data()));
            }
        }
        return array;
    }

    static Message message(JsonNode line) {
        Role role = Role.valueOf(line.path("role").asText("user").toUpperCase(Locale.ROOT));
        return new Message(role, blocks(line.path("content")));
    }

    private static List<Content> blocks(JsonNode array) {
        List<Content> content = new ArrayList<>();
        for (JsonNode block : array) {
            switch (block.path("type").asText()) {
                case "text" -> content.add(new Content.Text(block.path("text").asText()));
                case "tool_use" -> content.add(new Content.ToolUse(block.path("id").asText(), block.path("name").asText(),
                        block.has("input") ? block.get("input").toString() : block.path("input_text").asText("{}")));
                case "tool_result" -> content.add(new Content.ToolResult(block.path("tool_use_id").asText(),
                        blocks(block.path("content")), block.path("is_error").asBoolean()));
                case "reasoning" -> content.add(new Content.Reasoning(block.path("text").asText(),
                        block.path("signature").isNull() ? null : block.path("signature").asText(null)));
                case "redacted_reasoning" -> content.add(new Content.RedactedReasoning(
                        Base64.getDecoder().decode(block.path("data").asText())));
                case "image" -> content.add(new Content.Image(block.path("name").asText(),
                        ImageFormat.valueOf(block.path("format").asText().toUpperCase(Locale.ROOT)),
                        Base64.getDecoder().decode(block.path("data").asText())));
                case "document" -> content.add(new Content.Document(block.path("name").asText(),
                        DocumentFormat.valueOf(block.path("format").asText().toUpperCase(Locale.ROOT)),
                        Base64.getDecoder().decode(block.path("data").asText())));
                default -> { }
            }
        }
        return content;
    }
}
