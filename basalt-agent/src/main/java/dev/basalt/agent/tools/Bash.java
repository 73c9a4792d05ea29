package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** bash {command, timeout_seconds?}: runs in the working directory; the whole process tree dies on timeout or cancel. */
public final class Bash extends BuiltinTool {

    static final int DEFAULT_TIMEOUT = 120;
    static final int MAX_TIMEOUT = 600;
    static final int MAX_OUTPUT = 30_000;

    public Bash() {
        super("bash");
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void validate(JsonNode input) throws ToolFailure {
        if (requiredString(input, "command").isBlank()) {
            throw new ToolFailure("'command' is empty");
        }
        optionalInt(input, "timeout_seconds", 1, MAX_TIMEOUT);
    }

    @Override
    public List<Path> paths(JsonNode input, Workspace workspace) {
        return List.of(workspace.root());
    }

    @Override
    public String describe(JsonNode input, Workspace workspace) {
        return "run: " + input.path("command").asText();
    }

    @Override
    public String run(JsonNode input, ToolContext context) throws ToolFailure {
        String command = requiredString(input, "command");
        Integer timeoutValue = optionalInt(input, "timeout_seconds", 1, MAX_TIMEOUT);
        int timeout = timeoutValue == null ? DEFAULT_TIMEOUT : timeoutValue;
        Process process;
        try {
            process = new ProcessBuilder("bash", "-c", command)
                    .directory(context.workspace().root().toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new ToolFailure("cannot start bash: " + e.getMessage());
        }
        CappedOutput output = new CappedOutput(process.getInputStream());
        Thread reader = new Thread(output, "bash-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        try {
            while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (context.cancelled().getAsBoolean()) {
                    killTree(process);
                    throw new ToolFailure("cancelled by the user; output so far:\n" + output.text());
                }
                if (System.nanoTime() > deadline) {
                    killTree(process);
                    throw new ToolFailure("timed out after " + timeout + " s and was killed; output so far:\n" + output.text());
                }
            }
            reader.join(2000);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new ToolFailure("interrupted");
        }
        String text = output.text();
        int exit = process.exitValue();
        return (text.isEmpty() ? "(no output)\n" : text.endsWith("\n") ? text : text + "\n") + "exit code " + exit;
    }

    /** Children first, so none is orphaned and re-parented out of reach. */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Keeps the head and tail of long output; the middle is what is dropped. */
    static final class CappedOutput implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final java.util.ArrayDeque<Byte> tail = new java.util.ArrayDeque<>();
        private long dropped;

        CappedOutput(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            if (head.size() < MAX_OUTPUT / 2) {
                                head.write(buffer[i]);
                            } else {
                                tail.addLast(buffer[i]);
                                if (tail.size() > MAX_OUTPUT / 2) {
                                    tail.removeFirst();
                                    dropped++;
                                }
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; what was read stands
            }
        }

        synchronized String text() {
            byte[] end = new byte[tail.size()];
            int i = 0;
            for (Byte b : tail) {
                end[i++] = b;
            }
            String middle = dropped > 0 ? "\n... " + dropped + " bytes of output cut ...\n" : "";
            return head.toString(StandardCharsets.UTF_8) + middle + new String(end, StandardCharsets.UTF_8);
        }
    }
}
