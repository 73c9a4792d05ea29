package dev.basalt.agent.tools;

import java.util.List;

/**
 * A unified diff of one replaced region, enough to show the user what an edit changes. Lines
 * before and after the region are shared context.
 */
final class UnifiedDiff {

    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    static String of(String name, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        int start = Math.max(0, prefix - CONTEXT);
        int aEnd = Math.min(a.size(), a.size() - suffix + CONTEXT);
        int bEnd = Math.min(b.size(), b.size() - suffix + CONTEXT);
        StringBuilder out = new StringBuilder();
        out.append("--- a/").append(name).append('\n').append("+++ b/").append(name).append('\n');
        out.append("@@ -").append(start + 1).append(',').append(aEnd - start)
                .append(" +").append(start + 1).append(',').append(bEnd - start).append(" @@\n");
        for (int i = start; i < prefix; i++) {
            out.append(' ').append(a.get(i)).append('\n');
        }
        for (int i = prefix; i < a.size() - suffix; i++) {
            out.append('-').append(a.get(i)).append('\n');
        }
        for (int i = prefix; i < b.size() - suffix; i++) {
            out.append('+').append(b.get(i)).append('\n');
        }
        for (int i = a.size() - suffix; i < aEnd; i++) {
            out.append(' ').append(a.get(i)).append('\n');
        }
        return out.toString();
    }

    /** The text's lines; a final newline ends the last line rather than starting an empty one. */
    private static List<String> lines(String text) {
        List<String> lines = List.of(text.split("\n", -1));
        return text.endsWith("\n") ? lines.subList(0, lines.size() - 1) : lines;
    }
}
