package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.RecordedCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings the SDK reads from the AWS configuration files and the environment, exercised against the
 * emulator. The SDK reads each environment variable's system-property twin first, so tests set those
 * ({@code aws.configFile} for AWS_CONFIG_FILE, {@code aws.endpointUrlBedrockRuntime} for
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME) and put them back afterwards.
 */
class AwsConfigurationTest {

    static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    static Emulator emulator;

    @TempDir
    static Path home;

    private final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void start() throws IOException {
        emulator = Emulator.builder().credentials("AKIDFROMPROFILE", "profile-secret").credentials("AKIDSTATIC", "static-secret")
                .credentials("AKIDFROMPROCESS", "process-secret").credentials("ASIAFROMCONTAINER", "container-secret")
                .credentials("ASIAFROMWEBIDENTITY", "web-identity-secret").start();
        Path issued = home.resolve("issued.json");
        Files.writeString(issued, "{\"Version\": 1, \"AccessKeyId\": \"AKIDFROMPROCESS\", \"SecretAccessKey\": \"process-secret\"}");
        Files.writeString(home.resolve("config"), """
                [profile dev]
                region = eu-west-3
                aws_access_key_id = AKIDFROMPROFILE
                aws_secret_access_key = profile-secret

                [profile process]
                region = us-west-2
                credential_process = cat %s

                [profile broken-process]
                region = us-west-2
                credential_process = sh -c "echo no such vault >&2; exit 3"
                """.formatted(issued));
        Files.writeString(home.resolve("credentials"), "");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void restoreSystemProperties() {
        saved.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    private void set(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    private void useConfigFiles() {
        set("aws.configFile", home.resolve("config").toString());
        set("aws.sharedCredentialsFile", home.resolve("credentials").toString());
    }

    private static RecordedCall lastCall() {
        List<RecordedCall> calls = emulator.recordedCalls();
        return calls.get(calls.size() - 1);
    }

    @Test
    void theEndpointVariableIsHonouredByTheSdkWhenNoEndpointIsGiven() {
        set("aws.endpointUrlBedrockRuntime", emulator.endpoint().toString());
        try (BedrockChatModel model = BedrockChatModel.builder().region("us-west-2").credentials("AKIDSTATIC", "static-secret").build()) {
            assertThat(model.chat(ChatRequest.builder(MODEL).user("routed by the environment").build()).text())
                    .isEqualTo("routed by the environment");
            assertThat(model.endpointInUse()).isEqualTo(emulator.endpoint());
        }
        assertThat(lastCall().header("authorization")).contains("/us-west-2/bedrock/aws4_request");
    }

    @Test
    void aNamedProfileSuppliesCredentialsAndRegion() {
        useConfigFiles();
        assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "AWS_REGION would take precedence over the profile's region");
        try (BedrockChatModel model = BedrockChatModel.builder().profile("dev").endpoint(emulator.endpoint()).build()) {
            assertThat(model.region()).isEqualTo("eu-west-3");
            assertThat(model.chat(ChatRequest.builder(MODEL).user("from the profile").build()).text()).isEqualTo("from the profile");
        }
        assertThat(lastCall().header("authorization")).contains("Credential=AKIDFROMPROFILE/").contains("/eu-west-3/bedrock/");
        assertThat(BedrockChatModel.resolveRegion(null, "dev")).isEqualTo("eu-west-3");
        assertThat(BedrockChatModel.resolveRegion("ca-central-1", "dev")).isEqualTo("ca-central-1");
    }

    @Test
    void aProfilesCredentialProcessSignsTheCallsAndIsNamedAsTheSource() {
        useConfigFiles();
        try (BedrockChatModel model = BedrockChatModel.builder().profile("process").region("us-west-2").endpoint(emulator.endpoint()).build()) {
            assertThat(model.chat(ChatRequest.builder(MODEL).user("from a process").build()).text()).isEqualTo("from a process");
        }
        assertThat(lastCall().header("authorization")).contains("Credential=AKIDFROMPROCESS/");
        assertThat(BedrockCredentials.resolve("process", "us-west-2").source()).isEqualTo("process (profile process)");
    }

    @Test
    void aCredentialProcessThatFailsIsAuthenticationNamingTheProfile() {
        useConfigFiles();
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = BedrockChatModel.builder().profile("broken-process").region("us-west-2")
                .endpoint(emulator.endpoint()).build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder(MODEL).user("hi").build()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                        assertThat(e.hint()).contains("broken-process");
                    });
        }
        assertThat(emulator.recordedCalls()).hasSize(before);
    }

    @Test
    void containerCredentialsSignTheCallsWithTheirSessionTokenAndAreNamedAsTheSource() throws IOException {
        assumeNoCredentialsInTheEnvironment();
        useConfigFiles();
        Path tokenFile = home.resolve("container-token");
        Files.writeString(tokenFile, "container-auth-token");
        try (StandInAwsService container = StandInAwsService.answering("application/json", containerCredentials("ASIAFROMCONTAINER",
                "container-secret"))) {
            set("aws.containerCredentialsFullUri", container.endpoint() + "/v2/credentials/task-7");
            set("aws.containerAuthorizationTokenFile", tokenFile.toString());
            try (BedrockChatModel model = BedrockChatModel.builder().region("us-west-2").endpoint(emulator.endpoint()).build()) {
                assertThat(model.chat(ChatRequest.builder(MODEL).user("from a container").build()).text()).isEqualTo("from a container");
            }
            assertThat(BedrockCredentials.resolve(null, "us-west-2").source()).isEqualTo("container");

            StandInAwsService.Request asked = container.requests().get(0);
            assertThat(asked.pathAndQuery()).isEqualTo("/v2/credentials/task-7");
            assertThat(asked.header("authorization")).isEqualTo("container-auth-token");
        }
        assertThat(lastCall().header("authorization")).contains("Credential=ASIAFROMCONTAINER/");
        assertThat(lastCall().header("x-amz-security-token")).isEqualTo("container-session-token");
    }

    @Test
    void containerCredentialsBedrockDoesNotKnowAreAuthentication() {
        assumeNoCredentialsInTheEnvironment();
        useConfigFiles();
        try (StandInAwsService container = StandInAwsService.answering("application/json", containerCredentials("ASIAREVOKED",
                "revoked-secret"))) {
            set("aws.containerCredentialsFullUri", container.endpoint() + "/v2/credentials/task-7");
            set("aws.containerAuthorizationToken", "container-auth-token");
            try (BedrockChatModel model = BedrockChatModel.builder().region("us-west-2").endpoint(emulator.endpoint()).build()) {
                assertThatThrownBy(() -> model.chat(ChatRequest.builder(MODEL).user("hi").build()))
                        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
            }
            assertThat(container.requests()).first().satisfies(asked -> assertThat(asked.header("authorization"))
                    .isEqualTo("container-auth-token"));
        }
        assertThat(lastCall().header("authorization")).contains("Credential=ASIAREVOKED/");
    }

    private static String containerCredentials(String keyId, String secret) {
        return "{\"AccessKeyId\": \"%s\", \"SecretAccessKey\": \"%s\", \"Token\": \"container-session-token\", \"Expiration\": \"2099-01-01T00:00:00Z\"}"
                .formatted(keyId, secret);
    }

    /**
     * The SDK's web-identity provider asks STS with its own synchronous client, so this also proves a
     * sync HTTP client is on the class path. STS's endpoint comes from aws.endpointUrlSts
     * (AWS_ENDPOINT_URL_STS), which the SDK honours only when a region is set in the environment or
     * profile: without one it calls https://sts.amazonaws.com whatever the endpoint variable says.
     */
    @Test
    void aWebIdentityTokenIsExchangedAtStsForKeysThatSignTheCalls() throws IOException {
        assumeNoCredentialsInTheEnvironment();
        useConfigFiles();
        Path token = home.resolve("web-identity-token");
        Files.writeString(token, "eyJ.web-identity.jwt");
        try (StandInAwsService sts = StandInAwsService.answering("text/xml", """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <Credentials>
                      <AccessKeyId>ASIAFROMWEBIDENTITY</AccessKeyId>
                      <SecretAccessKey>web-identity-secret</SecretAccessKey>
                      <SessionToken>web-identity-session-token</SessionToken>
                      <Expiration>2099-01-01T00:00:00Z</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/basalt-ci/basalt-test</Arn>
                      <AssumedRoleId>AROAEXAMPLE:basalt-test</AssumedRoleId>
                    </AssumedRoleUser>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>7</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """)) {
            set("aws.region", "us-west-2");
            set("aws.endpointUrlSts", sts.endpoint().toString());
            set("aws.webIdentityTokenFile", token.toString());
            set("aws.roleArn", "arn:aws:iam::123456789012:role/basalt-ci");
            set("aws.roleSessionName", "basalt-test");
            try (BedrockChatModel model = BedrockChatModel.builder().region("us-west-2").endpoint(emulator.endpoint()).build()) {
                assertThat(model.chat(ChatRequest.builder(MODEL).user("from a web identity").build()).text())
                        .isEqualTo("from a web identity");
            }
            assertThat(BedrockCredentials.resolve(null, "us-west-2").source()).isEqualTo("web identity");

            StandInAwsService.Request asked = sts.requests().get(0);
            assertThat(asked.method()).isEqualTo("POST");
            assertThat(asked.body()).contains("Action=AssumeRoleWithWebIdentity", "WebIdentityToken=eyJ.web-identity.jwt",
                    "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fbasalt-ci", "RoleSessionName=basalt-test");
        }
        assertThat(lastCall().header("authorization")).contains("Credential=ASIAFROMWEBIDENTITY/");
        assertThat(lastCall().header("x-amz-security-token")).isEqualTo("web-identity-session-token");
    }

    @Test
    void aNamedProfileThatDoesNotExistIsConfigurationNamingIt() {
        useConfigFiles();
        try (BedrockChatModel model = BedrockChatModel.builder().profile("nope").endpoint(emulator.endpoint()).build()) {
            assertThatThrownBy(() -> model.stream(ChatRequest.builder(MODEL).user("hi").build(), e -> { }))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
                        assertThat(e.getMessage()).contains("'nope'").contains("~/.aws/config");
                        assertThat(e.hint()).contains("--profile nope");
                    });
        }
    }

    @Test
    void anAwsProfileVariableNamingAMissingProfileIsConfigurationNamingIt() {
        assumeNoCredentialsInTheEnvironment();
        useConfigFiles();
        set("aws.profile", "typo");
        try (BedrockChatModel model = BedrockChatModel.builder().endpoint(emulator.endpoint()).build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder(MODEL).user("hi").build()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
                        assertThat(e.getMessage()).contains("'typo'");
                    });
        }
    }

    @Test
    void noCredentialsAnywhereIsAuthenticationSayingHowToProvideThem() {
        assumeNoCredentialsInTheEnvironment();
        assumeTrue(System.getenv("AWS_PROFILE") == null, "AWS_PROFILE is set");
        useConfigFiles();
        try (BedrockChatModel model = BedrockChatModel.builder().endpoint(emulator.endpoint()).build()) {
            assertThatThrownBy(() -> model.stream(ChatRequest.builder(MODEL).user("hi").build(), e -> { }))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                        assertThat(e.hint()).isEqualTo("set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                                + "or run `aws configure` / `aws sso login`");
                    });
        }
    }

    private void assumeNoCredentialsInTheEnvironment() {
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            assumeTrue(System.getenv(variable) == null, variable + " is set");
        }
        assumeTrue(System.getProperty("aws.accessKeyId") == null, "aws.accessKeyId is set");
        // the instance metadata service is the chain's last resort; off EC2 it only costs time
        set("aws.disableEc2Metadata", "true");
    }

    @Test
    void aProfileWithoutARegionFallsBackToUsEast1() {
        useConfigFiles();
        assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "AWS_REGION would take precedence");

        assertThat(BedrockChatModel.resolveRegion(null, "nope")).isEqualTo("us-east-1");
        assertThat(BedrockChatModel.resolveRegion("  ", "nope")).isEqualTo("us-east-1");
    }
}
