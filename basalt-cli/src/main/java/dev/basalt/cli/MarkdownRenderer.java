package dev.basalt.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders Markdown for a terminal as it streams, so text is printed as it arrives: headings bold,
 * {@code **strong**} bold, {@code *emphasis*} italic, {@code `inline code`} cyan, fenced code blocks
 * set apart (fences hidden, the code dimmed and indented, also inside lists), bullets as • ◦ ▪ by
 * depth, numbered items, quotes behind a bar, rules as a line. A line's start is held back only
 * until its first characters decide what it is; a table is held until its last row, then printed
 * with aligned columns.
 *
 * <p>Emphasis follows CommonMark's flanking idea, simplified: a marker opens only before a
 * non-space and closes only after one, so {@code 2 * 3} stays as typed, and {@code snake_case} has
 * no emphasis; whatever is still open at the end of a line is closed there, so one stray marker
 * cannot style the rest of the answer.
 */
final class MarkdownRenderer {

    static final String RESET = "\u001b[0m";
    static final String BOLD = "\u001b[1m";
    static final String ITALIC = "\u001b[3m";
    static final String DIM = "\u001b[2m";
    static final String CYAN = "\u001b[36m";

    private static final String[] BULLETS = {"•", "◦", "▪"};

    /** What a line's first characters make it, in the order they are tried. */
    private enum LineKind {
        FENCE("^( *)(`{3,}|~{3,})"),
        RULE("^ {0,3}([-*_])(?: *\\1){2,} *\n"),
        HEADING("^ {0,3}#{1,6} "),
        TABLE("^ {0,3}\\|"),
        QUOTE("^ {0,3}> ?"),
        BULLET("^( *)[-*+] "),
        NUMBERED("^( *)(\\d{1,9}[.)]) ");

        final Pattern pattern;

        LineKind(String regex) {
            this.pattern = Pattern.compile(regex);
        }
    }

    private static final Pattern CLOSING_FENCE = Pattern.compile("^ *(`{3,}|~{3,}) *(\n|$)");

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder pending = new StringBuilder();
    private boolean lineStart = true;
    private boolean heading;
    /** The open fence ("```", "~~~~", ...), or null outside a code block. */
    private String fence;
    private int fenceIndent;
    private boolean skipRestOfLine;
    private final List<String> tableRows = new ArrayList<>();
    private boolean inlineCode;
    private boolean strong;
    private boolean emphasis;
    /** The last character of the line printed so far, or '\n' at a line's start. */
    private char previous = '\n';

    /** Feeds a delta; returns what can be printed now. */
    String feed(String text) {
        pending.append(text.replace("\r", ""));
        drain(false);
        return take();
    }

    /** The end of the answer: whatever was held back, and styles closed. */
    String finish() {
        drain(true);
        flushTable();
        if (strong || emphasis || inlineCode || heading || fence != null) {
            out.append(RESET);
        }
        strong = emphasis = inlineCode = heading = false;
        fence = null;
        return take();
    }

    private String take() {
        String s = out.toString();
        out.setLength(0);
        return s;
    }

    private void drain(boolean end) {
        while (pending.length() > 0) {
            if (skipRestOfLine) {
                int nl = pending.indexOf("\n");
                pending.delete(0, nl < 0 ? pending.length() : nl + 1);   // a fence's language tag is not shown
                if (nl >= 0) {
                    skipRestOfLine = false;
                    lineStart = true;
                }
                continue;
            }
            if (lineStart) {
                if (!startLine(end)) {
                    return;   // the line's first characters do not decide it yet
                }
                continue;
            }
            char c = pending.charAt(0);
            if (c == '\n') {
                pending.deleteCharAt(0);
                endLine();
                continue;
            }
            if (fence != null) {
                out.append(c);
                pending.deleteCharAt(0);
                continue;
            }
            if (!inline(c, end)) {
                return;
            }
        }
    }

    /** Decides what the line at the head of {@code pending} is and prints its prefix; false to wait. */
    private boolean startLine(boolean end) {
        boolean whole = end || pending.indexOf("\n") >= 0;
        if (fence != null) {
            Matcher closing = CLOSING_FENCE.matcher(pending);
            if (closing.lookingAt() && closing.group(1).charAt(0) == fence.charAt(0) && closing.group(1).length() >= fence.length()
                    && (whole || !closing.hitEnd())) {
                pending.delete(0, closing.end());
                fence = null;
                out.append(RESET);
                return true;
            }
            if (!whole && closing.hitEnd()) {
                return false;
            }
            int strip = 0;
            while (strip < fenceIndent && strip < pending.length() && pending.charAt(strip) == ' ') {
                strip++;
            }
            pending.delete(0, strip);
            out.append("    ");
            lineStart = false;
            return true;
        }
        if (!tableRows.isEmpty() || LineKind.TABLE.pattern.matcher(pending).lookingAt()) {
            return tableLine(whole);
        }
        for (LineKind kind : LineKind.values()) {
            Matcher m = kind.pattern.matcher(pending);
            if (m.lookingAt()) {
                if (!whole && m.hitEnd()) {
                    return false;   // "> " or "````": the next character may still belong to the marker
                }
                prefix(kind, m);
                return true;
            }
            if (!whole && m.hitEnd()) {
                return false;
            }
        }
        lineStart = false;
        return true;
    }

    private void prefix(LineKind kind, Matcher m) {
        // groups are read from the buffer itself, so before it is cut
        String first = m.groupCount() >= 1 ? m.group(1) : "";
        String second = m.groupCount() >= 2 ? m.group(2) : "";
        pending.delete(0, m.end());
        lineStart = false;
        switch (kind) {
            case FENCE -> {
                fence = second;
                fenceIndent = first.length();
                out.append(DIM);
                skipRestOfLine = true;
            }
            case RULE -> {
                out.append(DIM).append("─".repeat(40)).append(RESET).append('\n');
                lineStart = true;
            }
            case HEADING -> {
                heading = true;
                out.append(BOLD);
            }
            case QUOTE -> out.append(DIM).append("│ ").append(RESET);
            case BULLET -> {
                int indent = first.length();
                out.append(" ".repeat(indent)).append(BULLETS[(indent / 2) % BULLETS.length]).append(' ');
            }
            case NUMBERED -> out.append(first).append(second).append(' ');
            default -> { }   // a TABLE line never gets here: tableLine holds it
        }
        previous = ' ';
    }

    /** Holds a table's rows until a line that is not one; false to wait for more of the line. */
    private boolean tableLine(boolean whole) {
        int nl = pending.indexOf("\n");
        Matcher row = LineKind.TABLE.pattern.matcher(pending);
        if (row.lookingAt()) {
            if (nl < 0 && !whole) {
                return false;
            }
            int endOfRow = nl < 0 ? pending.length() : nl + 1;
            tableRows.add(pending.substring(0, nl < 0 ? pending.length() : nl));
            pending.delete(0, endOfRow);
            return true;
        }
        if (!whole && row.hitEnd()) {
            return false;
        }
        flushTable();
        return true;   // the line after the table starts afresh
    }

    private void flushTable() {
        if (tableRows.isEmpty()) {
            return;
        }
        // each cell rendered once: what is printed, and (without its escapes) how wide it is
        List<List<String>> rendered = new ArrayList<>();
        for (String row : tableRows) {
            if (!row.matches("^ *\\|?[ :|-]+\\|?\\s*$") || !row.contains("-")) {   // the |---|:--:| row is drawn as a rule
                rendered.add(cells(row).stream().map(MarkdownRenderer::renderCell).toList());
            }
        }
        tableRows.clear();
        int columns = rendered.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rendered) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], visibleLength(row.get(i)));
            }
        }
        for (int r = 0; r < rendered.size(); r++) {
            List<String> row = rendered.get(r);
            for (int i = 0; i < columns; i++) {
                String cell = i < row.size() ? row.get(i) : "";
                if (i > 0) {
                    out.append(DIM).append(" │ ").append(RESET);
                }
                out.append(r == 0 ? BOLD : "").append(cell).append(r == 0 ? RESET : "")
                        .append(" ".repeat(widths[i] - visibleLength(cell)));
            }
            out.append('\n');
            if (r == 0) {
                List<String> rules = new ArrayList<>();
                for (int width : widths) {
                    rules.add("─".repeat(width));
                }
                out.append(DIM).append(String.join("─┼─", rules)).append(RESET).append('\n');
            }
        }
    }

    private static List<String> cells(String row) {
        String trimmed = row.strip();
        if (trimmed.startsWith("|")) {
            trimmed = trimmed.substring(1);
        }
        if (trimmed.endsWith("|")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        for (String cell : trimmed.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.strip().replace("\\|", "|"));
        }
        return cells;
    }

    /** A cell's text with its inline Markdown rendered, through a renderer of its own. */
    private static String renderCell(String cell) {
        MarkdownRenderer inline = new MarkdownRenderer();
        inline.lineStart = false;
        inline.previous = ' ';
        return inline.feed(cell) + inline.finish();
    }

    /** How many columns a rendered cell takes on the screen: its text without the escapes. */
    private static int visibleLength(String rendered) {
        String shown = rendered.replaceAll("\u001b\\[[0-9;]*m", "");
        return shown.codePointCount(0, shown.length());
    }

    private void endLine() {
        if (heading || strong || emphasis || inlineCode) {
            out.append(RESET);   // nothing stays styled past its line
            heading = strong = emphasis = inlineCode = false;
        }
        out.append('\n');
        lineStart = true;
        previous = '\n';
    }

    /** Prints one inline character or marker at the head of {@code pending}; false to wait for the next delta. */
    private boolean inline(char c, boolean end) {
        if (c == '`') {
            pending.deleteCharAt(0);
            inlineCode = !inlineCode;
            out.append(inlineCode ? CYAN : RESET + restore());
            previous = c;
            return true;
        }
        if ((c == '*' || c == '_') && !inlineCode) {
            int run = 1;
            while (run < pending.length() && run < 2 && pending.charAt(run) == c) {
                run++;
            }
            if (run == pending.length() && !end) {
                return false;   // * or **, and what follows decides
            }
            char next = run < pending.length() ? pending.charAt(run) : '\n';
            boolean strongMarker = run == 2;
            boolean open = strongMarker ? strong : emphasis;
            // an underscore inside a word (snake_case) is a letter, not a marker
            boolean closes = open && !Character.isWhitespace(previous) && (c == '*' || !Character.isLetterOrDigit(next));
            boolean opens = !open && !Character.isWhitespace(next) && (c == '*' || !Character.isLetterOrDigit(previous));
            if (closes || opens) {
                pending.delete(0, run);
                if (strongMarker) {
                    strong = !strong;
                    out.append(strong ? BOLD : RESET + restore());
                } else {
                    emphasis = !emphasis;
                    out.append(emphasis ? ITALIC : RESET + restore());
                }
                return true;
            }
            out.append(pending, 0, run);
            pending.delete(0, run);
            previous = c;
            return true;
        }
        out.append(c);
        pending.deleteCharAt(0);
        previous = c;
        return true;
    }

    /** The styles still open after a reset. */
    private String restore() {
        return (heading || strong ? BOLD : "") + (emphasis ? ITALIC : "") + (inlineCode ? CYAN : "");
    }
}
