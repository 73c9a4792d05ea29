package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.ModelBehaviour;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import dev.basalt.emulator.RecordedCall;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves one complete HTTP request, whichever HTTP version carried it: authenticate as AWS's front
 * door, route, ask the model, answer in Bedrock's shapes, and record the call before answering (so
 * a client that has its answer always finds the call recorded).
 */
@ChannelHandler.Sharable
final class BedrockRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final System.Logger LOG = System.getLogger(BedrockRequestHandler.class.getName());

    private final boolean http2;
    private final RequestAuthenticator authenticator;
    private final BedrockRouter router = new BedrockRouter();
    private final ConverseRequestReader reader;
    private final ConverseResponder converse;
    private final ConverseStreamResponder converseStream;
    private final ModelBehaviour model;
    private final CallLog calls;
    private final Clock clock;

    BedrockRequestHandler(boolean http2, EmulatorConfig config, CallLog calls, ObjectMapper json) {
        this.http2 = http2;
        this.authenticator = new RequestAuthenticator(config);
        this.reader = new ConverseRequestReader(json);
        this.converse = new ConverseResponder(json);
        this.converseStream = new ConverseStreamResponder(json);
        this.model = config.model();
        this.calls = calls;
        this.clock = config.clock();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
        Exchange exchange = new Exchange(ctx, http2);
        if (message.decoderResult().isFailure()) {
            exchange.respondError(BedrockError.validation("Malformed HTTP request: " + message.decoderResult().cause()));
            return;
        }
        IncomingRequest request = incoming(message);
        Route route = router.route(request.method(), request.rawPath());
        RequestAuthenticator.Outcome auth = authenticator.authenticate(request);
        Call call = new Call(request, route, auth.scheme(), clock.instant());
        if (auth.refusal().isPresent()) {
            fail(exchange, call, auth.refusal().get());
            return;
        }
        if (route.operation() == null) {
            fail(exchange, call, BedrockError.unknownOperation("No operation matches " + request.method() + " "
                    + request.rawPath() + ". The Basalt emulator serves POST /model/{modelId}/converse and "
                    + "/model/{modelId}/converse-stream."));
            return;
        }
        if (route.modelId().isEmpty()) {
            fail(exchange, call, BedrockError.validation("1 validation error detected: Value '' at 'modelId' "
                    + "failed to satisfy constraint: Member must have length greater than or equal to 1"));
            return;
        }
        switch (route.operation()) {
            case CONVERSE, CONVERSE_STREAM -> answerConverse(exchange, call);
            default -> fail(exchange, call, BedrockError.unknownOperation(route.operationName()
                    + " is not implemented by the Basalt emulator yet; Converse and ConverseStream are."));
        }
    }

    private void answerConverse(Exchange exchange, Call call) {
        Route route = call.route();
        ModelReply reply;
        try {
            ModelRequest modelRequest = reader.read(route.modelId(), call.request().body());
            reply = model.reply(modelRequest);
            if (reply == null) {
                throw new IllegalStateException("the model behaviour returned no reply");
            }
        } catch (BedrockErrorException e) {
            fail(exchange, call, e.error());
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "model behaviour failed", e);   // the 500 message names it
            fail(exchange, call, BedrockError.internal("The model behaviour failed: " + e));
            return;
        }
        record(call, 200, null);
        if (route.operation() == Operation.CONVERSE) {
            converse.respond(exchange, reply);
        } else {
            converseStream.respond(exchange, reply, dev.basalt.emulator.Pace.UNLIMITED, null, () -> { });
        }
    }

    private void fail(Exchange exchange, Call call, BedrockError error) {
        record(call, error.status(), error.type());
        exchange.respondError(error);
    }

    /** What is known of a request once it is routed and authenticated; recorded with its answer. */
    private record Call(IncomingRequest request, Route route, String auth, Instant at) {
    }

    private void record(Call call, int status, String errorType) {
        IncomingRequest request = call.request();
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
        calls.add(new RecordedCall(call.at(), request.method(), request.rawPath(), call.route().operationName(),
                call.route().modelId(), request.protocol(), call.auth(), status, errorType, headers, request.bodyText()));
    }

    /**
     * Over HTTP/2, Netty's conversion hands the {@code :authority} pseudo-header over as
     * {@code host} (and its other pseudo-headers as {@code x-http2-*}); it is put back as
     * {@code :authority}, which some clients sign by that name.
     */
    private IncomingRequest incoming(FullHttpRequest message) {
        String target = message.uri();
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int pathStart = target.indexOf('/', target.indexOf("//") + 2);
            target = pathStart < 0 ? "/" : target.substring(pathStart);
        }
        int query = target.indexOf('?');
        String rawPath = query < 0 ? target : target.substring(0, query);
        String rawQuery = query < 0 ? "" : target.substring(query + 1);

        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (http2 && message.headers().contains(HttpHeaderNames.HOST)) {
            headers.put(":authority", List.of(message.headers().get(HttpHeaderNames.HOST)));
        }
        message.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (http2 && name.startsWith("x-http2-")) {
                if (name.equals("x-http2-scheme")) {
                    headers.computeIfAbsent(":scheme", n -> new ArrayList<>()).add(header.getValue());
                }
                return;
            }
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(header.getValue());
        });
        return new IncomingRequest(http2 ? "HTTP/2" : "HTTP/1.1", message.method().name(), rawPath, rawQuery, headers,
                ByteBufUtil.getBytes(message.content()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "connection error; closing", cause);
        ctx.close();
    }
}
