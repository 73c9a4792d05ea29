package dev.basalt.agent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinToolsTest {

    @TempDir
    Path root;

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    ToolContext context() {
        return ToolContext.of(Workspace.of(root));
    }

    @Test
    void readFilePagesWithOffsetAndLimit() throws Exception {
        Files.writeString(root.resolve("f.txt"), "a\nb\nc\nd\n");

        String out = new ReadFile().run(json("{\"path\":\"f.txt\",\"offset\":2,\"limit\":2}"), context());

        assertThat(out).contains("     2\tb").contains("     3\tc").doesNotContain("\ta\n").contains("offset 4");
    }

    @Test
    void editFileNeedsAUniqueMatchUnlessReplaceAll() throws Exception {
        Files.writeString(root.resolve("f.txt"), "x = 1\nx = 1\n");
        EditFile edit = new EditFile();

        assertThatThrownBy(() -> edit.run(json("{\"path\":\"f.txt\",\"old_string\":\"x = 1\",\"new_string\":\"x = 2\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("appears 2 times");
        edit.run(json("{\"path\":\"f.txt\",\"old_string\":\"x = 1\",\"new_string\":\"x = 2\",\"replace_all\":true}"), context());

        assertThat(Files.readString(root.resolve("f.txt"))).isEqualTo("x = 2\nx = 2\n");
        assertThatThrownBy(() -> edit.run(json("{\"path\":\"f.txt\",\"old_string\":\"nope\",\"new_string\":\"y\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("not found");
    }

    @Test
    void writeFileCreatesParents() throws Exception {
        new WriteFile().run(json("{\"path\":\"deep/er/f.txt\",\"content\":\"hi\"}"), context());

        assertThat(Files.readString(root.resolve("deep/er/f.txt"))).isEqualTo("hi");
    }

    @Test
    void grepAndListFilesRespectGitignore() throws Exception {
        Files.writeString(root.resolve(".gitignore"), "build/\n*.log\n");
        Files.createDirectories(root.resolve("build"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("build/out.txt"), "needle\n");
        Files.writeString(root.resolve("debug.log"), "needle\n");
        Files.writeString(root.resolve("src/Main.java"), "class Main {\n  // needle here\n}\n");

        String grep = new Grep().run(json("{\"pattern\":\"need+le\"}"), context());
        String list = new ListFiles().run(json("{\"pattern\":\"**/*.java\"}"), context());

        assertThat(grep).isEqualTo("src/Main.java:2: // needle here\n");
        assertThat(list).isEqualTo("src/Main.java\n");
    }

    @Test
    void bashRunsInTheWorkspaceAndReportsTheExitCode() throws Exception {
        String out = new Bash().run(json("{\"command\":\"pwd; exit 3\"}"), context());

        assertThat(out).contains(root.toRealPath().toString()).endsWith("exit code 3");
    }

    @Test
    void bashTimeoutKillsTheWholeProcessTree() throws Exception {
        Path marker = root.resolve("child-survived");
        long start = System.nanoTime();

        assertThatThrownBy(() -> new Bash().run(json("{\"command\":\"(sleep 3; touch child-survived) & sleep 30\",\"timeout_seconds\":1}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("timed out after 1 s");

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        Thread.sleep(3500);
        assertThat(marker).doesNotExist();
    }

    @Test
    void bashStopsWhenCancelled() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        ToolContext ctx = new ToolContext(Workspace.of(root), s -> { }, cancelled::get);
        new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            cancelled.set(true);
        }).start();

        assertThatThrownBy(() -> new Bash().run(json("{\"command\":\"echo started; sleep 30\"}"), ctx))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("cancelled").hasMessageContaining("started");
    }

    @Test
    void webFetchRefusesOtherSchemes() {
        assertThatThrownBy(() -> new WebFetch().validate(json("{\"url\":\"file:///etc/passwd\"}")))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("http");
        assertThat(WebFetch.HtmlText.of("<html><script>x()</script><p>Hello &amp; bye</p></html>")).isEqualTo("Hello & bye");
    }
}
