package dev.basalt.cli;

/** A conversation's title, from its first prompt: the first line, cut to a readable length. */
final class Titles {

    private Titles() {
    }

    static String of(String prompt) {
        String line = prompt.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl).strip();
        }
        return line.length() > 60 ? line.substring(0, 57) + "..." : line.isEmpty() ? "(untitled)" : line;
    }
}
