package dev.basalt.emulator.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Collects a request's body up to the payload size Bedrock accepts, and answers a larger one as
 * Bedrock's front end would: in Bedrock's error shape, with a request id, and in the request log
 * (Netty's own answer is a bare 413 with no {@code x-amzn-errortype}, which clients cannot classify).
 */
final class BodyAggregator extends HttpObjectAggregator {

    /**
     * The API reference's length constraint on a request body (InvokeModel's {@code body}: "Maximum
     * length of 25000000"); the user guide rounds it to "20 MB", which clients exceed without refusal.
     */
    static final int MAX_BODY = 25_000_000;

    private final BedrockRequestHandler handler;
    private final boolean http2;

    BodyAggregator(BedrockRequestHandler handler, boolean http2) {
        super(MAX_BODY);
        this.handler = handler;
        this.http2 = http2;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (!(oversized instanceof HttpRequest request)) {
            ctx.close();
            return;
        }
        var sent = handler.refuseOversized(new Exchange(ctx, http2), request, HttpUtil.getContentLength(request, -1L));
        // as Netty does: a connection whose rest of body would follow is not worth reading on
        if (oversized instanceof FullHttpMessage
                || !HttpUtil.is100ContinueExpected(request) && !HttpUtil.isKeepAlive(request)) {
            sent.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
