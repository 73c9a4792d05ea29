package dev.basalt.emulator.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.channel.ChannelInitializer;
import java.util.List;

/**
 * Looks at a connection's first bytes: the HTTP/2 client preface means h2c with prior knowledge
 * (what the AWS SDKs send to http:// endpoints), anything else is HTTP/1.1. Either way requests reach
 * the same handler as aggregated HTTP/1-style objects, so each operation is written once.
 */
public final class ProtocolDetector extends ByteToMessageDecoder {

    static final int MAX_BODY = 32 * 1024 * 1024;

    private final BedrockRequestHandler handler;

    public ProtocolDetector(BedrockRequestHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
        int length = Math.min(in.readableBytes(), preface.readableBytes());
        boolean prefixMatches = ByteBufUtil.equals(in, in.readerIndex(), preface, 0, length);
        preface.release();
        if (prefixMatches && length < 24) {
            return; // wait for the rest of the preface
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (prefixMatches) {
            pipeline.addAfter(ctx.name(), "h2", Http2FrameCodecBuilder.forServer().build());
            pipeline.addAfter("h2", "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel stream) {
                    stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                            new HttpObjectAggregator(MAX_BODY), handler);
                }
            }));
        } else {
            pipeline.addAfter(ctx.name(), "http1", new HttpServerCodec());
            pipeline.addAfter("http1", "keep-alive", new HttpServerKeepAliveHandler());
            pipeline.addAfter("keep-alive", "aggregator", new HttpObjectAggregator(MAX_BODY));
            pipeline.addAfter("aggregator", "bedrock", handler);
        }
        // Removing the detector hands the bytes it holds to the protocol handlers just added.
        pipeline.remove(this);
    }
}
