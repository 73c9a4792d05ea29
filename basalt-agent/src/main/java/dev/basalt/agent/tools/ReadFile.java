package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** read_file {path, offset?, limit?}: numbered lines of a text file. */
public final class ReadFile extends BuiltinTool {

    static final int DEFAULT_LIMIT = 2000;
    static final int MAX_LINE = 2000;
    static final long MAX_BYTES = 10 * 1024 * 1024;

    public ReadFile() {
        super("read_file");
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public void validate(JsonNode input) throws ToolFailure {
        requiredString(input, "path");
        optionalInt(input, "offset", 1, Integer.MAX_VALUE);
        optionalInt(input, "limit", 1, 100_000);
    }

    @Override
    public List<Path> paths(JsonNode input, Workspace workspace) {
        return pathOf(input, "path", workspace);
    }

    @Override
    public String describe(JsonNode input, Workspace workspace) {
        return "read " + workspace.display(paths(input, workspace).get(0));
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        Path path = context.workspace().resolve(requiredString(input, "path"));
        int offset = orDefault(optionalInt(input, "offset", 1, Integer.MAX_VALUE), 1);
        int limit = orDefault(optionalInt(input, "limit", 1, 100_000), DEFAULT_LIMIT);
        if (Files.isDirectory(path)) {
            throw new ToolFailure(context.workspace().display(path) + " is a directory; use list_files");
        }
        FileContent.Text content = readText(path, context.workspace());
        String[] lines = content.text().split("\n", -1);
        int total = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        if (total == 0) {
            return "(empty file)";
        }
        if (offset > total) {
            throw new ToolFailure("offset " + offset + " is past the end: the file has " + total + " lines");
        }
        StringBuilder out = new StringBuilder();
        if (content.encodingNote() != null) {
            out.append(content.encodingNote()).append('\n');
        }
        int last = (int) Math.min((long) offset + limit - 1, total);
        for (int n = offset; n <= last; n++) {
            String line = lines[n - 1];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.length() > MAX_LINE) {
                line = line.substring(0, MAX_LINE) + "... (line cut)";
            }
            out.append(String.format("%6d\t", n)).append(line).append('\n');
        }
        if (last < total) {
            out.append("... ").append(total - last).append(" more lines; read on with offset ").append(last + 1).append('\n');
        }
        return out.toString();
    }

    /** The file as text, or why it cannot be read as text (missing, too large, binary); edit_file reads the same way. */
    static FileContent.Text readText(Path path, Workspace workspace) throws ToolFailure {
        FileContent content;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new ToolFailure("the file is larger than 10 MB; use bash (head, sed -n, sed -i) on it instead");
            }
            content = FileContent.read(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ToolFailure("no such file: " + workspace.display(path));
        } catch (IOException e) {
            throw new ToolFailure("cannot read " + workspace.display(path) + ": " + e.getMessage());
        }
        if (content instanceof FileContent.Binary binary) {
            throw new ToolFailure(binary.refusal(workspace.display(path)));
        }
        return (FileContent.Text) content;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
