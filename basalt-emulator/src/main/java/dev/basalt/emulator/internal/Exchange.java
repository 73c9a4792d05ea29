package dev.basalt.emulator.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The answer side of one request: a whole response, or a stream of body pieces each flushed as
 * it is written. The same calls work over HTTP/1.1 and over an HTTP/2 stream, where Netty's
 * {@code Http2StreamFrameToHttpObjectCodec} turns them into HEADERS and DATA frames.
 */
final class Exchange {

    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
    private static final String JSON = "application/json";

    private final ChannelHandlerContext ctx;
    private final boolean http2;
    private final long startNanos = System.nanoTime();
    private final String requestId = UUID.randomUUID().toString();

    Exchange(ChannelHandlerContext ctx, boolean http2) {
        this.ctx = ctx;
        this.http2 = http2;
    }

    /** Milliseconds since the request arrived: what Bedrock reports as {@code metrics.latencyMs}. */
    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    void respondJson(int status, byte[] body) {
        respondJson(status, body, java.util.Map.of());
    }

    void respondJson(int status, byte[] body, java.util.Map<String, String> headers) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        decorate(response, JSON);
        headers.forEach(response.headers()::set);
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response);
    }

    void respondXml(int status, byte[] body) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        decorate(response, "text/xml");
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response);
    }

    /** The id sent in {@code x-amzn-RequestId}. */
    String requestId() {
        return requestId;
    }

    ChannelFuture respondError(BedrockError error) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.status()), Unpooled.wrappedBuffer(errorBody(error)));
        decorate(response, JSON);
        response.headers().set("x-amzn-errortype", error.typeHeader());
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return ctx.writeAndFlush(response);
    }

    /** Sends a 200 head with no length: HTTP/1.1 then frames the body as chunks. */
    ChannelFuture startStream(String contentType, java.util.Map<String, String> headers) {
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        decorate(response, contentType);
        headers.forEach(response.headers()::set);
        if (!http2) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        return ctx.writeAndFlush(response);
    }

    ChannelFuture send(byte[] piece) {
        return ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(piece)));
    }

    ChannelFuture finish() {
        return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** Runs {@code task} on this connection's event loop after {@code nanos}. */
    void schedule(Runnable task, long nanos) {
        ctx.executor().schedule(task, nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A completed write, for resuming a stream from a scheduled task. */
    ChannelFuture succeeded() {
        return ctx.newSucceededFuture();
    }

    /** Gives up on a broken stream: closes the connection (HTTP/1.1) or resets the stream (HTTP/2). */
    void abort() {
        ctx.close();
    }

    private void decorate(HttpResponse response, String contentType) {
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().set("x-amzn-RequestId", requestId);
    }

    private static byte[] errorBody(BedrockError error) {
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(error.message()));
        return ("{\"" + error.messageMember() + "\":\"" + quoted + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
