package dev.basalt.emulator;

import dev.basalt.emulator.internal.BedrockRequestHandler;
import dev.basalt.emulator.internal.ConverseResponder;
import dev.basalt.emulator.internal.ProtocolDetector;
import dev.basalt.emulator.internal.RequestAuthenticator;
import dev.basalt.emulator.internal.SigV4Verifier;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local Amazon Bedrock runtime endpoint. HTTP/1.1 and HTTP/2 cleartext share one port; SigV4
 * (service {@code bedrock}) is verified against the keys given, Bedrock API keys are accepted as
 * {@code Authorization: Bearer}, and answers have Bedrock's exact shapes.
 *
 * <pre>{@code
 * try (Emulator bedrock = Emulator.builder().credentials("AKIDEXAMPLE", "secret").start()) {
 *     URI endpoint = bedrock.endpoint(); // point any Bedrock client here
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {

    private static final int MAX_RECORDED = 10_000;

    private final NioEventLoopGroup group;
    private final Channel server;
    private final URI endpoint;
    private final ArrayDeque<RecordedCall> recorded = new ArrayDeque<>();

    private Emulator(Builder builder) {
        SigV4Verifier verifier = new SigV4Verifier(builder.credentials, builder.clock, "bedrock");
        RequestAuthenticator authenticator = new RequestAuthenticator(verifier, builder.apiKeys, builder.noAuth);
        BedrockRequestHandler handler = new BedrockRequestHandler(authenticator, new ConverseResponder(builder.model), this::record);
        // Daemon threads: an emulator inside a CLI or a test never keeps the JVM alive.
        group = new NioEventLoopGroup(0, new DefaultThreadFactory("basalt-emulator", true));
        try {
            server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast("detect", new ProtocolDetector(handler));
                        }
                    })
                    .bind(builder.host, builder.port)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + builder.host + ":" + builder.port + ": " + e.getMessage(), e);
        }
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        String host = builder.host.contains(":") ? "[" + builder.host + "]" : builder.host;
        endpoint = URI.create("http://" + host + ":" + address.getPort());
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** The calls answered so far, oldest first (the most recent 10,000). */
    public List<RecordedCall> recordedCalls() {
        synchronized (recorded) {
            return List.copyOf(new ArrayList<>(recorded));
        }
    }

    private void record(RecordedCall call) {
        synchronized (recorded) {
            if (recorded.size() == MAX_RECORDED) {
                recorded.removeFirst();
            }
            recorded.addLast(call);
        }
    }

    /** Stops listening at once; connections still open are dropped. */
    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Configures an emulator. With no credentials, API keys or no-auth, every call is refused. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private final Map<String, String> credentials = new LinkedHashMap<>();
        private final List<String> apiKeys = new ArrayList<>();
        private boolean noAuth;
        private ModelBehaviour model = new EchoModel();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** A key pair whose SigV4 signatures are accepted; may be called more than once. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("both an access key id and a secret key are needed");
            }
            credentials.put(accessKeyId, secretAccessKey);
            return this;
        }

        /** A Bedrock API key accepted as {@code Authorization: Bearer <key>}; may be called more than once. */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("an API key cannot be blank");
            }
            apiKeys.add(key);
            return this;
        }

        /** Accept requests with no credentials (and any credentials). */
        public Builder noAuth(boolean noAuth) {
            this.noAuth = noAuth;
            return this;
        }

        public Builder model(ModelBehaviour model) {
            this.model = java.util.Objects.requireNonNull(model, "model");
            return this;
        }

        /** The clock signatures are checked against (tests replaying old requests fix it). */
        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Emulator start() {
            return new Emulator(this);
        }
    }
}
