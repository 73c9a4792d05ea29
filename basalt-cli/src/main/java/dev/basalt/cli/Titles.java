package dev.basalt.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conversation's title. Until the first answer it is the first prompt's first line; once the answer
 * is in, a prompt too short to tell conversations apart ("review this", "fix it") is followed by the
 * answer's first heading or sentence, so `conversations list` tells ten reviews of ten diffs apart.
 * No model call: a title is not worth a paid request per conversation.
 */
final class Titles {

    static final int MAX = 60;
    /** A first line of this many words or more says on its own what the conversation is about. */
    private static final int TELLING_WORDS = 4;
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+)$", Pattern.MULTILINE);
    private static final Pattern SENTENCE = Pattern.compile("[^.!?\\n]+[.!?]?");

    private Titles() {
    }

    /** The title before any answer: the prompt's first line. */
    static String of(String prompt) {
        String line = firstLine(prompt);
        return line.isEmpty() ? "(untitled)" : cut(line);
    }

    /** The title once the first answer is in; {@link #of(String)} when the prompt says enough or the answer adds nothing. */
    static String of(String prompt, String answer) {
        String line = firstLine(prompt);
        if (line.split(" ").length >= TELLING_WORDS) {
            return cut(line);
        }
        String gist = gist(answer == null ? "" : answer);
        if (gist.isEmpty() || gist.equalsIgnoreCase(line)) {
            return of(prompt);
        }
        return cut(line.isEmpty() ? gist : line + ": " + gist);
    }

    /** The answer's first heading of two words or more, else its first sentence of three words or more. */
    private static String gist(String answer) {
        Matcher heading = HEADING.matcher(answer);
        while (heading.find()) {
            String text = plain(heading.group(1));
            if (text.split(" ").length >= 2) {
                return text;
            }
        }
        Matcher sentence = SENTENCE.matcher(HEADING.matcher(answer).replaceAll(""));
        while (sentence.find()) {
            String text = plain(sentence.group()).replaceAll("[.:]$", "");
            if (text.split(" ").length >= 3) {
                return text;
            }
        }
        return "";
    }

    /** Markdown's emphasis, code and link marks dropped, runs of white space made one space. */
    private static String plain(String text) {
        return text.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").replaceAll("[*_`#>]", "").replaceAll("\\s+", " ").strip();
    }

    private static String firstLine(String prompt) {
        for (String line : prompt.strip().split("\n")) {
            if (!line.isBlank()) {
                return line.replaceAll("\\s+", " ").strip();
            }
        }
        return "";
    }

    /** At most {@link #MAX} characters, cut at a word where there is one. */
    private static String cut(String text) {
        if (text.length() <= MAX) {
            return text;
        }
        int space = text.lastIndexOf(' ', MAX - 3);
        return (space > MAX / 2 ? text.substring(0, space) : text.substring(0, MAX - 3)).stripTrailing() + "...";
    }
}
