package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where doctor says the credentials came from: a place a reader knows, never the SDK's one-letter codes. */
class BedrockCredentialsTest {

    @Test
    void systemPropertiesAreNamedAsSuch() {
        System.setProperty("aws.accessKeyId", "AKIDSYSPROP1234");
        System.setProperty("aws.secretAccessKey", "sysprop-secret");
        try {
            BedrockCredentials.Found found = BedrockCredentials.resolve(null, "us-east-1");
            assertThat(found.source()).isEqualTo("system properties");
            assertThat(found.maskedKeyId()).isEqualTo("AKID…1234");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void aNamedProfileIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[work]\naws_access_key_id = AKIDPROFILE5678\naws_secret_access_key = profile-secret\n");
        System.setProperty("aws.sharedCredentialsFile", file.toString());
        System.setProperty("aws.configFile", dir.resolve("config").toString());
        try {
            assertThat(BedrockCredentials.resolve("work", "us-east-1").source()).isEqualTo("profile work");
        } finally {
            System.clearProperty("aws.sharedCredentialsFile");
            System.clearProperty("aws.configFile");
        }
    }

    @Test
    void theSdksCodesBecomePlaces() {
        assertThat(BedrockCredentials.source("g", null)).isEqualTo("environment variables");
        assertThat(BedrockCredentials.source("n,i", "dev")).isEqualTo("profile dev, an assumed role");
        assertThat(BedrockCredentials.source("0", null)).isEqualTo("instance profile");
        assertThat(BedrockCredentials.source("z", null)).isEqualTo("container");
        assertThat(BedrockCredentials.source("s", null)).isEqualTo("SSO");
        assertThat(BedrockCredentials.source("w", null)).isEqualTo("process");
        assertThat(BedrockCredentials.source("k", null)).isEqualTo("web identity");
        assertThat(BedrockCredentials.source("MyOwnProvider", null)).isEqualTo("MyOwnProvider");
    }
}
