package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `basalt chat` as a person runs it: the built jar, a real process, the emulator on a random port. */
class ChatCommandIT {

    static final String KEY_ID = "AKIDCHATTEST";
    static final String SECRET = "chat-test-secret-do-not-print";

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
        return new BasaltProcess(home);
    }

    private BasaltProcess signedIn(String secret) {
        return basalt().env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", secret);
    }

    @Test
    void localChatPrintsThePromptBackAndSaysWhereTheAnswerCameFrom() {
        BasaltProcess.Result result = basalt().run("chat", "--local", "Hello");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("Hello\n");
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("local Bedrock emulator");
    }

    @Test
    void endpointFlagReachesTheEmulatorWithSigV4() {
        int before = emulator.recordedCalls().size();

        BasaltProcess.Result result = signedIn(SECRET)
                .run("chat", "--endpoint-url", emulator.endpoint().toString(), "--model", "anthropic.claude-3-haiku-20240307-v1:0",
                        "What", "is", "Bedrock?");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("What is Bedrock?\n");
        assertThat(result.stderr()).isEmpty();
        assertThat(emulator.recordedCalls().subList(before, emulator.recordedCalls().size()))
                .anySatisfy(call -> assertThat(call.modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0"));
    }

    @Test
    void aContinuedConversationKeepsItsSystemPromptUntilANewOneReplacesIt() {
        String endpoint = emulator.endpoint().toString();
        BasaltProcess.Result first = signedIn(SECRET).run("chat", "--endpoint-url", endpoint, "--system", "Answer like a pirate", "first");
        assertThat(first.exitCode()).as(first.stderr()).isZero();

        int before = emulator.recordedCalls().size();
        BasaltProcess.Result second = signedIn(SECRET).run("chat", "--endpoint-url", endpoint, "--continue", "second");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(emulator.recordedCalls().subList(before, emulator.recordedCalls().size()))
                .singleElement().satisfies(call -> assertThat(call.requestBody()).contains("Answer like a pirate"));

        BasaltProcess.Result third = signedIn(SECRET).run("chat", "--endpoint-url", endpoint, "--continue", "--system", "Be terse", "third");
        assertThat(third.exitCode()).as(third.stderr()).isZero();
        before = emulator.recordedCalls().size();
        BasaltProcess.Result fourth = signedIn(SECRET).run("chat", "--endpoint-url", endpoint, "--continue", "fourth");
        assertThat(fourth.exitCode()).as(fourth.stderr()).isZero();
        assertThat(emulator.recordedCalls().subList(before, emulator.recordedCalls().size()))
                .singleElement().satisfies(call -> assertThat(call.requestBody()).contains("Be terse").doesNotContain("pirate"));
    }

    @Test
    void standardEndpointVariableIsHonoured() {
        BasaltProcess.Result result = signedIn(SECRET)
                .env("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", emulator.endpoint().toString())
                .run("chat", "ping");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("ping\n");
    }

    @Test
    void pipedStdinIsThePromptWhenNoneIsGiven() {
        BasaltProcess.Result result = signedIn(SECRET)
                .runWithStdin("from a pipe", "chat", "--endpoint-url", emulator.endpoint().toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("from a pipe\n");
    }

    @Test
    void wrongSecretKeyIsOneLineThatNamesTheFix() {
        BasaltProcess.Result result = signedIn("not-the-secret-either")
                .run("chat", "--endpoint-url", emulator.endpoint().toString(), "Hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).startsWith("basalt: ").contains("AWS_SECRET_ACCESS_KEY").doesNotContain("Exception");
        assertThat(result.stderr()).doesNotContain("not-the-secret-either");
    }

    @Test
    void aFailureWithJsonOutputIsAlsoAnObjectOnStdout() {
        BasaltProcess.Result result = signedIn("not-the-secret-either")
                .run("chat", "--endpoint-url", emulator.endpoint().toString(), "--output", "json", "Hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stdout()).startsWith("{\"type\":\"error\",\"kind\":\"authentication\",\"message\":\"Bedrock rejected")
                .contains("\"hint\":\"check AWS_SECRET_ACCESS_KEY or the profile\"", "\"exit_code\":" + ExitCode.MODEL_ERROR)
                .endsWith("}\n");
        assertThat(result.stderrLines()).hasSize(1);

        BasaltProcess.Result model = signedIn(SECRET).run("chat", "--local", "--output", "stream-json", "--model", "sonet", "Hello");
        assertThat(model.stdout()).startsWith("{\"type\":\"error\",\"kind\":\"configuration\",\"message\":\"unknown model 'sonet'\"");

        BasaltProcess.Result usage = signedIn(SECRET).run("chat", "--local", "--output", "json", "--max-tokens", "0", "Hello");
        assertThat(usage.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(usage.stdout()).startsWith("{\"type\":\"error\",\"kind\":\"usage\",\"message\":\"--max-tokens must be at least 1\"");
    }

    @Test
    void aTurnThatFailsAfterSomeCallsReportsWhatTheyUsedInItsJsonError() {
        // a call that asks for a tool, then one the service refuses: the first was made, and billed
        try (Emulator failing = Emulator.builder().port(0).credentials(KEY_ID, SECRET).model(request -> {
            if (request.assistantTurns() == 0) {
                return new ModelReply(List.of(new ReplyBlock.ToolUse("t1", "list_files", List.of("{}"))), "tool_use",
                        TokenUsage.of(1_000_000, 100_000));
            }
            throw ModelError.validation("the second call is refused");
        }).start()) {
            BasaltProcess.Result result = signedIn(SECRET).run("chat", "--endpoint-url", failing.endpoint().toString(),
                    "--model", "claude-haiku-3", "--output", "json", "list the files");

            assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
            assertThat(result.stdout()).startsWith("{\"type\":\"error\",\"kind\":\"validation\"")
                    .contains("\"usage\":{\"input_tokens\":1000000,\"output_tokens\":100000,")
                    .contains("\"cost_usd\":0.375");   // $0.25 a million in, $1.25 a million out
        }
    }

    @Test
    void debugShowsTheStackTrace() {
        BasaltProcess.Result result = signedIn("not-the-secret-either")
                .run("--debug", "chat", "--endpoint-url", emulator.endpoint().toString(), "Hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stderrLines().size()).isGreaterThan(3);
        assertThat(result.stderr()).contains("\tat ");
        assertThat(result.stderr()).doesNotContain("not-the-secret-either");
    }

    @Test
    void unreachableEndpointIsOneLineThatNamesTheEndpoint() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + deadPort;

        BasaltProcess.Result result = signedIn(SECRET).run("chat", "--endpoint-url", endpoint, "Hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains(endpoint).contains("--endpoint-url");
    }

    @Test
    void missingCredentialsIsOneLineThatSaysHowToProvideThem() {
        BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(), "Hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("AWS_PROFILE").contains("aws configure");
    }

    @Test
    void aMistypedRegionIsOneLineNamingTheClosestBeforeAnyCall() {
        int before = emulator.recordedCalls().size();
        BasaltProcess.Result result = signedIn(SECRET).run("chat", "--endpoint-url", emulator.endpoint().toString(),
                "--region", "us-east1", "Hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).startsWith("basalt: unknown region 'us-east1' (closest: us-east-1");
        assertThat(emulator.recordedCalls()).hasSize(before);
    }

    @Test
    void badEndpointUrlIsAUsageError() {
        BasaltProcess.Result result = signedIn(SECRET).run("chat", "--endpoint-url", "not a url", "Hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("--endpoint-url");
    }

    @Test
    void unknownOptionIsOneLineWithWhereToLook() {
        BasaltProcess.Result result = basalt().run("chat", "--no-such-option", "Hello");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("--no-such-option").contains("basalt chat --help");
    }

    @Test
    void versionAndHelpDescribeTheTool() {
        BasaltProcess.Result version = basalt().run("--version");
        BasaltProcess.Result help = basalt().run("--help");

        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("basalt 0.");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("chat").contains("emulator").contains("Bedrock");
        // picocli lists a command with the first paragraph of its description: each must be a whole sentence
        String commands = help.stdout().substring(help.stdout().indexOf("Commands:"), help.stdout().indexOf("Examples:"));
        for (String command : commands.split("\n  (?=[a-z])")) {
            if (!command.startsWith("Commands:") && !command.startsWith("help ")) {
                assertThat(command.strip()).as(command).endsWith(".");
            }
        }
    }

    @Test
    void aliasesAndCustomReferencesResolveToTheIdsBedrockExpects() {
        int before = emulator.recordedCalls().size();

        BasaltProcess.Result alias = signedIn(SECRET).run("chat", "--endpoint-url", emulator.endpoint().toString(),
                "--region", "eu-west-1", "--model", "sonnet", "hi");
        BasaltProcess.Result custom = signedIn(SECRET).run("chat", "--endpoint-url", emulator.endpoint().toString(),
                "--model", "custom:us-west-2:CLAUDE_3_7_SONNET_20250219_V1_0", "hi");
        BasaltProcess.Result prefixed = signedIn(SECRET).run("chat", "--endpoint-url", emulator.endpoint().toString(),
                "--model", "bedrock:claude-haiku-3", "hi");

        assertThat(alias.exitCode()).as(alias.stderr()).isZero();
        assertThat(custom.exitCode()).as(custom.stderr()).isZero();
        assertThat(prefixed.exitCode()).as(prefixed.stderr()).isZero();
        assertThat(emulator.recordedCalls().subList(before, emulator.recordedCalls().size()))
                .extracting(c -> c.modelId())
                .containsExactly("eu.anthropic.claude-sonnet-4-6",
                        "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
                        "anthropic.claude-3-haiku-20240307-v1:0");
    }

    @Test
    void anUnknownModelIsOneLineNamingTheClosest() {
        BasaltProcess.Result result = signedIn(SECRET).run("chat", "--endpoint-url", emulator.endpoint().toString(),
                "--model", "sonet", "hi");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderrLines()).singleElement().asString()
                .contains("unknown model 'sonet'").contains("closest: sonnet").contains("basalt models");
    }

    @Test
    void modelsListsTheCatalogWithPrices() {
        BasaltProcess.Result result = basalt().run("models");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("anthropic.claude-sonnet-4-5-20250929-v1:0").contains("sonnet")
                .contains("amazon.nova-pro-v1:0").contains("meta.llama3-70b-instruct-v1:0").contains("cohere.embed-english-v3");
    }

    @Test
    void jsonOutputCarriesTheCostFromCatalogPrices() {
        BasaltProcess.Result result = signedIn(SECRET).run("chat", "--endpoint-url", emulator.endpoint().toString(),
                "--model", "haiku", "--output", "json", "what does it cost");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).containsPattern("\"cost_usd\":0\\.0000[0-9]+");
    }
}
