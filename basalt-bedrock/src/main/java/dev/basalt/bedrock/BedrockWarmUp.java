package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.RuntimeClientFactory;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.eventstream.HeaderValue;

/**
 * Gets the SDK ready for a first call while the caller is still busy with something else (parsing
 * its command line, reading settings): on a second core, the classes a streamed answer needs are
 * loaded and initialised by building a throw-away client and running one streamed request through the
 * SDK's whole pipeline (marshalling, signing, decoding events, unmarshalling them).
 *
 * <p>Nothing leaves the process: that request is answered in-process by a recorded event stream, the
 * endpoint is never contacted and the credentials are placeholders. A process that only prints help pays
 * nothing on its main thread; a process that calls Bedrock finds the work done or in progress (class
 * initialisation is once per JVM, so the two threads never do it twice). Measured by bench/run: a
 * one-shot answer starts its request about 0.3 s sooner on two cores.
 */
public final class BedrockWarmUp {

    private BedrockWarmUp() {
    }

    /**
     * Starts the warm-up on a daemon thread and returns at once; failures are ignored, it is only a head start.
     *
     * @param tls whether the call will likely go over https (Bedrock itself rather than a local
     *     endpoint): then the JDK's TLS (providers, trusted certificates) is readied too
     */
    public static void start(boolean tls) {
        URI nowhere = URI.create((tls ? "https" : "http") + "://127.0.0.1:9");
        Thread thread = new Thread(() -> run(nowhere, tls), "basalt-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The warm-up itself, on the caller's thread. Builds the client a real call builds (Netty, for
     * {@code endpoint}, which is never contacted), then runs one ConverseStream through the SDK with an
     * HTTP client that answers in-process with a recorded event stream. Returns the text the SDK
     * delivered from that answer, or null when something failed.
     */
    static String run(URI endpoint, boolean tls) {
        AwsCredentialsProvider placeholder = StaticCredentialsProvider.create(AwsBasicCredentials.create("WARMUP", "warm-up"));
        RuntimeClientFactory factory = new RuntimeClientFactory(null, endpoint, placeholder, null);
        try {
            factory.newClient("us-east-1").close();
            StringBuilder text = new StringBuilder();
            try (BedrockRuntimeAsyncClient client = BedrockRuntimeAsyncClient.builder().region(Region.US_EAST_1)
                    .credentialsProvider(placeholder).endpointOverride(endpoint).httpClient(new RecordedAnswer()).build()) {
                ConverseStreamRequest request = ConverseStreamRequest.builder()
                        .modelId("anthropic.claude-3-haiku-20240307-v1:0")
                        .system(SystemContentBlock.fromText("warm up"))
                        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("warm up")).build())
                        .inferenceConfig(c -> c.maxTokens(1).stopSequences(List.of()))
                        .build();
                client.converseStream(request, ConverseStreamResponseHandler.builder()
                        .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                                .onContentBlockDelta(delta -> text.append(delta.delta().text()))
                                .build())
                        .build()).join();
            }
            ProfileFile.defaultProfileFile();   // what the credentials and region chains parse first
            if (tls) {
                SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
            }
            return text.toString();
        } catch (RuntimeException | LinkageError | javax.net.ssl.SSLException ignored) {
            // A head start only: the real call does the same work and reports any real problem.
            return null;
        } finally {
            factory.close();
        }
    }

    /** An HTTP client that answers every request at once, in-process, with a short ConverseStream answer. */
    private static final class RecordedAnswer implements SdkAsyncHttpClient {

        private static final byte[] EVENTS = events(
                "messageStart", "{\"role\":\"assistant\"}",
                "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"warm\"}}",
                "contentBlockStop", "{\"contentBlockIndex\":0}",
                "messageStop", "{\"stopReason\":\"end_turn\"}",
                "metadata", "{\"usage\":{\"inputTokens\":2,\"outputTokens\":1,\"totalTokens\":3},\"metrics\":{\"latencyMs\":1}}");

        @Override
        public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
            request.responseHandler().onHeaders(SdkHttpResponse.builder().statusCode(200)
                    .putHeader("content-type", "application/vnd.amazon.eventstream")
                    .putHeader("x-amzn-requestid", "warm-up")
                    .build());
            request.responseHandler().onStream(AsyncRequestBody.fromBytes(EVENTS));
            return CompletableFuture.completedFuture(null);
        }

        /** Event-stream frames, as Bedrock sends them: pairs of event type and JSON payload. */
        private static byte[] events(String... typesAndPayloads) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < typesAndPayloads.length; i += 2) {
                Map<String, HeaderValue> headers = new LinkedHashMap<>();
                headers.put(":event-type", HeaderValue.fromString(typesAndPayloads[i]));
                headers.put(":content-type", HeaderValue.fromString("application/json"));
                headers.put(":message-type", HeaderValue.fromString("event"));
                ByteBuffer frame = new software.amazon.eventstream.Message(headers,
                        typesAndPayloads[i + 1].getBytes(StandardCharsets.UTF_8)).toByteBuffer();
                out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            }
            return out.toByteArray();
        }

        @Override
        public String clientName() {
            return "basalt-warm-up";
        }

        @Override
        public void close() {
        }
    }
}
