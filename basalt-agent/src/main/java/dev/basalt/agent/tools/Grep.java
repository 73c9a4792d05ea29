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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** grep {pattern, path?, glob?}: regex search over files, .gitignore respected. */
public final class Grep extends BuiltinTool {

    static final int MAX_MATCHES = 500;
    static final int MAX_FILES = 20_000;
    static final long MAX_FILE_BYTES = 5 * 1024 * 1024;

    public Grep() {
        super("grep");
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public void validate(JsonNode input) throws ToolFailure {
        String pattern = requiredString(input, "pattern");
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ToolFailure("not a valid regular expression: " + e.getDescription());
        }
        optionalString(input, "path");
        optionalString(input, "glob");
    }

    @Override
    public List<Path> paths(JsonNode input, Workspace workspace) {
        return pathOf(input, "path", workspace);
    }

    @Override
    public String describe(JsonNode input, Workspace workspace) {
        return "search " + workspace.display(paths(input, workspace).get(0)) + " for /" + input.path("pattern").asText() + "/";
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        Pattern pattern = Pattern.compile(requiredString(input, "pattern"));
        Path start = context.workspace().resolve(optionalString(input, "path"));
        List<Path> files;
        try {
            files = Files.isRegularFile(start) ? List.of(start) : FileWalk.files(start, optionalString(input, "glob"), MAX_FILES);
        } catch (IOException e) {
            throw new ToolFailure("cannot search " + context.workspace().display(start) + ": " + e.getMessage());
        }
        StringBuilder out = new StringBuilder();
        int matches = 0;
        for (Path file : files) {
            if (context.cancelled().getAsBoolean()) {
                throw new ToolFailure("cancelled");
            }
            byte[] bytes = bytes(file);
            if (bytes == null) {
                continue;
            }
            FileContent content = FileContent.of(bytes);
            boolean binary = content instanceof FileContent.Binary;
            // a binary file is searched byte for byte, and like ripgrep only said to match: its bytes are not printed
            String text = binary ? new String(bytes, StandardCharsets.ISO_8859_1) : ((FileContent.Text) content).text();
            String[] lines = text.split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                Matcher m = pattern.matcher(lines[n]);
                if (m.find()) {
                    if (++matches > MAX_MATCHES) {
                        out.append("... more than ").append(MAX_MATCHES).append(" matches; narrow the pattern or the path\n");
                        return out.toString();
                    }
                    if (binary) {
                        out.append("binary file matches: ").append(context.workspace().display(file)).append('\n');
                        break;
                    }
                    String line = lines[n].length() > 300 ? lines[n].substring(0, 300) + "..." : lines[n];
                    out.append(context.workspace().display(file)).append(':').append(n + 1).append(": ").append(line.strip()).append('\n');
                }
            }
        }
        return matches == 0 ? "(no matches)" : out.toString();
    }

    /** The file's bytes, or null for huge or unreadable files, which are skipped. */
    private static byte[] bytes(Path file) {
        try {
            return Files.size(file) > MAX_FILE_BYTES ? null : Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }
}
