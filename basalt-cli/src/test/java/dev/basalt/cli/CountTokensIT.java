package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.RecordedCall;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `basalt count-tokens` as a person runs it. The emulator counts ceil(characters / 4) over the system
 * prompt and the messages, as its models report input tokens, so the expected counts are computed here.
 */
class CountTokensIT {

    static final String KEY_ID = "AKIDCOUNTIT";
    static final String SECRET = "count-it-secret";

    static Emulator emulator;

    @TempDir
    Path home;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private BasaltProcess basalt() {
        return new BasaltProcess(home).env("BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void localCountIsPrintedAndSaysWhereItCameFrom() {
        BasaltProcess.Result result = basalt().run("count-tokens", "--local", "How", "many", "tokens", "is", "this?");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("6 input tokens\n");   // 24 characters
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("local Bedrock emulator");
    }

    @Test
    void jsonNamesTheModelAndCountsTheSystemPromptToo() {
        BasaltProcess.Result result = basalt().run("count-tokens", "--local", "--model", "haiku", "--system", "Be brief.",
                "--output", "json", "How many tokens is this?");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo(
                "{\"model\":\"us.anthropic.claude-haiku-4-5-20251001-v1:0\",\"input_tokens\":9,\"estimated\":false}\n");
    }

    @Test
    void aModelThatCannotCountGetsAnEstimateMarkedAsSuch() {
        BasaltProcess.Result text = basalt().run("count-tokens", "--local", "--model", "claude-3-haiku", "12345678");
        BasaltProcess.Result json = basalt().run("count-tokens", "--local", "--model", "claude-3-haiku", "--output", "json", "12345678");

        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).isEqualTo("2 input tokens (estimate)\n");
        assertThat(json.stdout()).isEqualTo(
                "{\"model\":\"anthropic.claude-3-haiku-20240307-v1:0\",\"input_tokens\":2,\"estimated\":true}\n");
    }

    @Test
    void stdinIsTheTextWhenNoneIsGivenAndTheEndpointGetsTheFoundationModelId() {
        int before = emulator.recordedCalls().size();

        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", SECRET)
                .runWithStdin("Summarise the release notes, please.\n",
                        "count-tokens", "--endpoint-url", emulator.endpoint().toString(), "--region", "eu-west-1",
                        "--model", "claude-sonnet-3.7");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("10 input tokens\n");   // 37 characters with the newline
        assertThat(result.stderr()).isEmpty();
        List<RecordedCall> calls = emulator.recordedCalls().subList(before, emulator.recordedCalls().size());
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.operation()).isEqualTo("CountTokens");
            assertThat(c.modelId()).isEqualTo("anthropic.claude-3-7-sonnet-20250219-v1:0");   // not eu.anthropic...
            assertThat(c.header("authorization")).contains("/eu-west-1/bedrock/");
        });
    }

    @Test
    void anEmbeddingModelIsRefusedWithTheCommandThatTakesIt() {
        BasaltProcess.Result result = basalt().run("count-tokens", "--local", "--model", "titan-embed", "hi");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("titan-embed is an embedding model: use `basalt embed`");
    }

    @Test
    void badInputIsOneLineWithTheFix() {
        BasaltProcess.Result output = basalt().run("count-tokens", "--local", "--output", "yaml", "hi");
        BasaltProcess.Result model = basalt().run("count-tokens", "--local", "--model", "sonet", "hi");
        BasaltProcess.Result empty = basalt().runWithStdin("", "count-tokens", "--local");

        assertThat(output.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(output.stderrLines()).containsExactly("basalt: --output must be text or json, not yaml (for scripts use --output json)");
        assertThat(model.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(model.stderrLines()).singleElement().asString().startsWith("basalt: unknown model 'sonet' (closest: sonnet");
        assertThat(empty.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(empty.stderrLines()).containsExactly(
                "basalt: no text to count (pass it as an argument: basalt count-tokens \"Hello\", or pipe it on stdin)");
    }

    @Test
    void wrongCredentialsAreNamedWithoutTheSecret() {
        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", "wrong-secret")
                .run("count-tokens", "--endpoint-url", emulator.endpoint().toString(), "hi");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stderrLines()).singleElement().asString().contains("AWS_SECRET_ACCESS_KEY").doesNotContain("wrong-secret");
    }
}
