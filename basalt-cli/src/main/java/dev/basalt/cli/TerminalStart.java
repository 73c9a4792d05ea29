package dev.basalt.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    private TerminalStart() {
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
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /** Closes the terminal unused (the session could not start), giving the tty back as it was. */
    void abandon() {
        try {
            await().close();
        } catch (IOException | RuntimeException ignored) {
            // nothing was opened, or the process is about to report its own error and exit
        }
    }
}
