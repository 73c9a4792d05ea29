package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The warm-up runs a streamed request through the SDK's whole pipeline without a connection. */
class BedrockWarmUpTest {

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void readiesTheSdkWithoutContactingTheEndpoint(String scheme) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI endpoint = URI.create(scheme + "://127.0.0.1:" + listener.getLocalPort());

            assertThat(BedrockWarmUp.run(endpoint, scheme.equals("https"))).as("the in-process answer's text").isEqualTo("warm");

            assertThat(contacted(listener)).as("the endpoint was contacted").isFalse();
        }
    }

    private static boolean contacted(ServerSocket listener) throws IOException {
        listener.setSoTimeout(300);
        try (var ignored = listener.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
