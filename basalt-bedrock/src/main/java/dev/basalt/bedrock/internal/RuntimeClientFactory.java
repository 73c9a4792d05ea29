package dev.basalt.bedrock.internal;

import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * Builds the SDK's async runtime clients for the provider's public classes (chat, embeddings, token
 * counting) from one set of settings: profile, endpoint, credentials and protocol; the region is per
 * client, so fallback regions share the rest. Every client it builds runs on one event loop it owns,
 * made with the first client, so {@link #close()} can stop it without Netty's graceful shutdown.
 *
 * <p>Building a client is the caller's decision: nothing here loads the SDK's client classes until
 * {@link #newClient} is called.
 */
public final class RuntimeClientFactory {

    private final String profile;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final Boolean http2;
    private NioEventLoopGroup eventLoop;   // guarded by this

    /**
     * @param profile a named profile for credentials and client settings, or null for the default chain
     * @param endpoint a runtime endpoint, or null to let the SDK choose
     * @param credentials fixed credentials, or null for the profile's or the default chain's
     * @param http2 true forces HTTP/2, false HTTP/1.1, null the SDK's choice
     */
    public RuntimeClientFactory(String profile, URI endpoint, AwsCredentialsProvider credentials, Boolean http2) {
        this.profile = profile;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.http2 = http2;
    }

    public BedrockRuntimeAsyncClient newClient(String inRegion) {
        return build(BedrockRuntimeAsyncClient.builder(), inRegion);
    }

    /**
     * Any AWS async client (the runtime's, the control plane's, STS) with the same settings: region,
     * credentials, profile, endpoint and an HTTP client on this factory's one event loop.
     */
    public synchronized <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C> C build(B builder, String inRegion) {
        // One daemon thread: plenty for a chat, and the group is ours so close() need not wait on it.
        // With two or more, the SDK's connection pool sometimes loses a refused connect across threads and
        // the call hangs for the 10 s acquisition timeout (measured on SDK 2.50.2 and 2.54.14: about 1 in 10
        // calls to a dead port with 2 threads, 0 in 300 with 1).
        if (eventLoop == null) {
            eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("basalt-bedrock", true));
        }
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .eventLoopGroup(SdkEventLoopGroup.create(eventLoop))
                // Models may think for minutes before the next byte; the SDK's 30 s default cuts them off.
                .readTimeout(Duration.ofMinutes(5))
                .connectionTimeout(Duration.ofSeconds(5))
                // Named, so building a client does not probe for OpenSSL (a native-library search of the
                // file system and temp directory, about 0.1 s); the JDK's TLS then starts with the first
                // https connection, and a plain-http endpoint (the emulator) never starts it.
                .sslProvider(SslProvider.JDK);
        if (http2 != null) {
            http.protocol(http2 ? Protocol.HTTP2 : Protocol.HTTP1_1);
        }
        if (plainHttp()) {
            // Without TLS there is no ALPN to negotiate with; saying so up front spares building a
            // client the SDK's ALPN probe, which starts the JDK's whole TLS stack (about 0.15 s).
            http.protocolNegotiation(ProtocolNegotiation.ASSUME_PROTOCOL);
        }
        builder.region(Region.of(inRegion))
                .credentialsProvider(credentialsProvider())
                .httpClientBuilder(http);
        if (profile != null) {
            // The SDK reads client settings (the profile's endpoint_url, retry_mode) from this profile too.
            builder.overrideConfiguration(o -> o.defaultProfileName(profile));
        }
        // Without an override the SDK itself honours AWS_ENDPOINT_URL_BEDROCK_RUNTIME, AWS_ENDPOINT_URL
        // (or the aws.endpointUrl* system properties) and the profile's services section.
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Whether calls go to an http:// endpoint: the configured one, else the one the SDK reads from the environment. */
    private boolean plainHttp() {
        String url = endpoint != null ? endpoint.toString()
                : System.getenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME") != null ? System.getenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME")
                : System.getenv("AWS_ENDPOINT_URL");
        return url != null && url.regionMatches(true, 0, "http:", 0, 5);
    }

    private AwsCredentialsProvider credentialsProvider() {
        if (credentials != null) {
            return credentials;
        }
        if (profile != null) {
            return ProfileCredentialsProvider.builder().profileName(profile).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * The endpoint calls go to when it is not Bedrock's regional one: the configured one, else what the
     * SDK took from AWS_ENDPOINT_URL_BEDROCK_RUNTIME, AWS_ENDPOINT_URL or the profile's {@code services}
     * section ({@code client} may be null: not built yet); null means
     * {@code https://bedrock-runtime.<region>.amazonaws.com}.
     */
    public URI endpointInUse(BedrockRuntimeAsyncClient client) {
        if (endpoint != null) {
            return endpoint;
        }
        return client == null ? null : client.serviceClientConfiguration().endpointOverride().orElse(null);
    }

    /**
     * Waits for a call made on one of this factory's clients. Interrupting the caller cancels the
     * call ({@link ErrorKind#CANCELLED}); a failure comes out as the SDK's own exception, for
     * {@link BedrockErrorMapper} to map.
     */
    public static <T> T await(java.util.concurrent.CompletableFuture<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorKind.CANCELLED, "the call was cancelled", "", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new java.util.concurrent.CompletionException(cause);
        }
    }

    /** Built when a call has failed, so the message can name the endpoint the SDK actually used. */
    public BedrockErrorMapper errors(String modelId, String inRegion, URI endpointInUse) {
        String named = profile != null ? profile : ProfileFileSystemSetting.AWS_PROFILE.getNonDefaultStringValue().orElse(null);
        return new BedrockErrorMapper(modelId, inRegion, endpointInUse, named);
    }

    /**
     * Stops the event loop at once (no quiet period), after the caller has closed its clients. Waiting
     * for the loop's threads to end is deliberate: a JVM that exits while a thread sits in epoll_wait
     * spends 300 ms in VM_Exit waiting for "threads in native" (measured: 0.3 s of every one-shot answer).
     * A later {@link #newClient} starts a new loop.
     */
    public synchronized void close() {
        if (eventLoop != null) {
            eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(500, TimeUnit.MILLISECONDS);
            eventLoop = null;
        }
    }
}
