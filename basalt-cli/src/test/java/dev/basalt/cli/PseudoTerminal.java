package dev.basalt.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built jar running in a real pseudo-terminal (util-linux `script` allocates it), driven as a
 * person would: keystrokes in, the screen's bytes out.
 */
final class PseudoTerminal implements AutoCloseable {

    private final Process process;
    private final OutputStream keys;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    PseudoTerminal(Path home, Map<String, String> env, Path workingDir, String... args) throws IOException {
        StringBuilder command = new StringBuilder("stty cols 120 rows 40; exec ");
        command.append(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()))
                .append(" -jar ").append(quote(BasaltProcess.jar().toString()));
        for (String arg : args) {
            command.append(' ').append(quote(arg));
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("script", "-qfec", command.toString(), "/dev/null"))
                .directory(workingDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("BASALT_"));
        environment.put("HOME", home.toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_CONFIG_FILE", home.resolve("aws-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
        environment.put("TERM", "xterm");
        environment.putAll(env);
        process = builder.start();
        keys = process.getOutputStream();
        InputStream out = process.getInputStream();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n = out.read(buffer); n >= 0; n = out.read(buffer)) {
                    synchronized (screen) {
                        screen.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static boolean available() {
        try {
            return new ProcessBuilder("script", "--version").start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the screen, after {@code from} characters, contains {@code text}; returns where it ends. */
    int await(String text, int from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String now = screen();
            int at = now.indexOf(text, Math.min(from, now.length()));
            if (at >= 0) {
                return at + text.length();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the screen never showed '" + text + "'; it shows:\n" + screen());
    }

    boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
