package dev.basalt.cli;

/**
 * Renders Markdown for a terminal as it streams, character by character, so nothing waits for a
 * whole line: headings bold, **strong** bold, *emphasis* italic, `inline code` cyan, fenced code
 * blocks set apart (fences hidden, the code dimmed and indented), list bullets as •. Only the few
 * characters that could open a marker are held back until the next delta decides them.
 */
final class MarkdownRenderer {

    static final String RESET = "\u001b[0m";
    static final String BOLD = "\u001b[1m";
    static final String ITALIC = "\u001b[3m";
    static final String DIM = "\u001b[2m";
    static final String CYAN = "\u001b[36m";

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder pending = new StringBuilder();
    private boolean lineStart = true;
    private boolean heading;
    private boolean codeBlock;
    private boolean skipFenceLine;
    private boolean inlineCode;
    private boolean strong;
    private boolean emphasis;

    /** Feeds a delta; returns what can be printed now. */
    String feed(String text) {
        pending.append(text);
        drain(false);
        return take();
    }

    /** The end of the answer: whatever was held back, and styles closed. */
    String finish() {
        drain(true);
        if (strong || emphasis || inlineCode || heading || codeBlock) {
            out.append(RESET);
        }
        strong = emphasis = inlineCode = heading = codeBlock = false;
        return take();
    }

    private String take() {
        String s = out.toString();
        out.setLength(0);
        return s;
    }

    private void drain(boolean end) {
        while (pending.length() > 0) {
            if (skipFenceLine) {
                int nl = pending.indexOf("\n");
                if (nl < 0) {
                    pending.setLength(0); // the fence's language tag is not shown
                    return;
                }
                pending.delete(0, nl + 1);
                skipFenceLine = false;
                lineStart = true;
                continue;
            }
            if (lineStart) {
                if (!end && pending.length() < 4 && "```\n".startsWith(pending.toString().replace('\r', '\n'))) {
                    return; // could be a fence: wait
                }
                if (pending.toString().startsWith("```")) {
                    pending.delete(0, 3);
                    codeBlock = !codeBlock;
                    out.append(codeBlock ? DIM : RESET);
                    skipFenceLine = true;
                    continue;
                }
                if (codeBlock) {
                    out.append("    ");
                } else {
                    if (!end && pending.length() < 2 && (pending.charAt(0) == '#' || pending.charAt(0) == '-' || pending.charAt(0) == '*')) {
                        return; // a heading or bullet marker needs its second character
                    }
                    if (pending.charAt(0) == '#') {
                        int level = 0;
                        while (level < pending.length() && pending.charAt(level) == '#') {
                            level++;
                        }
                        if (level < pending.length() && pending.charAt(level) == ' ') {
                            pending.delete(0, level + 1);
                            heading = true;
                            out.append(BOLD);
                        } else if (level == pending.length() && !end) {
                            return;
                        }
                    } else if (pending.length() >= 2 && (pending.charAt(0) == '-' || pending.charAt(0) == '*') && pending.charAt(1) == ' ') {
                        pending.delete(0, 2);
                        out.append("• ");
                    }
                }
                lineStart = false;
                continue;
            }
            char c = pending.charAt(0);
            if (c == '\n') {
                pending.deleteCharAt(0);
                if (heading) {
                    out.append(RESET);
                    heading = false;
                }
                out.append('\n');
                lineStart = true;
                continue;
            }
            if (codeBlock) {
                out.append(c);
                pending.deleteCharAt(0);
                continue;
            }
            if (c == '`') {
                pending.deleteCharAt(0);
                inlineCode = !inlineCode;
                out.append(inlineCode ? CYAN : RESET + restore());
                continue;
            }
            if (c == '*' && !inlineCode) {
                if (pending.length() < 2 && !end) {
                    return; // * or **: wait for the next character
                }
                if (pending.length() >= 2 && pending.charAt(1) == '*') {
                    pending.delete(0, 2);
                    strong = !strong;
                    out.append(strong ? BOLD : RESET + restore());
                } else {
                    pending.deleteCharAt(0);
                    emphasis = !emphasis;
                    out.append(emphasis ? ITALIC : RESET + restore());
                }
                continue;
            }
            out.append(c);
            pending.deleteCharAt(0);
        }
    }

    /** The styles still open after a reset. */
    private String restore() {
        return (heading || strong ? BOLD : "") + (emphasis ? ITALIC : "") + (inlineCode ? CYAN : "");
    }
}
