package dev.basalt.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** bash {command, timeout_seconds?}: runs in the working directory; on timeout or cancel all it started dies, TERM then KILL. */
public final class Bash extends BuiltinTool {

    static final int DEFAULT_TIMEOUT = 120;
    static final int MAX_TIMEOUT = 600;
    static final int MAX_OUTPUT = 30_000;

    /** Whether setsid is on the PATH (util-linux, so Linux; not macOS). */
    static final boolean SETSID = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid")));

    /** How long TERM has to end the command before KILL. */
    static final Duration GRACE = Duration.ofSeconds(2);

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
            process = new ProcessBuilder(commandLine(command))
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

    /**
     * The command under setsid where there is one (Linux): it then leads a process group of its own,
     * which reaches processes that left its tree (a subshell's background job re-parented to PID 1).
     * setsid does not fork here, as a child of the JVM is no group leader, so the pid is the group's id.
     */
    static List<String> commandLine(String command) {
        return SETSID ? List.of("setsid", "bash", "-c", command) : List.of("bash", "-c", command);
    }

    /**
     * The command's process group gets TERM, then KILL after a short grace; the tree as it was is
     * killed too, which is all there is to kill where there is no setsid.
     */
    static void killTree(Process process) {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        if (SETSID) {
            signalGroup(process.pid(), "TERM");
            awaitQuietly(CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new)), GRACE);
            signalGroup(process.pid(), "KILL");
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** bash's kill, as bash is at hand and Java cannot signal a process group. */
    private static void signalGroup(long group, String signal) {
        try {
            Process kill = new ProcessBuilder("bash", "-c", "kill -s " + signal + " -- -" + group)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            awaitQuietly(kill.onExit(), GRACE);
        } catch (IOException e) {
            // the tree is still killed process by process
        }
    }

    /** Waits even when interrupted, so a cancelled command is still killed; the interrupt is kept for the caller. */
    private static void awaitQuietly(CompletableFuture<?> done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean interrupted = false;
        while (true) {
            try {
                done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
