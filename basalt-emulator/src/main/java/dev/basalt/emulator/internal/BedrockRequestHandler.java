package dev.basalt.emulator.internal;

import dev.basalt.emulator.RecordedCall;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every request, whichever HTTP version carried it: authenticate, route on the raw path, answer,
 * record. Stateless, so one instance serves all connections.
 */
@ChannelHandler.Sharable
public final class BedrockRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final RequestAuthenticator authenticator;
    private final ConverseResponder converse;
    private final Consumer<RecordedCall> recorder;

    public BedrockRequestHandler(RequestAuthenticator authenticator, ConverseResponder converse, Consumer<RecordedCall> recorder) {
        this.authenticator = authenticator;
        this.converse = converse;
        this.recorder = recorder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long start = System.nanoTime();
        String uri = request.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? "" : uri.substring(q + 1);
        byte[] body = ByteBufUtil.getBytes(request.content());
        String method = request.method().name();
        HttpExchange exchange = new HttpExchange(ctx);
        RuntimeRoute route = RuntimeRoute.parse(method, rawPath);

        RequestAuthenticator.Outcome auth = authenticator.check(request.headers().get("authorization"),
                new SigV4Verifier.SignedRequest() {
                    @Override
                    public String method() {
                        return method;
                    }

                    @Override
                    public String rawPath() {
                        return rawPath;
                    }

                    @Override
                    public String rawQuery() {
                        return rawQuery;
                    }

                    @Override
                    public List<String> headers(String name) {
                        return request.headers().getAll(name);
                    }

                    @Override
                    public byte[] body() {
                        return body;
                    }
                });
        Optional<BedrockError> refused = auth.error();
        if (refused.isPresent()) {
            exchange.error(refused.get());
        } else {
            switch (route.operation()) {
                case "Converse" -> converse.converse(exchange, route.modelId(), body, start);
                case "ConverseStream" -> converse.converseStream(exchange, route.modelId(), body, start);
                default -> exchange.error(BedrockError.unknownOperation());
            }
        }
        recorder.accept(new RecordedCall(Instant.now(), method, rawPath, route.operation(), route.modelId(),
                exchange.http2() ? "HTTP/2" : "HTTP/1.1", auth.scheme(), exchange.status(),
                new String(body, StandardCharsets.UTF_8)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A client that goes away mid-stream is normal; the connection is simply dropped.
        ctx.close();
    }
}
