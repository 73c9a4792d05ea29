package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cli.mcp.McpServerConfig;
import dev.basalt.cli.mcp.TestMcpServer;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import java.nio.file.Files;
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
                .contains("ok    credentials  from environment variables, key AKID…1234")
                .contains("ok    model access us.anthropic.claude-sonnet-4-6 answered in")
                .doesNotContain("doctor-secret").doesNotContain("FAIL");
    }

    @Test
    void aBedrockApiKeyAloneIsEnoughAndNeverShown() {
        String key = "bedrock-api-key-DOC9";
        try (Emulator keyed = Emulator.builder().port(0).apiKey(key).start()) {
            BasaltProcess.Result ok = basalt().env("AWS_BEARER_TOKEN_BEDROCK", key)
                    .run("doctor", "--endpoint-url", keyed.endpoint().toString());
            assertThat(basalt().run("config", "set", "bedrock.apiKey", "wrong-key-0000").exitCode()).isZero();
            BasaltProcess.Result wrong = basalt().run("doctor", "--endpoint-url", keyed.endpoint().toString());

            assertThat(ok.exitCode()).as(ok.stdout()).isZero();
            assertThat(ok.stdout()).contains("ok    credentials  a Bedrock API key …DOC9 (from AWS_BEARER_TOKEN_BEDROCK")
                    .contains("ok    model access").doesNotContain(key).doesNotContain("ok    account").doesNotContain("FAIL");
            assertThat(wrong.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
            assertThat(wrong.stdout()).contains("a Bedrock API key …0000 (from the bedrock.apiKey setting")
                    .contains("FAIL  model access").doesNotContain("wrong-key");
        }
    }

    @Test
    void eachMcpServerOfTheSettingsIsALineWithItsToolsOrWhyItDidNotStart() throws Exception {
        McpServerConfig.Stdio calc = TestMcpServer.config("calc");
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode servers = root.putObject("mcp.servers");
        ObjectNode entry = servers.putObject("calc").put("command", calc.command());
        calc.args().forEach(entry.putArray("args")::add);
        calc.env().forEach(entry.putObject("env")::put);
        servers.putObject("docs").put("type", "http").put("url", "http://127.0.0.1:9/mcp")
                .putObject("headers").put("Authorization", "Bearer ${DOCTOR_DOCS_TOKEN}");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/settings.json"), root.toString());

        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .run("doctor", "--endpoint-url", emulator.endpoint().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stdout()).contains("ok    mcp calc     3 tools: add, echo, fail")
                .contains("FAIL  mcp docs     the environment variable DOCTOR_DOCS_TOKEN is not set")
                .contains("ok    model access");
    }

    @Test
    void anEndpointInTheEnvironmentServesTheAccountCheckAsTheFlagDoes() {
        BasaltProcess.Result doctor = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .env("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", emulator.endpoint().toString()).run("doctor", "--region", "us-west-2");
        BasaltProcess.Result models = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .env("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", emulator.endpoint().toString()).run("models", "--live", "--region", "us-west-2");

        assertThat(doctor.exitCode()).as(doctor.stdout()).isZero();
        assertThat(doctor.stdout()).contains("ok    account      123456789012 as arn:aws:iam::123456789012:user/AKIDDOCTOR1234")
                .contains("ok    endpoint     " + emulator.endpoint());
        assertThat(models.exitCode()).as(models.stderr()).isZero();
        assertThat(models.stdout()).contains("Models in us-west-2").contains("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    @Test
    void aFailedAccountCheckNamesStsAndItsEndpoint() {
        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9").env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
                .run("doctor", "--region", "us-west-2");

        assertThat(result.stdout()).contains("FAIL  account      STS GetCallerIdentity: ").contains("http://127.0.0.1:9")
                .contains("AWS_ENDPOINT_URL_STS");
    }

    @Test
    void anUnknownRegionIsNamedWithTheClosestAndNothingIsCalled() {
        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .run("doctor", "--endpoint-url", emulator.endpoint().toString(), "--region", "moon-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stdout()).contains("FAIL  region       unknown region 'moon-1' (closest: ")
                .contains("FAIL  model access not tried without a known region").doesNotContain("ok    account");
    }

    @Test
    void anEmbeddingModelFailsTheModelCheck() {
        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .run("doctor", "--endpoint-url", emulator.endpoint().toString(), "-m", "titan-embed");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(result.stdout()).contains("FAIL  model        titan-embed is an embedding model: use `basalt embed`");
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

    @Test
    void aGoodSetUpShowsTheAccountTheKeysBelongTo() {
        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .run("doctor", "--endpoint-url", emulator.endpoint().toString());

        assertThat(result.stdout()).contains("ok    account      123456789012 as arn:aws:iam::123456789012:user/AKIDDOCTOR1234");
    }

    @Test
    void aWrongRegionIsNamedAsARegionProblem() {
        try (Emulator regional = Emulator.builder().credentials("AKIDDOCTOR1234", "doctor-secret").region("us-east-1").start()) {
            BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                    .run("doctor", "--endpoint-url", regional.endpoint().toString(), "--region", "eu-west-1");

            assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
            assertThat(result.stdout()).contains("FAIL  model access").contains("does not serve region eu-west-1")
                    .contains("--region");
        }
    }

    @Test
    void noModelAccessNamesTheIamActionAndTheConsole() {
        try (Emulator denied = Emulator.builder().credentials("AKIDDOCTOR1234", "doctor-secret")
                .fault(FaultRule.always(new Fault.Error(403, "AccessDeniedException",
                        "You don't have access to the model with the specified model ID."))).start()) {
            BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                    .run("doctor", "--endpoint-url", denied.endpoint().toString());

            assertThat(result.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
            assertThat(result.stdout()).contains("ok    account").contains("FAIL  model access").contains("bedrock:InvokeModel");
        }
    }

    @Test
    void modelsLiveListsWhatTheEndpointOffers() {
        BasaltProcess.Result result = basalt().env("AWS_ACCESS_KEY_ID", "AKIDDOCTOR1234").env("AWS_SECRET_ACCESS_KEY", "doctor-secret")
                .run("models", "--live", "--endpoint-url", emulator.endpoint().toString(), "--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Models in eu-west-1")
                .containsPattern("anthropic.claude-sonnet-4-5-20250929-v1:0 +Anthropic +profile only")
                .containsPattern("anthropic.claude-3-haiku-20240307-v1:0 +Anthropic +on demand, profiles")
                .contains("eu.anthropic.claude-sonnet-4-5-20250929-v1:0").doesNotContain("us.anthropic.");
    }
}
