package dev.basalt.emulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP/2 client with prior knowledge (no upgrade, no TLS), as the AWS SDKs speak h2c: one
 * connection, one stream per request, every HEADERS and DATA frame kept so tests can see how the
 * answer was framed.
 */
final class H2cTestClient implements AutoCloseable {

    /** A response as its frames arrived: the headers and each DATA frame's bytes. */
    record Response(Http2Headers headers, List<byte[]> dataFrames) {
        int status() {
            return Integer.parseInt(headers.status().toString());
        }

        String header(String name) {
            CharSequence value = headers.get(name);
            return value == null ? null : value.toString();
        }

        byte[] body() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            dataFrames.forEach(body::writeBytes);
            return body.toByteArray();
        }

        long nonEmptyDataFrames() {
            return dataFrames.stream().filter(f -> f.length > 0).count();
        }
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("h2c-test-client", true));
    private final Channel connection;
    private final String authority;

    H2cTestClient(URI endpoint) throws InterruptedException {
        authority = endpoint.getHost() + ":" + endpoint.getPort();
        connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                        // servers do not push here
                                    }
                                }));
                    }
                })
                .connect(endpoint.getHost(), endpoint.getPort()).sync().channel();
    }

    String authority() {
        return authority;
    }

    /** Starts a POST on a new stream; the future completes when the stream ends. */
    CompletableFuture<Response> post(String rawPath, Map<String, String> headers, String body) throws InterruptedException {
        CompletableFuture<Response> done = new CompletableFuture<>();
        List<byte[]> data = new ArrayList<>();
        Http2Headers[] responseHeaders = new Http2Headers[1];
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                        boolean end = false;
                        if (frame instanceof Http2HeadersFrame headersFrame) {
                            responseHeaders[0] = headersFrame.headers();
                            end = headersFrame.isEndStream();
                        } else if (frame instanceof Http2DataFrame dataFrame) {
                            data.add(ByteBufUtil.getBytes(dataFrame.content()));
                            end = dataFrame.isEndStream();
                        }
                        if (end) {
                            done.complete(new Response(responseHeaders[0], List.copyOf(data)));
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        done.completeExceptionally(new IllegalStateException("stream closed before it ended"));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        done.completeExceptionally(cause);
                    }
                }).open().sync().getNow();
        Http2Headers request = new DefaultHttp2Headers().method("POST").scheme("http").authority(authority).path(rawPath);
        headers.forEach(request::add);
        stream.write(new DefaultHttp2HeadersFrame(request));
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true));
        return done;
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
