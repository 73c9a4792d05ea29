package dev.basalt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether output goes to a terminal that wants colour (Java 17 has no isatty for stdout). */
final class TerminalCheck {

    private TerminalCheck() {
    }

    static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    static boolean colour() {
        String noColor = System.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM")) && stdoutIsTerminal();
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return fd == 1 && System.console() != null;
        }
    }
}
