package dev.basalt.cli;

import java.io.PrintStream;

/** A spinner on stderr until the first token arrives; nothing at all when stderr is not a terminal. */
final class Spinner {

    private static final String[] FRAMES = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    private final PrintStream err;
    private Thread thread;
    private volatile boolean running;

    Spinner(PrintStream err) {
        this.err = err;
    }

    synchronized void start() {
        if (running || !TerminalCheck.stderrIsTerminal()) {
            return;
        }
        running = true;
        thread = new Thread(() -> {
            int i = 0;
            while (running) {
                synchronized (this) {
                    if (running) {
                        err.print("\r" + FRAMES[i++ % FRAMES.length] + " thinking…");
                        err.flush();
                    }
                }
                try {
                    Thread.sleep(80);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "basalt-spinner");
        thread.setDaemon(true);
        thread.start();
    }

    /** Clears the spinner's line; safe to call any number of times. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        thread.interrupt();
        err.print("\r\u001b[2K");
        err.flush();
    }
}
