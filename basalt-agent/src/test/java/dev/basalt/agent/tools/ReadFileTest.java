package dev.basalt.agent.tools;

import static dev.basalt.agent.tools.BuiltinToolsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFileTest {

    @TempDir
    Path root;

    ToolContext context() {
        return ToolContext.of(Workspace.of(root));
    }

    @Test
    void readsALatin1FileAsLatin1AndSaysSo() throws Exception {
        Files.write(root.resolve("latin1.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        String out = new ReadFile().run(json("{\"path\":\"latin1.txt\"}"), context());

        assertThat(out).contains("     1\tcaf\u00e9\n").contains("Latin-1").doesNotContain("\ufffd");
    }

    @Test
    void readsUtf8WithoutANote() throws Exception {
        Files.writeString(root.resolve("utf8.txt"), "caf\u00e9\n");

        assertThat(new ReadFile().run(json("{\"path\":\"utf8.txt\"}"), context())).isEqualTo("     1\tcaf\u00e9\n");
    }

    @Test
    void refusesABinaryFileWithoutNulBytesNamingItsSizeAndType() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = noise[i] == 0 ? 1 : noise[i];
        }
        Files.write(root.resolve("noise.dat"), noise);

        assertThatThrownBy(() -> new ReadFile().run(json("{\"path\":\"noise.dat\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessage("noise.dat: binary file (unknown type), 4096 bytes; not shown");
    }

    @Test
    void refusesAnImageNamingItsType() throws Exception {
        Files.write(root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});

        assertThatThrownBy(() -> new ReadFile().run(json("{\"path\":\"logo.png\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessage("logo.png: binary file (image/png), 12 bytes; not shown");
    }
}
