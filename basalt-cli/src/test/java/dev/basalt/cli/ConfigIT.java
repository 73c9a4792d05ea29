package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.emulator.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings written by `basalt config` and read by `basalt chat`, with flags and environment on top. */
class ConfigIT {

    @TempDir
    Path home;

    BasaltProcess basalt() {
        return new BasaltProcess(home).env("BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void setGetListUnsetWithAPrivateFile() throws Exception {
        assertThat(basalt().run("config", "set", "chat.defaultModel", "haiku").exitCode()).isZero();

        assertThat(basalt().run("config", "get", "chat.defaultModel").stdout()).isEqualTo("haiku\n");
        assertThat(basalt().run("config", "list").stdout()).contains("chat.defaultModel").contains("haiku (user)");
        Path file = home.resolve("data/settings.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        assertThat(basalt().run("config", "unset", "chat.defaultModel").stdout()).contains("unset chat.defaultModel");
        BasaltProcess.Result missing = basalt().run("config", "get", "chat.defaultModel");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("not set");
    }

    @Test
    void unknownKeysAreRefusedWithTheListOfKeys() {
        BasaltProcess.Result result = basalt().run("config", "set", "colour", "blue");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).singleElement().asString().contains("unknown setting colour").contains("chat.defaultModel");
    }

    @Test
    void settingsFeedChatAndFlagsWinOverThem() {
        try (Emulator emulator = Emulator.builder().port(0).credentials("AKIDCONFIG", "config-secret").start()) {
            basalt().run("config", "set", "endpoint", emulator.endpoint().toString());
            basalt().run("config", "set", "chat.defaultModel", "claude-haiku-3");
            basalt().run("config", "set", "region", "eu-west-1");
            BasaltProcess signed = basalt().env("AWS_ACCESS_KEY_ID", "AKIDCONFIG").env("AWS_SECRET_ACCESS_KEY", "config-secret");

            BasaltProcess.Result fromSettings = signed.run("chat", "from settings");
            BasaltProcess.Result fromFlag = signed.run("chat", "--model", "sonnet", "from a flag");

            assertThat(fromSettings.exitCode()).as(fromSettings.stderr()).isZero();
            assertThat(fromSettings.stdout()).isEqualTo("from settings\n");
            assertThat(fromFlag.exitCode()).as(fromFlag.stderr()).isZero();
            assertThat(emulator.recordedCalls()).extracting(c -> c.modelId()).containsExactly(
                    "anthropic.claude-3-haiku-20240307-v1:0", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
        }
    }
}
