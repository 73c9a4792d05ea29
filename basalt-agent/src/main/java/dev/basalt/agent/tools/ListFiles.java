package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** list_files {path?, pattern?}: files under a directory, filtered by a glob. */
public final class ListFiles extends BuiltinTool {

    static final int MAX = 1000;

    public ListFiles() {
        super("list_files");
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public void validate(JsonNode input) throws ToolFailure {
        optionalString(input, "path");
        optionalString(input, "pattern");
    }

    @Override
    public List<Path> paths(JsonNode input, Workspace workspace) {
        return pathOf(input, "path", workspace);
    }

    @Override
    public String describe(JsonNode input, Workspace workspace) {
        String pattern = input.path("pattern").asText("");
        return "list " + workspace.display(paths(input, workspace).get(0)) + (pattern.isEmpty() ? "" : " matching " + pattern);
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        Path dir = context.workspace().resolve(optionalString(input, "path"));
        if (!Files.isDirectory(dir)) {
            throw new ToolFailure("not a directory: " + context.workspace().display(dir));
        }
        List<Path> files;
        try {
            files = FileWalk.files(dir, optionalString(input, "pattern"), MAX + 1);
        } catch (IOException e) {
            throw new ToolFailure("cannot list " + context.workspace().display(dir) + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            return "(no files)";
        }
        StringBuilder out = new StringBuilder();
        files.stream().limit(MAX).forEach(f -> out.append(dir.relativize(f)).append('\n'));
        if (files.size() > MAX) {
            out.append("... more than ").append(MAX).append(" files; narrow the pattern\n");
        }
        return out.toString();
    }
}
