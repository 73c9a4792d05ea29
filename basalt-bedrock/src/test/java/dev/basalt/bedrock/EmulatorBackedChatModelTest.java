package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.ModelBehaviour;
import dev.basalt.emulator.RecordedCall;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/** The real AWS SDK client against the emulator on a random port, SigV4 verified, over both HTTP versions. */
class EmulatorBackedChatModelTest {

    static final String KEY_ID = "AKIDPROVIDERTEST";
    static final String SECRET = "provider-test-secret";
    static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    static Emulator emulator;
    static BedrockChatModel overHttp1;
    static BedrockChatModel overHttp2;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).credentials(KEY_ID, SECRET).start();
        overHttp1 = newModel(emulator.endpoint(), false, SECRET);
        overHttp2 = newModel(emulator.endpoint(), true, SECRET);
    }

    @AfterAll
    static void stop() {
        overHttp1.close();
        overHttp2.close();
        emulator.close();
    }

    static BedrockChatModel newModel(URI endpoint, Boolean http2, String secret) {
        return BedrockChatModel.builder().region("us-east-1").endpoint(endpoint)
                .credentials(KEY_ID, secret).http2(http2).build();
    }

    static RecordedCall lastCall() {
        List<RecordedCall> calls = emulator.recordedCalls();
        return calls.get(calls.size() - 1);
    }

    @Nested
    class OverHttp1 extends ChatModelContract {

        @Override
        ChatModel model() {
            return overHttp1;
        }

        @Test
        void requestsArriveOverHttp1WithTheColonInTheModelIdPercentEncoded() {
            overHttp1.chat(ChatRequest.builder(modelId()).user("which protocol?").build());

            RecordedCall call = lastCall();
            assertThat(call.rawPath()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
            assertThat(call.modelId()).isEqualTo(modelId());
            assertThat(call.httpVersion()).isEqualTo("HTTP/1.1");
            assertThat(call.auth()).isEqualTo("sigv4");
            assertThat(call.status()).isEqualTo(200);
        }
    }

    @Nested
    class OverHttp2 extends ChatModelContract {

        @Override
        ChatModel model() {
            return overHttp2;
        }

        @Test
        void streamsArriveOverHttp2WithTheColonInTheModelIdPercentEncoded() {
            overHttp2.stream(ChatRequest.builder(modelId()).user("which protocol?").build(), e -> { });

            RecordedCall call = lastCall();
            assertThat(call.operation()).isEqualTo("ConverseStream");
            assertThat(call.rawPath()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
            assertThat(call.httpVersion()).isEqualTo("HTTP/2");
            assertThat(call.status()).isEqualTo(200);
        }
    }

    @Test
    void withoutAProtocolChoiceTheSdksDefaultReachesTheEmulator() {
        try (BedrockChatModel model = newModel(emulator.endpoint(), null, SECRET)) {
            assertThat(model.chat(ChatRequest.builder(MODEL).user("default protocol").build()).text()).isEqualTo("default protocol");
        }
        // Bedrock runtime's SDK client defaults to HTTP/2 (ALPN on https); on http:// that is h2c with prior knowledge.
        assertThat(lastCall().httpVersion()).isEqualTo("HTTP/2");
    }

    @Test
    void wrongSecretIsAuthenticationWithTheKeyHintAndIsNotRetried() {
        int before = emulator.recordedCalls().size();
        try (BedrockChatModel model = newModel(emulator.endpoint(), true, "not-the-secret")) {
            assertThatThrownBy(() -> model.stream(ChatRequest.builder(MODEL).user("hi").build(), e -> { }))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                        assertThat(e.hint()).isEqualTo("check AWS_SECRET_ACCESS_KEY or the profile");
                        assertThat(e.userMessage()).doesNotContain("not-the-secret");
                    });
            assertThatThrownBy(() -> model.chat(ChatRequest.builder(MODEL).user("hi").build()))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
        }

        List<RecordedCall> calls = emulator.recordedCalls().subList(before, emulator.recordedCalls().size());
        assertThat(calls).hasSize(2).allSatisfy(call -> assertThat(call.status()).isEqualTo(403));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.1", "HTTP/2", "default"})
    void deadEndpointIsNetworkNamingTheEndpointWithoutWaitingForTheAcquireTimeout(String protocol) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port);
        Boolean http2 = protocol.equals("default") ? null : protocol.equals("HTTP/2");
        try (BedrockChatModel model = newModel(dead, http2, SECRET)) {
            for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> model.chat(ChatRequest.builder(MODEL).user("hi").build()))
                        .isInstanceOfSatisfying(ModelException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
                            assertThat(e.getMessage()).contains("cannot connect to " + dead);
                            assertThat(e.hint()).contains("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
                        });
                // A refused connect must not be lost in the SDK's pool until its 10 s acquisition timeout.
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            }
        }
    }

    @Test
    void interruptingTheCallerCancelsAStreamThatHasNotAnswered() throws InterruptedException {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ModelBehaviour stalling = request -> {
            arrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new EchoModel().reply(request);
        };
        try (Emulator slow = Emulator.builder().credentials(KEY_ID, SECRET).model(stalling).start();
             BedrockChatModel model = newModel(slow.endpoint(), true, SECRET)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    model.stream(ChatRequest.builder(MODEL).user("never answered").build(), e -> { });
                } catch (Throwable t) {
                    thrown.set(t);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            try {
                caller.start();
                assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
                caller.interrupt();
                caller.join(5_000);
            } finally {
                release.countDown();
            }

            assertThat(caller.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOfSatisfying(ModelException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
            assertThat(stillInterrupted).isTrue();
        }
    }

    @Test
    void anInjectedClientIsUsedAndLeftOpenForItsOwner() {
        // our own event loop, stopped without a quiet period: the SDK's default one takes 2 s to close
        NioEventLoopGroup loop = new NioEventLoopGroup(1);
        try (BedrockRuntimeAsyncClient client = BedrockRuntimeAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().eventLoopGroup(SdkEventLoopGroup.create(loop)))
                .region(Region.US_EAST_1)
                .endpointOverride(emulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build()) {
            BedrockChatModel first = BedrockChatModel.builder().client(client).build();
            assertThat(first.chat(ChatRequest.builder(MODEL).user("injected").build()).text()).isEqualTo("injected");
            first.close();

            BedrockChatModel second = BedrockChatModel.builder().client(client).build();
            assertThat(second.stream(ChatRequest.builder(MODEL).user("still open").build(), e -> { }).text()).isEqualTo("still open");
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void regionFollowsTheFlagFirst() {
        assertThat(BedrockChatModel.resolveRegion("eu-central-1", null)).isEqualTo("eu-central-1");
        assertThat(BedrockChatModel.builder().region("ap-southeast-2").build().region()).isEqualTo("ap-southeast-2");
    }
}
