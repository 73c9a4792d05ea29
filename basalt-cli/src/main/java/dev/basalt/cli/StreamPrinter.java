package dev.basalt.cli;

import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import java.io.PrintStream;

/**
 * Writes the answer to the terminal as it arrives, one flush per delta: Markdown rendered when
 * {@code colour}, plain text otherwise; reasoning dimmed when shown.
 */
final class StreamPrinter implements StreamListener {

    private final PrintStream out;
    private final boolean colour;
    private final boolean showReasoning;
    private final MarkdownRenderer markdown = new MarkdownRenderer();
    private boolean endsWithNewline = true;
    private boolean inReasoning;
    /** The block of the redacted reasoning last announced, so a block is announced once. */
    private int redactedBlock = -1;

    StreamPrinter(PrintStream out) {
        this(out, false, false);
    }

    StreamPrinter(PrintStream out, boolean colour, boolean showReasoning) {
        this.out = out;
        this.colour = colour;
        this.showReasoning = showReasoning;
    }

    @Override
    public void onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta delta && !delta.text().isEmpty()) {
            endReasoning();
            write(colour ? markdown.feed(delta.text()) : delta.text());
        } else if (event instanceof StreamEvent.ReasoningDelta r && showReasoning && r.text() != null && !r.text().isEmpty()) {
            if (!inReasoning) {
                inReasoning = true;
                write(colour ? MarkdownRenderer.DIM : "");
            }
            write(r.text());
        } else if (event instanceof StreamEvent.RedactedReasoningDelta r && showReasoning && redactedBlock != r.index()) {
            redactedBlock = r.index();
            if (!inReasoning) {
                inReasoning = true;
                write(colour ? MarkdownRenderer.DIM : "");
            }
            write((endsWithNewline ? "" : "\n") + "[some reasoning was redacted by the model's safety systems]");
        } else if (event instanceof StreamEvent.MessageStop) {
            redactedBlock = -1;
            endReasoning();
            if (colour) {
                write(markdown.finish());
            }
        }
    }

    private void endReasoning() {
        if (inReasoning) {
            inReasoning = false;
            write((colour ? MarkdownRenderer.RESET : "") + "\n");
        }
    }

    private void write(String text) {
        if (text.isEmpty()) {
            return;
        }
        out.print(text);
        out.flush();
        endsWithNewline = text.endsWith("\n");
    }

    /** Ends a partial line before something else (a tool line) is printed. */
    void breakLine() {
        if (!endsWithNewline) {
            out.println();
            out.flush();
            endsWithNewline = true;
        }
    }

    /** Ends the answer on its own line so the shell prompt starts clean. */
    void finish() {
        if (colour) {
            write(markdown.finish());
        }
        if (!endsWithNewline) {
            out.println();
        }
        out.flush();
    }
}
