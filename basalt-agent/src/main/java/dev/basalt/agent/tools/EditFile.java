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

/** edit_file {path, old_string, new_string, replace_all?}: an exact, unique replacement, shown as a diff. */
public final class EditFile extends BuiltinTool {

    public EditFile() {
        super("edit_file");
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void validate(JsonNode input) throws ToolFailure {
        requiredString(input, "path");
        String old = requiredString(input, "old_string");
        String replacement = requiredString(input, "new_string");
        if (old.isEmpty()) {
            throw new ToolFailure("old_string is empty; to create a file use write_file");
        }
        if (old.equals(replacement)) {
            throw new ToolFailure("old_string and new_string are the same: nothing would change");
        }
        JsonNode all = input.get("replace_all");
        if (all != null && !all.isNull() && !all.isBoolean()) {
            throw new ToolFailure("'replace_all' must be true or false");
        }
    }

    @Override
    public List<Path> paths(JsonNode input, Workspace workspace) {
        return pathOf(input, "path", workspace);
    }

    @Override
    public String describe(JsonNode input, Workspace workspace) {
        return "edit " + workspace.display(paths(input, workspace).get(0));
    }

    @Override
    public String preview(JsonNode input, Workspace workspace) {
        Path path = paths(input, workspace).get(0);
        try {
            String before = Files.readString(path, StandardCharsets.UTF_8);
            return UnifiedDiff.of(workspace.display(path), before, apply(before, input));
        } catch (IOException | ToolFailure | RuntimeException e) {
            return null;   // the run reports why the edit cannot be made
        }
    }

    /** The new content, or why the edit cannot be made; shared by the preview and the run. */
    static String apply(String content, JsonNode input) throws ToolFailure {
        String old = requiredString(input, "old_string");
        String replacement = requiredString(input, "new_string");
        boolean all = input.path("replace_all").asBoolean(false);
        int count = 0;
        for (int at = content.indexOf(old); at >= 0; at = content.indexOf(old, at + old.length())) {
            count++;
        }
        if (count == 0) {
            throw new ToolFailure("old_string was not found in the file; read the file and copy the text exactly, whitespace included");
        }
        if (count > 1 && !all) {
            throw new ToolFailure("old_string appears " + count + " times; include more surrounding text to make it unique, or set replace_all");
        }
        return all ? content.replace(old, replacement) : content.replaceFirst(java.util.regex.Pattern.quote(old),
                java.util.regex.Matcher.quoteReplacement(replacement));
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        Path path = context.workspace().resolve(requiredString(input, "path"));
        String before;
        try {
            before = Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ToolFailure("no such file: " + context.workspace().display(path) + "; to create it use write_file");
        } catch (IOException e) {
            throw new ToolFailure("cannot read " + context.workspace().display(path) + ": " + e.getMessage());
        }
        String after = apply(before, input);
        try {
            FileWrites.atomically(path, after);
        } catch (IOException e) {
            throw new ToolFailure("cannot write " + context.workspace().display(path) + ": " + e.getMessage());
        }
        String diff = UnifiedDiff.of(context.workspace().display(path), before, after);
        context.display().accept(diff);
        return "edited " + context.workspace().display(path) + "\n" + diff;
    }
}
