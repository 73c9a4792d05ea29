package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.RecordedCall;
import java.io.IOException;
import java.util.List;

/**
 * The emulator's own control surface under the reserved path {@code /_basalt/}, for tests in any
 * language: read and replace the faults, quotas, pace and guardrails in force, read the recorded
 * calls, reset. It needs no signature (it is not Bedrock's API, and the emulator is local), and
 * it is never recorded as a call.
 *
 * <pre>
 * GET    /_basalt/health                 {"status":"ok"}
 * GET    /_basalt/settings               the settings in force (the config file's shape)
 * PUT    /_basalt/settings               replace the sections given; others stay
 * PUT    /_basalt/faults                 {"faults":[...]}        DELETE clears them
 * PUT    /_basalt/quotas                 {"quotas":[...]}        DELETE clears them
 * PUT    /_basalt/pace                   {"firstTokenMs":..,"tokensPerSecond":..}
 * GET    /_basalt/calls                  the recorded calls, oldest first; DELETE clears them
 * GET    /_basalt/streams                when each stream's first output frame and last frame left
 * POST   /_basalt/reset                  no faults, no quotas, no pace, no calls
 * </pre>
 */
final class AdminApi {

    private final EmulatorState state;
    private final SettingsReader settings;

    AdminApi(EmulatorState state) {
        this.state = state;
        this.settings = new SettingsReader(state.json);
    }

    void handle(Exchange exchange, IncomingRequest request) {
        String path = request.rawPath().substring("/_basalt".length());
        String method = request.method();
        try {
            switch (method + " " + path) {
                case "GET /health" -> ok(exchange, state.json.createObjectNode().put("status", "ok"));
                case "GET /settings" -> ok(exchange, current());
                case "PUT /settings", "POST /settings" -> {
                    apply(settings.read(body(request)));
                    ok(exchange, current());
                }
                case "PUT /faults", "POST /faults" -> {
                    state.faults(settings.faults(section(body(request), "faults")));
                    ok(exchange, current());
                }
                case "DELETE /faults" -> {
                    state.faults(List.of());
                    ok(exchange, current());
                }
                case "PUT /quotas", "POST /quotas" -> {
                    state.quotas(settings.quotas(section(body(request), "quotas")));
                    ok(exchange, current());
                }
                case "DELETE /quotas" -> {
                    state.quotas(List.of());
                    ok(exchange, current());
                }
                case "PUT /pace", "POST /pace" -> {
                    state.pace(settings.pace(body(request)));
                    ok(exchange, current());
                }
                case "GET /calls" -> ok(exchange, calls());
                case "GET /streams" -> ok(exchange, streams());
                case "DELETE /calls" -> {
                    state.clearCalls();
                    ok(exchange, calls());
                }
                case "POST /reset" -> {
                    state.faults(List.of());
                    state.quotas(List.of());
                    state.pace(dev.basalt.emulator.Pace.UNLIMITED);
                    state.clearCalls();
                    ok(exchange, current());
                }
                default -> exchange.respondError(new BedrockError(404, "ResourceNotFoundException",
                        "No admin operation " + method + " " + request.rawPath() + "; see basalt emulator --help.",
                        BedrockError.BEDROCK));
            }
        } catch (IllegalArgumentException e) {
            exchange.respondError(BedrockError.validation(e.getMessage()));
        }
    }

    private void apply(SettingsReader.Settings next) {
        if (next.faults() != null) {
            state.faults(next.faults());
        }
        if (next.quotas() != null) {
            state.quotas(next.quotas());
        }
        if (next.pace() != null) {
            state.pace(next.pace());
        }
        if (next.guardrails() != null) {
            state.guardrails(next.guardrails());
        }
    }

    private ObjectNode current() {
        return settings.write(state.faults.rules(), state.quotas.quotas(), state.pace(), state.guardrails());
    }

    private ObjectNode calls() {
        ObjectNode root = state.json.createObjectNode();
        ArrayNode calls = root.putArray("calls");
        for (RecordedCall call : state.calls()) {
            ObjectNode node = calls.addObject();
            node.put("at", call.at().toString()).put("http", call.httpVersion()).put("method", call.method())
                    .put("path", call.rawPath()).put("operation", call.operation()).put("modelId", call.modelId())
                    .put("auth", call.auth()).put("status", call.status()).put("error", call.errorType())
                    .put("fault", call.fault()).put("text", call.replyText());
        }
        return root;
    }

    /** Stream timings as epoch microseconds, for clients measuring their latency against the emulator's. */
    private ObjectNode streams() {
        ObjectNode root = state.json.createObjectNode();
        ArrayNode streams = root.putArray("streams");
        for (StreamTiming timing : state.streams()) {
            ObjectNode node = streams.addObject().put("path", timing.path).put("modelId", timing.modelId)
                    .put("frames", timing.frames());
            if (timing.firstContentAt() != null) {
                node.put("firstContentAtMicros", micros(timing.firstContentAt()));
            }
            if (timing.endedAt() != null) {
                node.put("endedAtMicros", micros(timing.endedAt()));
            }
        }
        return root;
    }

    private static long micros(java.time.Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    /** A body that is a whole section ({"faults":[...]}) or just its array. */
    private static JsonNode section(JsonNode body, String name) {
        return body.isArray() ? body : body.path(name);
    }

    private JsonNode body(IncomingRequest request) {
        try {
            JsonNode node = state.json.readTree(request.body());
            if (node == null) {
                throw new IllegalArgumentException("the request needs a JSON body");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void ok(Exchange exchange, ObjectNode body) {
        exchange.respondJson(200, Json.bytes(state.json, body));
    }
}
