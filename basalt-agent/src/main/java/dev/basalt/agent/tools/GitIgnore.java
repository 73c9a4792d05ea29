package dev.basalt.agent.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The .gitignore rules that matter for searching: patterns with *, **, ?, a leading / (anchored),
 * a trailing / (directories only) and ! (re-include), read from the search root's .gitignore files
 * as the walk descends. .git itself is always skipped.
 */
final class GitIgnore {

    private record Rule(Path base, Pattern pattern, boolean negate, boolean dirOnly) {}

    private final List<Rule> rules = new ArrayList<>();

    /** Reads {@code dir/.gitignore}, if any; call for each directory as the walk enters it. */
    void load(Path dir) {
        Path file = dir.resolve(".gitignore");
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                boolean negate = line.startsWith("!");
                if (negate) {
                    line = line.substring(1);
                }
                boolean dirOnly = line.endsWith("/");
                if (dirOnly) {
                    line = line.substring(0, line.length() - 1);
                }
                boolean anchored = line.startsWith("/") || line.contains("/");
                if (line.startsWith("/")) {
                    line = line.substring(1);
                }
                String regex = (anchored ? "" : "(.*/)?") + globToRegex(line) + "(/.*)?";
                rules.add(new Rule(dir, Pattern.compile(regex), negate, dirOnly));
            }
        } catch (IOException ignored) {
            // an unreadable .gitignore hides nothing
        }
    }

    boolean ignored(Path path, boolean directory) {
        if (path.getFileName() != null && ".git".equals(path.getFileName().toString())) {
            return true;
        }
        boolean ignored = false;
        for (Rule rule : rules) {
            if (!path.startsWith(rule.base) || (rule.dirOnly && !directory)) {
                continue;
            }
            String relative = rule.base.relativize(path).toString().replace('\\', '/');
            if (rule.pattern.matcher(relative).matches()) {
                ignored = !rule.negate;
            }
        }
        return ignored;
    }

    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        i++;
                        regex.append("/?");
                    }
                } else {
                    regex.append("[^/]*");
                }
            } else if (c == '?') {
                regex.append("[^/]");
            } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return regex.toString();
    }
}
