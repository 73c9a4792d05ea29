package dev.basalt.agent.tools;

import static dev.basalt.agent.tools.BuiltinToolsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BashTest {

    /** A process that leaves the tree at once: its parent subshell exits and it is re-parented to PID 1. */
    static final String ORPHAN = "(sh -c 'echo $$ > orphan.pid; exec sleep 300' &); ";

    @TempDir
    Path root;

    @Test
    void timeoutKillsProcessesThatLeftTheTree() throws Exception {
        assertThatThrownBy(() -> new Bash().run(json("{\"command\":\"" + ORPHAN + "sleep 30\",\"timeout_seconds\":2}"),
                ToolContext.of(Workspace.of(root))))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("timed out after 2 s");

        assertEnded(pid("orphan.pid"));
    }

    @Test
    void cancelKillsProcessesThatLeftTheTree() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        ToolContext context = new ToolContext(Workspace.of(root), s -> { }, () -> cancelled.get() || pidWritten());

        assertThatThrownBy(() -> new Bash().run(json("{\"command\":\"" + ORPHAN + "sleep 30\"}"), context))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("cancelled");

        assertEnded(pid("orphan.pid"));
    }

    @Test
    void aProcessIgnoringTermIsKilled() throws Exception {
        String stubborn = "(sh -c 'trap \\\"\\\" TERM; echo $$ > orphan.pid; while :; do sleep 1; done' &); ";

        assertThatThrownBy(() -> new Bash().run(json("{\"command\":\"" + stubborn + "sleep 30\",\"timeout_seconds\":2}"),
                ToolContext.of(Workspace.of(root))))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("timed out");

        assertEnded(pid("orphan.pid"));
    }

    private boolean pidWritten() {
        try {
            return !Files.readString(root.resolve("orphan.pid")).isBlank();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private long pid(String file) throws Exception {
        return Long.parseLong(Files.readString(root.resolve(file)).strip());
    }

    /** Waits for the process to end (killing it if it does not, so a failing test leaves nothing behind). */
    private static void assertEnded(long pid) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            return;
        }
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            throw new AssertionError("process " + pid + " outlived the command it was started by");
        }
    }
}
