package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.emulator.Emulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The real AWS SDK client against the emulator on a random port, SigV4 verified, over both HTTP versions. */
class EmulatorBackedChatModelTest {

    static final String KEY_ID = "AKIDPROVIDERTEST";
    static final String SECRET = "provider-test-secret";

    static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static BedrockChatModel newModel(Boolean http2, String secret) {
        return BedrockChatModel.builder().region("us-east-1").endpoint(emulator.endpoint())
                .credentials(KEY_ID, secret).http2(http2).build();
    }

    @Nested
    class OverHttp1 extends ChatModelContract {
        final BedrockChatModel model = newModel(false, SECRET);

        @Override
        ChatModel model() {
            return model;
        }

        @Test
        void requestsArriveOverHttp1WithTheModelIdDecoded() {
            model.chat(ChatRequest.builder(modelId()).user("which protocol?").build());

            assertThat(emulator.recordedCalls()).last().satisfies(call -> {
                assertThat(call.modelId()).isEqualTo(modelId());
                assertThat(call.httpVersion()).isEqualTo("HTTP/1.1");
                assertThat(call.auth()).isEqualTo("sigv4");
                assertThat(call.status()).isEqualTo(200);
            });
        }
    }

    @Nested
    class OverHttp2 extends ChatModelContract {
        final BedrockChatModel model = newModel(true, SECRET);

        @Override
        ChatModel model() {
            return model;
        }

        @Test
        void streamsArriveOverHttp2() {
            model.stream(ChatRequest.builder(modelId()).user("which protocol?").build(), e -> { });

            assertThat(emulator.recordedCalls()).last().satisfies(call -> {
                assertThat(call.operation()).isEqualTo("ConverseStream");
                assertThat(call.httpVersion()).isEqualTo("HTTP/2");
                assertThat(call.status()).isEqualTo(200);
            });
        }
    }

    @Test
    void wrongSecretIsAuthenticationWithTheKeyHint() {
        try (BedrockChatModel model = newModel(true, "not-the-secret")) {
            assertThatThrownBy(() -> model.stream(ChatRequest.builder("anthropic.claude-3-haiku-20240307-v1:0").user("hi").build(), e -> { }))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                        assertThat(e.hint()).contains("AWS_SECRET_ACCESS_KEY");
                        assertThat(e.getMessage()).doesNotContain("not-the-secret");
                    });
            assertThatThrownBy(() -> model.chat(ChatRequest.builder("anthropic.claude-3-haiku-20240307-v1:0").user("hi").build()))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
        }
    }

    @Test
    void deadEndpointIsNetworkNamingTheEndpoint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port);
        try (BedrockChatModel model = BedrockChatModel.builder().region("us-east-1").endpoint(dead)
                .credentials(KEY_ID, SECRET).build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder("m").user("hi").build()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
                        assertThat(e.getMessage()).contains(dead.toString());
                    });
        }
    }

    @Test
    void regionFollowsTheFlagFirst() {
        assertThat(BedrockChatModel.resolveRegion("eu-central-1", null)).isEqualTo("eu-central-1");
    }
}
