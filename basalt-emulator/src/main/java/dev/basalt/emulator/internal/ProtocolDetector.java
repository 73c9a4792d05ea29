package dev.basalt.emulator.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tells HTTP/2 with prior knowledge from HTTP/1.1 by the first bytes of a connection, then installs
 * the pipeline for that protocol and steps aside, passing on what it read.
 *
 * <p>h2c clients (the AWS SDK for JavaScript by default, the AWS SDK for Java's async client for
 * streaming) open with the 24-byte preface and never send an HTTP/1.1 Upgrade; everyone else sends
 * a request line. A request line differs from the preface within its first bytes, so HTTP/1.1 is
 * recognised at once.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADERS = 64 * 1024;   // Claude Code's beta and stainless headers add up

    private final BedrockRequestHandler http1Handler;
    private final BedrockRequestHandler http2Handler;

    ProtocolDetector(BedrockRequestHandler http1Handler, BedrockRequestHandler http2Handler) {
        this.http1Handler = http1Handler;
        this.http2Handler = http2Handler;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int available = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < available; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                switchTo(ctx, false);
                return;
            }
        }
        if (available == PREFACE.length) {
            switchTo(ctx, true);
        }
    }

    /** Removing this decoder hands the bytes it holds, preface included, to the new first handler. */
    private void switchTo(ChannelHandlerContext ctx, boolean http2) {
        ChannelPipeline pipeline = ctx.pipeline();
        if (http2) {
            pipeline.addAfter(ctx.name(), "h2-frames", Http2FrameCodecBuilder.forServer()
                    .initialSettings(Http2Settings.defaultSettings().maxHeaderListSize(MAX_HEADERS)).build());
            pipeline.addAfter("h2-frames", "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel stream) {
                    stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                            new BodyAggregator(http2Handler, true), http2Handler);
                }
            }));
        } else {
            pipeline.addAfter(ctx.name(), "h1-codec",
                    new HttpServerCodec(new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADERS)));
            pipeline.addAfter("h1-codec", "h1-keep-alive", new HttpServerKeepAliveHandler());
            pipeline.addAfter("h1-keep-alive", "h1-aggregator", new BodyAggregator(http1Handler, false));
            pipeline.addAfter("h1-aggregator", "bedrock", http1Handler);
        }
        pipeline.remove(this);
    }
}
