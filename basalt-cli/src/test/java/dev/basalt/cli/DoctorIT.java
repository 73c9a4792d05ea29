package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.emulator.Emulator;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `basalt doctor` against the emulator: a good set-up passes, each broken one names its fault and fix. */
class DoctorIT {

    static Emulator emulator;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).credentials("AKIDDOCTOR1234", "doctor-secret").start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    BasaltProcess basalt() {
        return new BasaltProcess(home).env("BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void aGoodSetUpPassesEveryCheck() {
        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .run("doctor", "--endpoint-url", emulator.endpoint().toString(), "--region", "us-west-2");

        assertThat(result.exitCode()).as(result.stdout()).isZero();
        assertThat(result.stdout()).contains("ok    region       us-west-2")
                .contains("ok    credentials  from ").contains("AKID…1234")
                .contains("ok    model access us.anthropic.claude-sonnet-4-5-20250929-v1:0 answered in")
                .doesNotContain("doctor-secret").doesNotContain("FAIL");
    }

    @Test
    void missingCredentialsAreNamedWithTheFix() {
        BasaltProcess.Result result = basalt().run("doctor", "--endpoint-url", emulator.endpoint().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stdout()).contains("FAIL  credentials  no AWS credentials found").contains("aws configure")
                .contains("FAIL  model access not tried");
    }

    @Test
    void aWrongSecretFailsTheModelCheckWithTheKeyHint() {
        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "wrong")
                .run("doctor", "--endpoint-url", emulator.endpoint().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stdout()).contains("ok    credentials").contains("FAIL  model access").contains("AWS_SECRET_ACCESS_KEY");
    }
}
