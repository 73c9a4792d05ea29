package dev.basalt.emulator.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The Netty server behind an emulator: one listening port, HTTP/1.1 and h2c on it. */
public final class EmulatorServer {

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final EmulatorState state;

    private EmulatorServer(EventLoopGroup group, Channel serverChannel, String host, EmulatorState state) {
        this.group = group;
        this.state = state;
        this.serverChannel = serverChannel;
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        this.endpoint = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound (its cause is then the
     *     {@link java.net.BindException}); the message names host and port
     */
    public static EmulatorServer start(EmulatorConfig config, CallLog calls) {
        // Jackson caps strings at 20M chars by default; a single 20 MB prompt must still parse
        ObjectMapper json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(BodyAggregator.MAX_BODY).build()).build());
        EmulatorState state = new EmulatorState(config, calls, json);
        BedrockRequestHandler http1 = new BedrockRequestHandler(false, state);
        BedrockRequestHandler http2 = new BedrockRequestHandler(true, state);
        // daemon threads: a test or CLI that forgets close() must still be able to exit
        EventLoopGroup group = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("basalt-emulator", true));
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("detector", new ProtocolDetector(http1, http2));
                        }
                    })
                    .bind(config.host(), config.port()).syncUninterruptibly().channel();
            return new EmulatorServer(group, channel, config.host(), state);
        } catch (Exception e) {   // Netty rethrows the checked BindException undeclared
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            state.close();
            String message = "Could not start the Bedrock emulator on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(message, io);
            }
            throw new IllegalStateException(message, e);
        }
    }

    /** What may be changed while the emulator runs. */
    public EmulatorState state() {
        return state;
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** Closes the listening socket at once, then lets the event loops stop without a quiet period. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            serverChannel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            // Waiting for the loop threads matters: a JVM exiting while one sits in epoll_wait
            // spends 300 ms in VM_Exit waiting for threads in native code.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
            state.close();
        }
    }
}
