package dev.basalt.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The system terminal of an interactive session, built on another thread while the session is set up
 * (settings, model catalog, conversation store): JLine takes about 0.1 s to build one, as long as the
 * rest together, and the second core is otherwise idle until the prompt is drawn.
 */
final class TerminalStart {

    private final CompletableFuture<Terminal> terminal = new CompletableFuture<>();
    /** Started by {@link #beginEarly} before the command line was read, until claimed or discarded. */
    private static TerminalStart early;

    private TerminalStart() {
    }

    /**
     * Starts building the terminal before picocli reads the command line, for a {@code chat} that
     * looks interactive ({@link Chat#promptless}): picocli's model takes about 0.1 s, and the terminal
     * as long. A wrong guess costs only that work: {@link #discardEarly} closes the terminal unused.
     */
    static synchronized void beginEarly() {
        early = begin();
    }

    /** The terminal begun early, or a new one. */
    static synchronized TerminalStart claim() {
        TerminalStart start = early != null ? early : begin();
        early = null;
        return start;
    }

    /** Closes a terminal begun early that nothing claimed (a one-shot answer after all, or an error). */
    static synchronized void discardEarly() {
        if (early != null) {
            early.abandon();
            early = null;
        }
    }

    static TerminalStart begin() {
        TerminalStart start = new TerminalStart();
        Thread thread = new Thread(() -> {
            try {
                Main.quietJavaLogging();   // JLine logs as it builds the terminal
                start.terminal.complete(open());
            } catch (IOException | RuntimeException | LinkageError e) {
                start.terminal.completeExceptionally(e);
            }
        }, "basalt-terminal");
        thread.setDaemon(true);
        thread.start();
        return start;
    }

    /**
     * JLine's JNI provider first: on JDK 22+ JLine prefers its FFM provider, whose native bindings take
     * about 0.1 s longer to set up, and it probes every provider it knows (one of them by starting a
     * process) before choosing. Where the JNI library cannot load, JLine's own choice.
     *
     * <p>The encoding is the one JLine would settle on outside Windows, named up front: JLine first
     * asks for a Windows code page charset, a search of every jar for charset providers (25 ms).
     */
    static Terminal open() throws IOException {
        Charset encoding = System.getProperty("os.name", "").startsWith("Windows") ? null : Charset.defaultCharset();
        try {
            return TerminalBuilder.builder().system(true).encoding(encoding).provider("jni").dumb(false).build();
        } catch (IOException | RuntimeException | LinkageError e) {
            return TerminalBuilder.builder().system(true).encoding(encoding).build();
        }
    }

    /** The terminal, once built; throws what building it threw. */
    Terminal await() throws IOException {
        try {
            return terminal.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the terminal", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) e.getCause();   // begin() completes exceptionally with nothing else
        }
    }

    /**
     * Closes the terminal unused, now or once it is built, without waiting for it: until the line reader
     * puts it in raw mode, an open JLine terminal changes nothing a one-shot answer depends on (the tty's
     * settings stay, and Ctrl-C keeps its default effect).
     */
    void abandon() {
        terminal.whenComplete((built, failure) -> {
            if (built != null) {
                try {
                    built.close();
                } catch (IOException ignored) {
                    // nothing of the tty was changed
                }
            }
        });
    }
}
