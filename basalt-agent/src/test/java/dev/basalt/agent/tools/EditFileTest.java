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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditFileTest {

    @TempDir
    Path root;

    ToolContext context() {
        return ToolContext.of(Workspace.of(root));
    }

    @Test
    void editsACrlfFileWithTheLinesReadFileShowedAndKeepsItCrlf() throws Exception {
        Path file = root.resolve("win.txt");
        Files.writeString(file, "one\r\ntwo\r\nthree\r\n");
        String shown = new ReadFile().run(json("{\"path\":\"win.txt\"}"), context());
        assertThat(shown).contains("     2\ttwo\n").doesNotContain("\r");

        String result = new EditFile().run(json("{\"path\":\"win.txt\",\"old_string\":\"two\\nthree\","
                + "\"new_string\":\"TWO\\nmore\\nTHREE\"}"), context());

        assertThat(Files.readString(file)).isEqualTo("one\r\nTWO\r\nmore\r\nTHREE\r\n");
        assertThat(result).contains("-two\n").contains("+more\n").doesNotContain("\r");
    }

    @Test
    void editsALatin1FileAndWritesItBackInLatin1() throws Exception {
        Path file = root.resolve("latin1.txt");
        Files.write(file, "caf\u00e9 au lait\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));

        new EditFile().run(json("{\"path\":\"latin1.txt\",\"old_string\":\"caf\u00e9\",\"new_string\":\"th\u00e9\"}"), context());

        assertThat(Files.readAllBytes(file)).isEqualTo("th\u00e9 au lait\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void refusesTextALatin1FileCannotHold() throws Exception {
        Path file = root.resolve("latin1.txt");
        Files.write(file, "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> new EditFile().run(json("{\"path\":\"latin1.txt\",\"old_string\":\"caf\u00e9\",\"new_string\":\"5 \u20ac\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("Latin-1");
        assertThat(Files.readAllBytes(file)).isEqualTo("caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void refusesABinaryFile() throws Exception {
        Files.write(root.resolve("blob.bin"), new byte[] {'a', 0, 'b', 0, 'c'});

        assertThatThrownBy(() -> new EditFile().run(json("{\"path\":\"blob.bin\",\"old_string\":\"a\",\"new_string\":\"z\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("binary file").hasMessageContaining("5 bytes");
    }
}
