package dev.basalt.cli;

import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import java.io.PrintStream;

/** Writes the answer's text to the terminal as it arrives, one flush per delta. */
final class StreamPrinter implements StreamListener {

    private final PrintStream out;
    private boolean endsWithNewline = true;

    StreamPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta delta && !delta.text().isEmpty()) {
            out.print(delta.text());
            out.flush();
            endsWithNewline = delta.text().endsWith("\n");
        }
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
        if (!endsWithNewline) {
            out.println();
        }
        out.flush();
    }
}
