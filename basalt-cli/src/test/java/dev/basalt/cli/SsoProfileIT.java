package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.RecordedCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SSO profile through the built jar, as `aws sso login` leaves it: an sso-session in the config file
 * and its token in ~/.aws/sso/cache (the SDK finds that cache only under HOME, so this runs as a
 * process). The SSO portal, which the emulator does not serve, is a server on 127.0.0.1 reached through
 * AWS_ENDPOINT_URL_SSO; it hands out keys the emulator accepts. The SDK calls the portal with its own
 * synchronous HTTP client, so this also proves the jar carries one.
 */
class SsoProfileIT {

    static final String ACCESS_TOKEN = "sso-access-token-from-login";

    @TempDir
    Path home;

    private Emulator emulator;
    private HttpServer portal;
    private final List<String> portalRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        emulator = Emulator.builder().credentials("ASIAFROMSSO", "sso-role-secret").start();
        portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        portal.createContext("/", exchange -> {
            try (exchange) {
                portalRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " token="
                        + exchange.getRequestHeaders().getFirst("x-amz-sso_bearer_token"));
                byte[] body = ("{\"roleCredentials\": {\"accessKeyId\": \"ASIAFROMSSO\", \"secretAccessKey\": \"sso-role-secret\","
                        + " \"sessionToken\": \"sso-session-token\", \"expiration\": 4102444800000}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        portal.start();
        Files.writeString(home.resolve("aws-config"), """
                [profile sso-dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = BedrockUser
                region = us-west-2

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                sso_registration_scopes = sso:account:access
                """);
    }

    @AfterEach
    void stop() {
        portal.stop(0);
        emulator.close();
    }

    private BasaltProcess basalt() {
        return new BasaltProcess(home).env("BASALT_HOME", home.resolve("data").toString())
                .env("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:" + portal.getAddress().getPort());
    }

    /** Where `aws sso login` caches the token of an sso-session: named by the SHA-1 of the session's name. */
    private void cacheToken(String expiresAt) throws IOException, NoSuchAlgorithmException {
        Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
        String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest("corp".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(cache.resolve(name + ".json"), """
                {"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "%s", "expiresAt": "%s",
                 "clientId": "client-id", "clientSecret": "client-secret", "registrationExpiresAt": "2099-01-01T00:00:00Z",
                 "refreshToken": "refresh-token"}
                """.formatted(ACCESS_TOKEN, expiresAt));
    }

    @Test
    void theCachedSsoTokenBuysRoleKeysThatSignTheCallAndDoctorNamesTheSource() throws Exception {
        cacheToken("2099-01-01T00:00:00Z");

        BasaltProcess.Result chat = basalt().run("chat", "--profile", "sso-dev", "--endpoint-url", emulator.endpoint().toString(),
                "--model", "anthropic.claude-3-haiku-20240307-v1:0", "--no-tools", "hello through sso");
        List<String> askedByChat = List.copyOf(portalRequests);
        BasaltProcess.Result doctor = basalt().run("doctor", "--profile", "sso-dev", "--endpoint-url", emulator.endpoint().toString());

        assertThat(chat.exitCode()).as(chat.stderr()).isZero();
        assertThat(chat.stdout()).isEqualTo("hello through sso\n");
        RecordedCall call = emulator.recordedCalls().get(0);
        assertThat(call.header("authorization")).contains("Credential=ASIAFROMSSO/").contains("/us-west-2/bedrock/");
        assertThat(call.header("x-amz-security-token")).isEqualTo("sso-session-token");
        assertThat(askedByChat).singleElement().asString().startsWith("GET /federation/credentials?")
                .contains("account_id=123456789012", "role_name=BedrockUser").endsWith(" token=" + ACCESS_TOKEN);
        assertThat(doctor.stdout()).contains("ok    credentials  from SSO (profile sso-dev), key ASIA…MSSO")
                .doesNotContain("sso-role-secret").doesNotContain(ACCESS_TOKEN);
    }

    @Test
    void anExpiredSsoTokenIsOneLineSayingToLogInWithTheProfile() throws Exception {
        cacheToken("2020-01-01T00:00:00Z");

        BasaltProcess.Result chat = basalt().run("chat", "--profile", "sso-dev", "--endpoint-url", emulator.endpoint().toString(),
                "--model", "anthropic.claude-3-haiku-20240307-v1:0", "--no-tools", "hello");

        assertThat(chat.exitCode()).isEqualTo(ExitCode.MODEL_ERROR);
        assertThat(chat.stderr()).contains("aws sso login --profile sso-dev").doesNotContain(ACCESS_TOKEN);
        assertThat(chat.stdout()).isEmpty();
        assertThat(portalRequests).isEmpty();
        assertThat(emulator.recordedCalls()).isEmpty();
    }
}
