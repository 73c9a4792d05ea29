package dev.basalt.agent.tools;

import static dev.basalt.agent.tools.BuiltinToolsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.agent.ToolContext;
import dev.basalt.agent.ToolFailure;
import dev.basalt.agent.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFileTest {

    @TempDir
    Path root;

    ToolContext context() {
        return ToolContext.of(Workspace.of(root));
    }

    @Test
    void createsANewFileWithTheModeTheUmaskGivesAnyNewFile() throws Exception {
        Path usual = Files.createFile(root.resolve("made-by-touch"));

        new WriteFile().run(json("{\"path\":\"new.txt\",\"content\":\"hi\\n\"}"), context());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("new.txt"))))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(usual)));
    }

    @Test
    void replacingAFileKeepsItsMode() throws Exception {
        Path script = root.resolve("run.sh");
        Files.writeString(script, "echo old\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));

        new WriteFile().run(json("{\"path\":\"run.sh\",\"content\":\"echo new\\n\"}"), context());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");
    }

    @Test
    void writesThroughASymlinkToItsTargetAndKeepsTheLink() throws Exception {
        Files.createDirectories(root.resolve("conf"));
        Path target = Files.writeString(root.resolve("conf/real.yml"), "old\n");
        Path link = Files.createSymbolicLink(root.resolve("app.yml"), Path.of("conf/real.yml"));

        new WriteFile().run(json("{\"path\":\"app.yml\",\"content\":\"new\\n\"}"), context());

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("conf/real.yml"));
        assertThat(Files.readString(target)).isEqualTo("new\n");
    }

    @Test
    void refusesToWriteThroughALinkToNothing() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("dangling.txt"), Path.of("missing/file.txt"));

        assertThatThrownBy(() -> new WriteFile().run(json("{\"path\":\"dangling.txt\",\"content\":\"x\"}"), context()))
                .isInstanceOf(ToolFailure.class).hasMessage("cannot write dangling.txt: it is a symbolic link to missing/file.txt, which does not exist");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void editingThroughASymlinkKeepsTheLink() throws Exception {
        Path target = Files.writeString(root.resolve("real.txt"), "a = 1\n");
        Path link = Files.createSymbolicLink(root.resolve("link.txt"), target);

        new EditFile().run(json("{\"path\":\"link.txt\",\"old_string\":\"a = 1\",\"new_string\":\"a = 2\"}"), context());

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("a = 2\n");
    }
}
