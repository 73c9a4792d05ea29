package dev.basalt.cli;

import dev.basalt.agent.Approver;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Asks for consent on the controlling terminal (/dev/tty), so it works even when stdin is a pipe
 * (`git diff | basalt chat "review"`). Without a terminal there is nobody to ask: see {@link #open}.
 * It waits for a whole line without blocking in read(), so a cancelled turn (Ctrl-C in the
 * interactive session) ends the question at once instead of taking the next line typed.
 */
final class TerminalApprover implements Approver {

    /** How often a waiting question looks for a typed line or a cancel: quick to a person, idle to the machine. */
    private static final long POLL_MILLIS = 50;

    private final BufferedReader in;
    private final PrintStream out;

    private TerminalApprover(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** The terminal's approver, or {@link Approver#REFUSE} when the process has no terminal. */
    static Approver open() {
        try {
            FileInputStream input = new FileInputStream("/dev/tty");
            PrintStream output = new PrintStream(new FileOutputStream("/dev/tty"), true, StandardCharsets.UTF_8);
            return new TerminalApprover(new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)), output);
        } catch (IOException | SecurityException e) {
            return Approver.REFUSE;
        }
    }

    @Override
    public synchronized Answer ask(String toolName, String description, String why, BooleanSupplier cancelled) {
        out.println();
        // the first line says what; any further lines (a diff) are shown indented under it
        String[] lines = description.split("\n", -1);
        out.println("  " + toolName + " wants to " + lines[0]);
        for (int i = 1; i < lines.length; i++) {
            out.println("    " + lines[i]);
        }
        out.println("  (" + why + ")");
        while (true) {
            out.print("  Allow? [y] yes once  [a] always this session  [n] no: ");
            out.flush();
            String line = readLine(cancelled);
            if (cancelled.getAsBoolean()) {
                out.println();
                return new Answer.Cancel();
            }
            if (line == null) {
                return new Answer.No("the user closed the terminal");
            }
            switch (line.strip().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> {
                    return new Answer.Once();
                }
                case "a", "always" -> {
                    return new Answer.Always();
                }
                case "n", "no", "" -> {
                    out.print("  Why not? (optional, sent to the model): ");
                    out.flush();
                    String reason = readLine(cancelled);
                    if (cancelled.getAsBoolean()) {
                        out.println();
                        return new Answer.Cancel();
                    }
                    return new Answer.No(reason == null ? "" : reason.strip());
                }
                default -> out.println("  Please answer y, a or n.");
            }
        }
    }

    /**
     * The next line, or null when the terminal is gone or the turn is cancelled. The terminal is in
     * line mode here, so it reports input as ready only once a whole line is typed.
     */
    private String readLine(BooleanSupplier cancelled) {
        try {
            while (!in.ready()) {
                if (cancelled.getAsBoolean()) {
                    return null;
                }
                Thread.sleep(POLL_MILLIS);
            }
            return in.readLine();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
