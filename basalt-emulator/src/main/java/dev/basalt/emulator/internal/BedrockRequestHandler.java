package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.Guardrail;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import dev.basalt.emulator.RecordedCall;
import dev.basalt.emulator.TokenUsage;
import dev.basalt.emulator.internal.family.AnthropicFamily;
import dev.basalt.emulator.internal.family.EmbeddingFamily;
import dev.basalt.emulator.internal.family.TextFamily;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Serves one complete HTTP request, whichever HTTP version carried it: authenticate as AWS's front
 * door, route, then for a model operation resolve the model id, draw a fault, check the quotas,
 * ask the model, and answer in the operation's shapes. Every call is recorded before its answer
 * is sent, so a client that has its answer always finds the call recorded.
 */
@ChannelHandler.Sharable
final class BedrockRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final System.Logger LOG = System.getLogger(BedrockRequestHandler.class.getName());
    private static final String ADMIN_PREFIX = "/_basalt/";
    /** What a request without max_tokens reserves against a tokens-per-minute quota. */
    private static final int DEFAULT_MAX_TOKENS = 4096;

    private final boolean http2;
    private final EmulatorState state;
    private final RequestAuthenticator authenticator;
    private final BedrockRouter router = new BedrockRouter();
    private final ConverseRequestReader reader;
    private final ConverseResponder converse;
    private final ConverseStreamResponder converseStream;
    private final InvokeResponder invoke;
    private final GuardrailCheck guardrails;
    private final ControlPlane controlPlane;
    private final AdminApi admin;

    BedrockRequestHandler(boolean http2, EmulatorState state) {
        this.http2 = http2;
        this.state = state;
        this.authenticator = new RequestAuthenticator(state.config);
        this.reader = new ConverseRequestReader(state.json);
        this.converse = new ConverseResponder(state.json);
        this.converseStream = new ConverseStreamResponder(state.json);
        this.invoke = new InvokeResponder(state.json);
        this.guardrails = new GuardrailCheck(state);
        this.controlPlane = new ControlPlane(state.json, state.catalog);
        this.admin = new AdminApi(state);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
        Exchange exchange = new Exchange(ctx, http2);
        if (message.decoderResult().isFailure()) {
            exchange.respondError(BedrockError.validation("Malformed HTTP request: " + message.decoderResult().cause()));
            return;
        }
        IncomingRequest request = incoming(message, ByteBufUtil.getBytes(message.content()));
        if (request.rawPath().startsWith(ADMIN_PREFIX)) {
            admin.handle(exchange, request);
            return;
        }
        Route route = router.route(request.method(), request.rawPath());
        RequestAuthenticator.Outcome auth = authenticator.authenticate(request,
                route.operation() == Operation.GET_CALLER_IDENTITY ? "sts" : "bedrock");
        Call call = new Call(exchange, request, route, auth.scheme(), state.config.clock().instant());
        if (auth.refusal().isPresent()) {
            fail(exchange, call, auth.refusal().get());
            return;
        }
        if (route.operation() == null) {
            fail(exchange, call, BedrockError.unknownOperation("No operation matches " + request.method() + " "
                    + request.rawPath() + ". The Basalt emulator serves the Bedrock runtime under /model/{modelId}/ "
                    + "(converse, converse-stream, invoke, invoke-with-response-stream, count-tokens), "
                    + "/guardrail/{id}/version/{version}/apply, /foundation-models and /inference-profiles."));
            return;
        }
        try {
            dispatch(exchange, call);
        } catch (BedrockErrorException e) {
            fail(exchange, call, e.error());
        } catch (ModelError e) {
            fail(exchange, call, error(e));
        }
    }

    /**
     * Refuses a request whose body is over what Bedrock accepts, before reading it: recorded and
     * logged without its body. InvokeModel's body is the operation's {@code body} member, and Bedrock
     * refuses it in its constraint words (seen by a LangChain user). Unconfirmed: Bedrock's words for
     * the other operations, which have no such member.
     */
    ChannelFuture refuseOversized(Exchange exchange, HttpRequest head, long length) {
        IncomingRequest request = incoming(head, new byte[0]);
        Route route = router.route(request.method(), request.rawPath());
        Call call = new Call(exchange, request, route, "none", state.config.clock().instant());
        String size = length < 0 ? "over " + BodyAggregator.MAX_BODY + " bytes" : length + " bytes";
        boolean invokes = route.operation() == Operation.INVOKE_MODEL
                || route.operation() == Operation.INVOKE_MODEL_WITH_RESPONSE_STREAM;
        BedrockError error = BedrockError.validation(invokes
                ? "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length "
                        + "less than or equal to " + BodyAggregator.MAX_BODY
                : "The request body is " + size + "; the maximum size of the payload that you can send in a request is "
                        + BodyAggregator.MAX_BODY + " bytes. Reduce the size of the input and try again.");
        LOG.log(System.Logger.Level.WARNING, "refused " + request.method() + " " + request.rawPath() + ": body of " + size
                + " is over the limit (request id " + exchange.requestId() + ")");
        record(call, error.status(), error, null, null, null);
        return exchange.respondError(error);
    }

    private void dispatch(Exchange exchange, Call call) {
        Route route = call.route();
        Operation operation = route.operation();
        if (route.modelId() != null && route.modelId().isEmpty()) {
            throw new BedrockErrorException(BedrockError.validation("1 validation error detected: Value '' at "
                    + "'modelId' failed to satisfy constraint: Member must have length greater than or equal to 1"));
        }
        switch (operation) {
            case LIST_FOUNDATION_MODELS, GET_FOUNDATION_MODEL, LIST_INFERENCE_PROFILES, GET_INFERENCE_PROFILE -> {
                ObjectNode body = controlPlane.answer(operation, route.modelId(), query(call.request()), region(call.request()));
                record(call, 200, null, null, null, null);
                exchange.respondJson(200, Json.bytes(state.json, body));
            }
            case APPLY_GUARDRAIL -> applyGuardrail(exchange, call);
            case GET_CALLER_IDENTITY -> callerIdentity(exchange, call);
            case COUNT_TOKENS -> countTokens(exchange, call);
            default -> runModel(exchange, call);
        }
    }

    private void runModel(Exchange exchange, Call call) {
        Operation operation = call.route().operation();
        EmulatorCatalog.Resolved resolved = state.catalog.resolve(call.route().modelId(), signedRegion(call.request()));
        EmulatorCatalog.Model model = resolved.model();
        if (operation.streams() && !model.streaming()) {
            throw new BedrockErrorException(BedrockError.validation("The model is unsupported for streaming."));
        }
        boolean converses = operation == Operation.CONVERSE || operation == Operation.CONVERSE_STREAM;
        if (converses && model.embeds()) {
            throw new BedrockErrorException(BedrockError.validation("This action doesn't support the model that you "
                    + "provided. Try again with a supported text or chat model."));
        }
        // Bedrock validates a request before anything can go wrong with it: an invalid body is refused
        // with ValidationException whatever faults are in force
        Prepared prepared = prepare(call, model, converses);
        Optional<Fault> fault = state.faults.draw(call.route().modelId(), operation.streams());
        if (fault.isPresent() && fault.get() instanceof Fault.SlowRead slow) {
            exchange.schedule(() -> runModel(exchange, call, model, prepared, Optional.of(slow)), slow.delay().toNanos());
            return;
        }
        runModel(exchange, call, model, prepared, fault);
    }

    /** A model request read and validated: an embedding already computed, or a text request for the model. */
    private sealed interface Prepared {
    }

    private record Embedding(EmbeddingFamily.Embedded embedded) implements Prepared {
    }

    /** @param family the InvokeModel family; null for Converse */
    private record TextRequest(TextFamily family, ModelRequest request) implements Prepared {
    }

    private Prepared prepare(Call call, EmulatorCatalog.Model model, boolean converses) {
        byte[] body = call.request().body();
        if (model.embeds()) {
            EmbeddingFamily family = state.families.embedding(model.family()).orElseThrow(() -> unsupported(model));
            return new Embedding(family.embed(model.modelId(), parseObject(body)));
        }
        if (converses) {
            ModelRequest request = reader.read(call.route().modelId(), body);
            model.checkMaxTokens(request.maxTokens());
            if (model.family().equals("anthropic")) {
                JsonNode thinking = parseObject(body).path("additionalModelRequestFields").path("thinking");
                AnthropicFamily.thinkingRefusal(thinking, request.maxTokens()).ifPresent(refusal -> {
                    throw new BedrockErrorException(BedrockError.validation("The model returned the following errors: " + refusal));
                });
            }
            return new TextRequest(null, request);
        }
        TextFamily family = state.families.text(model.family()).orElseThrow(() -> unsupported(model));
        ModelRequest request = family.read(call.route().modelId(), parseObject(body), call.request().bodyText());
        if (model.family().equals("anthropic")) {
            // unconfirmed: the words Bedrock uses for InvokeModel; these are its Converse words
            model.checkMaxTokens(request.maxTokens());
        }
        return new TextRequest(family, request);
    }

    private void runModel(Exchange exchange, Call call, EmulatorCatalog.Model model, Prepared prepared,
                          Optional<Fault> fault) {
        try {
            answerModel(exchange, call, model, prepared, fault);
        } catch (BedrockErrorException e) {
            fail(exchange, call, e.error());
        } catch (ModelError e) {
            fail(exchange, call, error(e));
        }
    }

    private void answerModel(Exchange exchange, Call call, EmulatorCatalog.Model model, Prepared prepared,
                             Optional<Fault> fault) {
        Operation operation = call.route().operation();
        String faultName = fault.map(f -> f.getClass().getSimpleName()).orElse(null);
        if (fault.isPresent() && fault.get() instanceof Fault.Throttle) {
            fail(exchange, call, throttling("Too many requests, please wait before trying again."), faultName);
            return;
        }
        if (fault.isPresent() && fault.get() instanceof Fault.Error e) {
            fail(exchange, call, new BedrockError(e.status(), e.type(), e.message(), BedrockError.BEDROCK), faultName);
            return;
        }
        if (prepared instanceof Embedding embedding) {
            EmbeddingFamily.Embedded embedded = embedding.embedded();
            if (!admit(exchange, call, embedded.inputTokens(), faultName)) {
                return;
            }
            record(call, 200, null, faultName, TokenUsage.of(embedded.inputTokens(), 0), null);
            exchange.respondJson(200, Json.bytes(state.json, embedded.body()),
                    InvokeResponder.tokenHeaders(embedded.inputTokens(), 0, exchange.elapsedMillis()));
            return;
        }
        TextRequest text = (TextRequest) prepared;
        TextFamily family = text.family();
        ModelRequest modelRequest = text.request();
        boolean converses = family == null;
        byte[] body = call.request().body();
        int inputEstimate = EchoModel.estimateTokens(modelRequest.inputText());
        QuotaBook.Ticket[] ticket = new QuotaBook.Ticket[1];
        Optional<String> overQuota = state.quotas.admit(call.route().modelId(),
                inputEstimate + modelRequest.maxTokens().orElse(DEFAULT_MAX_TOKENS), ticket);
        if (overQuota.isPresent()) {
            fail(exchange, call, throttling(overQuota.get()), "Quota");
            return;
        }
        GuardrailCheck.Verdict guarded = converses ? guardrails.converse(parseObject(body), modelRequest)
                : guardrails.invoke(call.request(), modelRequest);
        ModelReply reply = guarded.reply() != null ? guarded.reply() : ask(modelRequest);
        ticket[0].settle(reply.inputTokens() + reply.usage().cacheWriteInputTokens()
                + reply.outputTokens() * burndown(model));
        Fault streamFault = fault.filter(Fault::inStream).orElse(null);
        String baseModelId = model.modelId();
        if (!operation.streams()) {
            record(call, 200, null, faultName, reply.usage(), reply.text());
        }
        ConverseExtras extras = converses ? ConverseExtras.of(state.json, parseObject(body), model) : null;
        String latency = call.request().header(InvokeResponder.LATENCY_HEADER);
        switch (operation) {
            case CONVERSE -> converse.respond(exchange, reply, guarded.trace(), extras);
            case CONVERSE_STREAM -> converseStream.respond(exchange, reply, guarded.trace(), extras, state.pace(),
                    streamFault, state.streamStarted(call.request().rawPath(), call.route().modelId()),
                    streamRecord(call, faultName, reply));
            case INVOKE_MODEL -> invoke.respond(exchange, family, baseModelId, modelRequest, reply,
                    guarded.invokeMembers(state.json), latency);
            default -> invoke.stream(exchange, family, baseModelId, modelRequest, reply, guarded.invokeMembers(state.json),
                    latency, state.pace(), streamFault,
                    state.streamStarted(call.request().rawPath(), call.route().modelId()),
                    streamRecord(call, faultName, reply));
        }
    }

    /**
     * A stream's call is remembered before its first byte, so a client that has read the stream finds
     * it; its request-log line waits for the stream's end, to say how far it got.
     */
    private FrameSender.Ended streamRecord(Call call, String faultName, ModelReply reply) {
        RecordedCall recorded = recordedCall(call, 200, null, faultName, reply.text());
        state.remember(recorded);
        return (events, cutBy) -> state.log(recorded, Outcome.streamed(call.exchange(), reply.usage(), events, cutBy));
    }

    private boolean admit(Exchange exchange, Call call, int tokens, String faultName) {
        QuotaBook.Ticket[] ticket = new QuotaBook.Ticket[1];
        Optional<String> overQuota = state.quotas.admit(call.route().modelId(), tokens, ticket);
        if (overQuota.isPresent()) {
            fail(exchange, call, throttling(overQuota.get()), "Quota");
            return false;
        }
        return true;
    }

    private ModelReply ask(ModelRequest request) {
        ModelReply reply;
        try {
            reply = state.config.model().reply(request);
        } catch (ModelError | BedrockErrorException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "model behaviour failed", e);   // the 500 message names it
            throw new BedrockErrorException(BedrockError.internal("The model behaviour failed: " + e));
        }
        if (reply == null) {
            throw new BedrockErrorException(BedrockError.internal("The model behaviour returned no reply"));
        }
        return reply;
    }

    private void applyGuardrail(Exchange exchange, Call call) {
        Guardrail guardrail = guardrails.find(call.route().modelId(), call.route().version());
        JsonNode body = parseObject(call.request().body());
        String source = body.path("source").asText("");
        if (!source.equals("INPUT") && !source.equals("OUTPUT")) {
            throw new BedrockErrorException(BedrockError.validation("1 validation error detected: Value '" + source
                    + "' at 'source' failed to satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]"));
        }
        StringBuilder text = new StringBuilder();
        body.path("content").forEach(block -> text.append(block.path("text").path("text").asText("")).append('\n'));
        Optional<String> match = guardrail.firstMatch(text.toString());
        ObjectNode answer = state.json.createObjectNode();
        answer.putObject("usage").put("topicPolicyUnits", 0).put("contentPolicyUnits", 0)
                .put("wordPolicyUnits", (text.length() + 999) / 1000).put("sensitiveInformationPolicyUnits", 0)
                .put("sensitiveInformationPolicyFreeUnits", 0).put("contextualGroundingPolicyUnits", 0);
        answer.put("action", match.isPresent() ? "GUARDRAIL_INTERVENED" : "NONE");
        var outputs = answer.putArray("outputs");
        var assessments = answer.putArray("assessments");
        if (match.isPresent()) {
            answer.put("actionReason", "Guardrail blocked.");
            outputs.addObject().put("text", guardrail.blockedMessage());
            assessments.addObject().putObject("wordPolicy").putArray("customWords").addObject()
                    .put("match", match.get()).put("action", "BLOCKED").put("detected", true);
        }
        record(call, 200, null, null, null, null);
        exchange.respondJson(200, Json.bytes(state.json, answer));
    }

    /**
     * STS GetCallerIdentity, so tools that ask who they are (basalt doctor, the AWS CLI) work
     * offline: the emulator's account, and a user named after the access key that signed.
     */
    private void callerIdentity(Exchange exchange, Call call) {
        String body = call.request().bodyText();
        if (!body.contains("Action=GetCallerIdentity")) {
            throw new BedrockErrorException(BedrockError.unknownOperation("The Basalt emulator answers only STS "
                    + "GetCallerIdentity at POST /."));
        }
        String user = "basalt-emulator";
        String authorization = call.request().header("authorization");
        if (authorization != null && authorization.startsWith(SigV4Authorization.SCHEME)) {
            user = SigV4Authorization.parse(authorization).accessKeyId();
        }
        String xml = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + EmulatorCatalog.ACCOUNT + ":user/" + user + "</Arn>"
                + "<UserId>AIDAEMULATOR" + Math.abs(user.hashCode()) + "</UserId><Account>" + EmulatorCatalog.ACCOUNT
                + "</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>" + java.util.UUID.randomUUID()
                + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        record(call, 200, null, null, null, null);
        exchange.respondXml(200, xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void countTokens(Exchange exchange, Call call) {
        // CountTokens runs no model, and AWS documents it with the foundation-model id: a model served on
        // demand only through a profile is counted under its plain id too (profile ids are accepted as well)
        EmulatorCatalog.Resolved resolved = state.catalog.model(call.route().modelId())
                .map(model -> new EmulatorCatalog.Resolved(model, null))
                .orElseGet(() -> state.catalog.resolve(call.route().modelId()));
        if (!resolved.model().countTokens()) {
            throw new BedrockErrorException(BedrockError.validation("The provided model doesn't support counting tokens."));
        }
        JsonNode input = parseObject(call.request().body()).path("input");
        ModelRequest request;
        if (input.path("converse").isObject()) {
            request = reader.read(call.route().modelId(), Json.bytes(state.json, input.path("converse")));
        } else if (input.path("invokeModel").path("body").isTextual()) {
            TextFamily family = state.families.text(resolved.model().family()).orElseThrow(() -> unsupported(resolved.model()));
            String nativeBody = invokeBody(input.path("invokeModel").path("body").asText());
            request = family.read(call.route().modelId(), parseObject(nativeBody.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    nativeBody);
        } else {
            throw new BedrockErrorException(BedrockError.validation("1 validation error detected: Value null at 'input' "
                    + "failed to satisfy constraint: Member must not be null"));
        }
        record(call, 200, null, null, null, null);
        exchange.respondJson(200, Json.bytes(state.json,
                state.json.createObjectNode().put("inputTokens", EchoModel.estimateTokens(request.inputText()))));
    }

    /** CountTokens' invokeModel body is a blob: base64 over JSON, though some callers send the JSON text. */
    private static String invokeBody(String sent) {
        String trimmed = sent.trim();
        if (trimmed.startsWith("{")) {
            return trimmed;
        }
        try {
            return new String(java.util.Base64.getDecoder().decode(trimmed), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BedrockErrorException(BedrockError.validation("Malformed input request, please reformat your input "
                    + "and try again."));
        }
    }

    /** Claude 4 models and later count each output token five times against tokens-per-minute. */
    private static int burndown(EmulatorCatalog.Model model) {
        String id = model.modelId();
        boolean claude4 = id.startsWith("anthropic.claude-") && !id.startsWith("anthropic.claude-3");
        return claude4 ? 5 : 1;
    }

    private JsonNode parseObject(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : state.json.readTree(body);
            if (node == null || !node.isObject()) {
                throw malformed();
            }
            return node;
        } catch (IOException e) {
            throw malformed();
        }
    }

    private static BedrockErrorException malformed() {
        return new BedrockErrorException(BedrockError.validation("Malformed input request, please reformat your input "
                + "and try again."));
    }

    private static BedrockErrorException unsupported(EmulatorCatalog.Model model) {
        return new BedrockErrorException(BedrockError.validation("The Basalt emulator does not implement the "
                + model.family() + " body format of " + model.modelId() + " yet."));
    }

    private static BedrockError throttling(String message) {
        return new BedrockError(429, "ThrottlingException", message, BedrockError.BEDROCK);
    }

    private static BedrockError error(ModelError e) {
        return new BedrockError(e.status(), e.type(), e.getMessage(), BedrockError.BEDROCK);
    }

    private void fail(Exchange exchange, Call call, BedrockError error) {
        fail(exchange, call, error, null);
    }

    private void fail(Exchange exchange, Call call, BedrockError error, String fault) {
        record(call, error.status(), error, fault, null, null);
        exchange.respondError(error);
    }

    /** What is known of a request once it is routed and authenticated; recorded with its answer. */
    private record Call(Exchange exchange, IncomingRequest request, Route route, String auth, Instant at) {
    }

    /**
     * @param error the error answered, or null on success
     * @param usage the tokens of a model's answer, or null when no model answered
     */
    private void record(Call call, int status, BedrockError error, String fault, TokenUsage usage, String replyText) {
        state.record(recordedCall(call, status, error == null ? null : error.type(), fault, replyText),
                Outcome.answered(call.exchange(), error, usage));
    }

    private RecordedCall recordedCall(Call call, int status, String errorType, String fault, String replyText) {
        IncomingRequest request = call.request();
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return new RecordedCall(call.at(), request.method(), request.rawPath(), call.route().operationName(),
                call.route().modelId(), request.protocol(), call.auth(), status, errorType, headers, request.bodyText(),
                fault, replyText);
    }

    private static Map<String, String> query(IncomingRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        if (!request.rawQuery().isEmpty()) {
            for (String pair : request.rawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(PercentDecoder.decode(eq < 0 ? pair : pair.substring(0, eq)),
                        eq < 0 ? "" : PercentDecoder.decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    /** The region the request was signed for; us-east-1 for bearer and unsigned requests. */
    private static String region(IncomingRequest request) {
        return signedRegion(request).orElse("us-east-1");
    }

    /** The region of a SigV4 signature; empty for bearer and unsigned requests. */
    private static Optional<String> signedRegion(IncomingRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.startsWith(SigV4Authorization.SCHEME)) {
            try {
                return Optional.of(SigV4Authorization.parse(authorization).region());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Over HTTP/2, Netty's conversion hands the {@code :authority} pseudo-header over as
     * {@code host} (and its other pseudo-headers as {@code x-http2-*}); it is put back as
     * {@code :authority}, which some clients sign by that name.
     */
    private IncomingRequest incoming(HttpRequest message, byte[] body) {
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
                body);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "connection error; closing", cause);
        ctx.close();
    }
}
