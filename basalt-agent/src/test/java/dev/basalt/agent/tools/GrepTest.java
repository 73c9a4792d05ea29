package dev.basalt.agent.tools;

import static dev.basalt.agent.tools.BuiltinToolsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.agent.ToolContext;
import dev.basalt.agent.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrepTest {

    @TempDir
    Path root;

    ToolContext context() {
        return ToolContext.of(Workspace.of(root));
    }

    @Test
    void reportsABinaryFileThatMatchesWithoutPrintingIt() throws Exception {
        Files.write(root.resolve("data.bin"), "head\0needle\0tail".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(root.resolve("other.bin"), "head\0hay\0tail".getBytes(StandardCharsets.ISO_8859_1));

        String out = new Grep().run(json("{\"pattern\":\"needle\"}"), context());

        assertThat(out).isEqualTo("binary file matches: data.bin\n");
    }

    @Test
    void findsTextInALatin1File() throws Exception {
        Files.write(root.resolve("menu.txt"), "caf\u00e9 noir\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(new Grep().run(json("{\"pattern\":\"caf\u00e9\"}"), context())).isEqualTo("menu.txt:1: caf\u00e9 noir\n");
    }
}
