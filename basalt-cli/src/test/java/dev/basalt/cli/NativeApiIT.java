package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.RecordedCall;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `basalt chat --api`: the model family's native body through InvokeModelWithResponseStream, and a wrong value. */
class NativeApiIT {

    @TempDir
    Path home;

    private BasaltProcess basalt() {
        return new BasaltProcess(home).env("AWS_ACCESS_KEY_ID", "AKIDNATIVE").env("AWS_SECRET_ACCESS_KEY", "native-secret")
                .env("BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void invokeStreamsTheAnswerThroughTheNativeBody() {
        try (Emulator emulator = Emulator.builder().credentials("AKIDNATIVE", "native-secret").start()) {
            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--region", "us-east-1", "--model", "anthropic.claude-3-haiku-20240307-v1:0", "--api", "invoke",
                    "--no-tools", "hello native");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("hello native\n");
            List<RecordedCall> calls = emulator.recordedCalls();
            RecordedCall call = calls.get(calls.size() - 1);
            assertThat(call.operation()).isEqualTo("InvokeModelWithResponseStream");
            assertThat(call.requestBody()).contains("\"anthropic_version\":\"bedrock-2023-05-31\"");
        }
    }

    @Test
    void anUnknownApiIsAUsageError() {
        BasaltProcess.Result result = basalt().run("chat", "--local", "--api", "native", "hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("--api must be auto, converse or invoke, not native");
    }
}
