package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.RecordedCall;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Bedrock API key instead of AWS keys: from the environment, or from a setting; never printed by `config list`. */
class ApiKeyIT {

    private static final String KEY = "bedrock-api-key-ABCD1234";

    @TempDir
    Path home;

    private BasaltProcess basalt() {
        return new BasaltProcess(home).env("BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void theSettingIsSentAsABearerTokenWithNoAwsKeysAtAll() {
        try (Emulator emulator = Emulator.builder().apiKey(KEY).start()) {
            assertThat(basalt().run("config", "set", "bedrock.apiKey", KEY).exitCode()).isZero();

            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(), "--no-tools",
                    "--model", "anthropic.claude-3-haiku-20240307-v1:0", "hello");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("hello\n");
            assertThat(emulator.recordedCalls()).last().extracting(RecordedCall::auth).isEqualTo("bearer");

            BasaltProcess.Result listed = basalt().run("config", "list");
            assertThat(listed.stdout()).contains("bedrock.apiKey").contains("…1234").doesNotContain(KEY);
        }
    }

    @Test
    void theEnvironmentVariableWorksTooAndAWrongKeyIsOneLine() {
        try (Emulator emulator = Emulator.builder().apiKey(KEY).start()) {
            BasaltProcess.Result ok = basalt().env("AWS_BEARER_TOKEN_BEDROCK", KEY)
                    .run("chat", "--endpoint-url", emulator.endpoint().toString(), "--no-tools",
                            "--model", "anthropic.claude-3-haiku-20240307-v1:0", "hi");
            assertThat(ok.stdout()).isEqualTo("hi\n");

            BasaltProcess.Result wrong = basalt().env("AWS_BEARER_TOKEN_BEDROCK", "not-the-key")
                    .run("chat", "--endpoint-url", emulator.endpoint().toString(), "--no-tools",
                            "--model", "anthropic.claude-3-haiku-20240307-v1:0", "hi");
            assertThat(wrong.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
            assertThat(wrong.stderrLines()).hasSize(1);
            assertThat(wrong.stderr()).doesNotContain("not-the-key")
                    .contains("Bedrock rejected the API key").contains("check AWS_BEARER_TOKEN_BEDROCK")
                    .doesNotContain("IAM");

            BasaltProcess.Result expired = basalt().env("AWS_BEARER_TOKEN_BEDROCK", "ABSKexpiredkey")
                    .run("chat", "--endpoint-url", emulator.endpoint().toString(), "--no-tools",
                            "--model", "anthropic.claude-3-haiku-20240307-v1:0", "hi");
            assertThat(expired.stderrLines()).singleElement().asString()
                    .contains("Please make sure your API Key is valid").contains("check AWS_BEARER_TOKEN_BEDROCK");
        }
    }
}
