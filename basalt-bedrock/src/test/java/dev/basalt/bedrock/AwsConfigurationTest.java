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
                .credentials("AKIDFROMPROCESS", "process-secret").start();
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
