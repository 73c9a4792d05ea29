package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** write_file {path, content}: creates or replaces a file. */
public final class WriteFile extends BuiltinTool {

    public WriteFile() {
        super("write_file");
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void validate(JsonNode input) throws ToolFailure {
        requiredString(input, "path");
        requiredString(input, "content");
    }

    @Override
    public List<Path> paths(JsonNode input, Workspace workspace) {
        return pathOf(input, "path", workspace);
    }

    @Override
    public String describe(JsonNode input, Workspace workspace) {
        Path path = paths(input, workspace).get(0);
        String content = input.path("content").asText();
        long lines = content.isEmpty() ? 0 : content.split("\n", -1).length - (content.endsWith("\n") ? 1 : 0);
        return (Files.exists(path) ? "overwrite " : "create ") + workspace.display(path) + " (" + lines + " lines)";
    }

    /** The change as a diff against what is there now (nothing, for a new file), at most 40 lines. */
    @Override
    public String preview(JsonNode input, Workspace workspace) {
        Path path = paths(input, workspace).get(0);
        try {
            String before = Files.isRegularFile(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
            String diff = UnifiedDiff.of(workspace.display(path), before, input.path("content").asText());
            List<String> lines = diff.lines().toList();
            return lines.size() <= 40 ? diff
                    : String.join("\n", lines.subList(0, 40)) + "\n... (" + (lines.size() - 40) + " more lines)";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        Path path = context.workspace().resolve(requiredString(input, "path"));
        if (Files.isDirectory(path)) {
            throw new ToolFailure(context.workspace().display(path) + " is a directory");
        }
        boolean existed = Files.exists(path);
        try {
            FileWrites.atomically(path, requiredString(input, "content"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolFailure("cannot write " + context.workspace().display(path) + ": " + e.getMessage());
        }
        return (existed ? "overwrote " : "created ") + context.workspace().display(path);
    }
}
