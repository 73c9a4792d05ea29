package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            FileContent.Text before = ReadFile.readText(path, workspace);
            return diff(workspace.display(path), before.text(), apply(before, input));
        } catch (ToolFailure | RuntimeException e) {
            return null;   // the run reports why the edit cannot be made
        }
    }

    /**
     * The new content, or why the edit cannot be made; shared by the preview and the run. read_file
     * shows lines without their CR, so old_string matches whatever line ending the file has, and the
     * new text takes the file's own.
     */
    static String apply(FileContent.Text file, JsonNode input) throws ToolFailure {
        String old = lf(requiredString(input, "old_string"));
        String replacement = lf(requiredString(input, "new_string")).replace("\n", file.lineEnding());
        boolean all = input.path("replace_all").asBoolean(false);
        StringBuilder regex = new StringBuilder();
        for (String line : old.split("\n", -1)) {
            regex.append(regex.length() == 0 ? "" : "\r?\n").append(Pattern.quote(line));
        }
        Matcher matcher = Pattern.compile(regex.toString()).matcher(file.text());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        if (count == 0) {
            throw new ToolFailure("old_string was not found in the file; read the file and copy the text exactly, whitespace included");
        }
        if (count > 1 && !all) {
            throw new ToolFailure("old_string appears " + count + " times; include more surrounding text to make it unique, or set replace_all");
        }
        String literal = Matcher.quoteReplacement(replacement);
        return all ? matcher.replaceAll(literal) : matcher.replaceFirst(literal);
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        Path path = context.workspace().resolve(requiredString(input, "path"));
        if (!Files.exists(path)) {
            throw new ToolFailure("no such file: " + context.workspace().display(path) + "; to create it use write_file");
        }
        FileContent.Text before = ReadFile.readText(path, context.workspace());
        String after = apply(before, input);
        if (!before.utf8() && !before.charset().newEncoder().canEncode(after)) {
            throw new ToolFailure(context.workspace().display(path) + " is Latin-1 and new_string has characters Latin-1 cannot hold;"
                    + " use only Latin-1 characters, or rewrite the whole file as UTF-8 with write_file");
        }
        try {
            FileWrites.atomically(path, after, before.charset());
        } catch (IOException e) {
            throw new ToolFailure("cannot write " + context.workspace().display(path) + ": " + e.getMessage());
        }
        String diff = diff(context.workspace().display(path), before.text(), after);
        context.display().accept(diff);
        return "edited " + context.workspace().display(path) + "\n" + diff;
    }

    /** The diff the user and the model read: CRs left out, as read_file leaves them out. */
    private static String diff(String name, String before, String after) {
        return UnifiedDiff.of(name, lf(before), lf(after));
    }

    private static String lf(String text) {
        return text.replace("\r\n", "\n");
    }
}
