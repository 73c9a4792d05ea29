package dev.basalt.emulator.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes one response on the connection (or HTTP/2 stream) it belongs to: a whole JSON body, or a
 * stream of event frames flushed one by one.
 */
public final class HttpExchange {

    private final ChannelHandlerContext ctx;
    private final String requestId = UUID.randomUUID().toString();
    private int status;

    public HttpExchange(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    public boolean http2() {
        return ctx.channel() instanceof Http2StreamChannel;
    }

    public int status() {
        return status;
    }

    public void json(int statusCode, String json) {
        json(statusCode, json, null);
    }

    public void json(int statusCode, String json, java.util.Map<String, String> extraHeaders) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(statusCode), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set("x-amzn-RequestId", requestId);
        if (extraHeaders != null) {
            extraHeaders.forEach((name, value) -> response.headers().set(name, value));
        }
        status = statusCode;
        ctx.writeAndFlush(response);
    }

    public void error(BedrockError error) {
        String body = error.message() == null ? "{\"message\":null}"
                : "{\"message\":\"" + JsonText.escape(error.message()) + "\"}";
        json(error.status(), body, java.util.Map.of("x-amzn-ErrorType", error.errorTypeHeader()));
    }

    /** Starts an event stream: 200 with the event-stream content type and no length. */
    public void startStream(java.util.Map<String, String> extraHeaders) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/vnd.amazon.eventstream");
        response.headers().set("x-amzn-RequestId", requestId);
        if (extraHeaders != null) {
            extraHeaders.forEach((name, value) -> response.headers().set(name, value));
        }
        if (!http2()) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        status = 200;
        ctx.writeAndFlush(response);
    }

    /** Writes and flushes one frame at once: a stream is never built up before sending. */
    public ChannelFuture frame(byte[] frame) {
        return ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(frame)));
    }

    public void endStream() {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
}
