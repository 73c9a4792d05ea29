package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.RecordedCall;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How `basalt chat` copes with the model it is given: profiles, models without tools, fallback regions. */
class ModelChoiceIT {

    @TempDir
    Path home;

    private BasaltProcess basalt() {
        return new BasaltProcess(home).env("AWS_ACCESS_KEY_ID", "AKIDCHOICE").env("AWS_SECRET_ACCESS_KEY", "choice-secret")
                .env("BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void aPlainIdThatNeedsAProfileIsAnsweredThroughItAndSaysWhich() {
        try (Emulator emulator = Emulator.builder().credentials("AKIDCHOICE", "choice-secret").start()) {
            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--region", "us-west-2", "--model", "anthropic.claude-opus-5-5", "hello");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("hello\n");
            assertThat(result.stderr()).contains("anthropic.claude-opus-5-5 is served only through an inference profile "
                    + "in us-west-2; used us.anthropic.claude-opus-5-5");
        }
    }

    @Test
    void basaltModelChoosesTheModelBeforeAmazonQModelAndTheFlagBeforeBoth() {
        try (Emulator emulator = Emulator.builder().credentials("AKIDCHOICE", "choice-secret").start()) {
            String endpoint = emulator.endpoint().toString();
            BasaltProcess.Result amazonQ = basalt().env("AMAZON_Q_MODEL", "CLAUDE_SONNET_4_20250514_V1_0")
                    .run("chat", "--endpoint-url", endpoint, "--region", "us-west-2", "--no-tools", "--output", "json", "hello");
            String amazonQModel = lastModelId(emulator);
            BasaltProcess.Result basaltModel = basalt().env("AMAZON_Q_MODEL", "CLAUDE_SONNET_4_20250514_V1_0")
                    .env("BASALT_MODEL", "claude-3-haiku")
                    .run("chat", "--endpoint-url", endpoint, "--region", "us-west-2", "--no-tools", "--output", "json", "hello");
            String basaltModelModel = lastModelId(emulator);
            BasaltProcess.Result flag = basalt().env("AMAZON_Q_MODEL", "CLAUDE_SONNET_4_20250514_V1_0")
                    .env("BASALT_MODEL", "claude-3-haiku").run("chat", "--endpoint-url", endpoint, "--region", "us-west-2",
                            "--no-tools", "--output", "json", "--model", "titan-text", "hello");

            assertThat(List.of(amazonQ, basaltModel, flag)).allSatisfy(result -> assertThat(result.exitCode()).as(result.stderr()).isZero());
            assertThat(amazonQModel).isEqualTo("us.anthropic.claude-sonnet-4-20250514-v1:0");
            assertThat(amazonQ.stdout()).contains("\"model\":\"us.anthropic.claude-sonnet-4-20250514-v1:0\"");
            assertThat(basaltModelModel).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
            assertThat(basaltModel.stdout()).contains("\"model\":\"anthropic.claude-3-haiku-20240307-v1:0\"");
            assertThat(lastModelId(emulator)).isEqualTo("amazon.titan-text-express-v1");
            assertThat(flag.stdout()).contains("\"model\":\"amazon.titan-text-express-v1\"");
        }
    }

    private static String lastModelId(Emulator emulator) {
        List<RecordedCall> calls = emulator.recordedCalls();
        return calls.get(calls.size() - 1).modelId();
    }

    @Test
    void anEmbeddingModelIsRefusedForChatWithTheCommandThatTakesIt() {
        BasaltProcess.Result result = basalt().run("chat", "--local", "--model", "titan-embed", "hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderr()).contains("titan-embed is an embedding model: use `basalt embed`");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void aDottedTypoAndAShapelessRegionAreRefusedBeforeAnyCall() {
        BasaltProcess.Result typo = basalt().run("chat", "--local", "--model", "claude-sonet-4.5", "hello");
        BasaltProcess.Result other = basalt().run("chat", "--local", "--model", "gpt-4.1", "hello");
        BasaltProcess.Result region = basalt().run("chat", "--local", "--model", "custom:nowhere:sonnet", "hello");

        assertThat(typo.exitCode()).isNotZero();
        assertThat(typo.stderr()).contains("unknown model 'claude-sonet-4.5'").contains("closest: claude-sonnet-4.5");
        assertThat(other.stderr()).contains("unknown model 'gpt-4.1'").contains("closest: ");
        assertThat(region.exitCode()).isNotZero();
        assertThat(region.stderr()).contains("unknown region 'nowhere'").contains("custom:us-west-2:sonnet")
                .doesNotContain("set --region");
        assertThat(typo.stderr().lines().count()).isEqualTo(1);
    }

    @Test
    void aModelWithoutToolsAnswersWithoutThem() {
        BasaltProcess.Result result = basalt().run("chat", "--local", "--model", "titan-text", "plain answer");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("plain answer\n");
        assertThat(result.stderr()).contains("cannot use tools; answering without them");
    }

    @Test
    void aThrottledRegionFallsBackToTheNextOne() {
        try (Emulator emulator = Emulator.builder().credentials("AKIDCHOICE", "choice-secret")
                .fault(new FaultRule(new Fault.Throttle(), 1, "*", 4)).start()) {
            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--region", "us-east-1", "--fallback-region", "us-west-2", "--model", "anthropic.claude-3-haiku-20240307-v1:0",
                    "--no-tools", "hello");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("hello\n");
            List<RecordedCall> calls = emulator.recordedCalls();
            assertThat(calls.get(calls.size() - 1).header("authorization")).contains("/us-west-2/bedrock/");
            assertThat(result.stderr()).contains("basalt: us-east-1 was throttling or unavailable; answered from us-west-2"
                    + " (anthropic.claude-3-haiku-20240307-v1:0)");
        }
    }

    @Test
    void aFallbackRegionInAnotherGeographyIsCalledWithItsOwnProfile() {
        try (Emulator emulator = Emulator.builder().credentials("AKIDCHOICE", "choice-secret")
                .fault(new FaultRule(new Fault.Throttle(), 1, "*", 4)).start()) {
            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--region", "us-east-1", "--fallback-region", "eu-west-1", "--model", "sonnet", "--no-tools",
                    "--output", "json", "hello");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).contains("\"model\":\"eu.anthropic.claude-sonnet-4-6\"",
                    "\"region\":\"eu-west-1\"");
            List<RecordedCall> calls = emulator.recordedCalls();
            assertThat(calls.get(calls.size() - 1).modelId()).isEqualTo("eu.anthropic.claude-sonnet-4-6");
        }
    }
}
