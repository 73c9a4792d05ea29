package dev.basalt.bedrock;

import dev.basalt.bedrock.internal.RuntimeClientFactory;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * Gets the SDK ready for a first call while the caller is still busy with something else (parsing
 * its command line, reading settings): on a second core, the classes a streamed answer needs are
 * loaded and initialised by building a throw-away client and running one request through the SDK's
 * pipeline (marshalling, signing, the event-stream handler) up to the moment it would be sent.
 *
 * <p>Nothing leaves the process: the request is stopped before transmission, the client's endpoint
 * is never contacted and its credentials are placeholders. A process that only prints help pays
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
     * The warm-up itself, on the caller's thread: true when the request went through the SDK's pipeline
     * and was stopped before it could be sent to {@code endpoint} (never contacted).
     */
    static boolean run(URI endpoint, boolean tls) {
        RuntimeClientFactory factory = new RuntimeClientFactory(null, endpoint,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("WARMUP", "warm-up")), null);
        try {
            BedrockRuntimeAsyncClient client = factory.build(BedrockRuntimeAsyncClient.builder()
                    .overrideConfiguration(o -> o.addExecutionInterceptor(new StopBeforeSending())), "us-east-1");
            ConverseStreamRequest request = ConverseStreamRequest.builder()
                    .modelId("anthropic.claude-3-haiku-20240307-v1:0")
                    .system(SystemContentBlock.fromText("warm up"))
                    .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("warm up")).build())
                    .inferenceConfig(c -> c.maxTokens(1).stopSequences(List.of()))
                    .build();
            CompletableFuture<Void> call = client.converseStream(request, ConverseStreamResponseHandler.builder()
                    .subscriber(ConverseStreamResponseHandler.Visitor.builder().build()).build());
            boolean stopped = call.handle((ok, failure) -> failure != null && stoppedBeforeSending(failure)).join();
            ProfileFile.defaultProfileFile();   // what the credentials and region chains parse first
            client.close();
            if (tls) {
                SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
            }
            return stopped;
        } catch (RuntimeException | LinkageError | javax.net.ssl.SSLException ignored) {
            // A head start only: the real call does the same work and reports any real problem.
            return false;
        } finally {
            factory.close();
        }
    }

    private static boolean stoppedBeforeSending(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotSent) {
                return true;
            }
        }
        return false;
    }

    /** Ends the warm-up request after marshalling and signing, where the SDK would open a connection. */
    private static final class StopBeforeSending implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new NotSent();
        }
    }

    private static final class NotSent extends RuntimeException {
        NotSent() {
            super("warm-up: stopped before sending", null, false, false);
        }
    }
}
