package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.Guardrail;
import dev.basalt.emulator.Pace;
import dev.basalt.emulator.Quota;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the emulator's behaviour settings as JSON: the config file of
 * {@code basalt emulator --config} and the bodies of the admin API use the same shapes.
 *
 * <pre>{@code
 * {"faults": [{"kind": "throttle", "rate": 0.2, "model": "*sonnet*"},
 *             {"kind": "error", "status": 503, "type": "ServiceUnavailableException", "message": "..."},
 *             {"kind": "stream-exception", "afterEvents": 3, "type": "modelStreamErrorException"},
 *             {"kind": "truncated-frame", "afterEvents": 2}, {"kind": "corrupt-frame", "afterEvents": 2},
 *             {"kind": "stall", "afterEvents": 2, "ms": 5000}, {"kind": "slow-read", "ms": 2000},
 *             {"kind": "throttle", "times": 1}],
 *  "quotas": [{"model": "*", "rpm": 60, "tpm": 100000}],
 *  "pace": {"firstTokenMs": 300, "tokensPerSecond": 80},
 *  "guardrails": [{"id": "gr-demo", "version": "DRAFT", "words": ["secret"]}]}
 * }</pre>
 */
public final class SettingsReader {

    private final ObjectMapper json;

    public SettingsReader(ObjectMapper json) {
        this.json = json;
    }

    /** What a settings document holds; absent sections are null, so callers keep their current values. */
    public record Settings(List<FaultRule> faults, List<Quota> quotas, Pace pace, List<Guardrail> guardrails) {
    }

    /** @throws IllegalArgumentException naming the member that is wrong */
    public Settings read(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("settings must be a JSON object");
        }
        return new Settings(
                root.has("faults") ? faults(root.path("faults")) : null,
                root.has("quotas") ? quotas(root.path("quotas")) : null,
                root.has("pace") ? pace(root.path("pace")) : null,
                root.has("guardrails") ? guardrails(root.path("guardrails")) : null);
    }

    public List<FaultRule> faults(JsonNode array) {
        List<FaultRule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode f : requireArray(array, "faults")) {
            String where = "faults[" + i++ + "]";
            if (!f.isObject()) {
                throw new IllegalArgumentException(where + " must be a JSON object");
            }
            String kind = text(f, where, "kind", "").toLowerCase(Locale.ROOT);
            int after = (int) whole(f, where, "afterEvents", 0, Integer.MAX_VALUE);
            Fault fault;
            switch (kind) {
                case "throttle": fault = new Fault.Throttle(); break;
                case "error": fault = error(f, where); break;
                case "stream-exception": fault = new Fault.StreamException(after,
                        text(f, where, "type", "modelStreamErrorException"),
                        text(f, where, "message", "The model stream was interrupted.")); break;
                case "truncated-frame": fault = new Fault.TruncatedFrame(after); break;
                case "corrupt-frame": fault = new Fault.CorruptFrame(after); break;
                case "stall": fault = new Fault.Stall(after, Duration.ofMillis(whole(f, where, "ms", 5000, Long.MAX_VALUE))); break;
                case "slow-read": fault = new Fault.SlowRead(Duration.ofMillis(whole(f, where, "ms", 1000, Long.MAX_VALUE))); break;
                default: throw new IllegalArgumentException(where + ".kind must be one of throttle, error, "
                        + "stream-exception, truncated-frame, corrupt-frame, stall, slow-read; not '" + kind + "'");
            }
            JsonNode rate = f.path("rate");
            if (!rate.isMissingNode() && !(rate.isNumber() && rate.asDouble() >= 0 && rate.asDouble() <= 1)) {
                throw new IllegalArgumentException(where + ".rate must be a number from 0 to 1, not " + rate);
            }
            rules.add(new FaultRule(fault, rate.asDouble(1), text(f, where, "model", "*"),
                    (int) whole(f, where, "times", 0, Integer.MAX_VALUE)));
        }
        return rules;
    }

    /**
     * One fault written on a command line, {@code KIND[,NAME=VALUE...]} with the names of a settings
     * file's fault object: {@code stream-exception,afterEvents=3} or {@code error,status=503,rate=0.5}.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public FaultRule fault(String spec) {
        String[] parts = spec.split(",", -1);
        ObjectNode f = json.createObjectNode().put("kind", parts[0].trim());
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + parts[i] + "' in '" + spec + "' is not NAME=VALUE");
            }
            String name = parts[i].substring(0, eq).trim();
            String value = parts[i].substring(eq + 1).trim();
            if (!FAULT_MEMBERS.contains(name)) {
                throw new IllegalArgumentException("a fault has no '" + name + "' (it takes " + String.join(", ", FAULT_MEMBERS) + ")");
            }
            if (value.matches("-?[0-9]{1,18}")) {
                f.put(name, Long.parseLong(value));
            } else if (value.matches("-?[0-9]*\\.[0-9]+")) {
                f.put(name, Double.parseDouble(value));
            } else {
                f.put(name, value);
            }
        }
        try {
            return faults(json.createArrayNode().add(f)).get(0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("faults[0].", "").replace("faults[0]", "the fault"), e);
        }
    }

    private static final List<String> FAULT_MEMBERS = List.of("rate", "model", "times", "afterEvents", "ms", "status",
            "type", "message");

    /**
     * An error fault; with only a status, the error Bedrock answers with that status (a 429 is a
     * ThrottlingException, a 503 a ServiceUnavailableException...).
     */
    private static Fault.Error error(JsonNode f, String where) {
        int status = (int) whole(f, where, "status", 500, 599);
        if (status < 400) {
            throw new IllegalArgumentException(where + ".status must be a 4xx or 5xx status, not " + status);
        }
        BedrockError standard = STATUS_ERRORS.get(status);
        if (standard == null && !f.has("type")) {
            throw new IllegalArgumentException(where + ".type is needed: Bedrock answers no error with status " + status
                    + " (known: " + STATUS_ERRORS.keySet() + ")");
        }
        return new Fault.Error(status, text(f, where, "type", standard == null ? "" : standard.type()),
                text(f, where, "message", standard == null ? "The request failed." : standard.message()));
    }

    /** Bedrock's error for each status it answers, with a message in its words. */
    private static final Map<Integer, BedrockError> STATUS_ERRORS = new TreeMap<>(Map.of(
            400, BedrockError.validation("Malformed input request, please reformat your input and try again."),
            403, new BedrockError(403, "AccessDeniedException", "You don't have access to the model with the specified "
                    + "model ID.", BedrockError.BEDROCK),
            404, new BedrockError(404, "ResourceNotFoundException", "The requested resource could not be found.",
                    BedrockError.BEDROCK),
            408, new BedrockError(408, "ModelTimeoutException", "Model has timed out in processing the request. Try "
                    + "your request again.", BedrockError.BEDROCK),
            424, new BedrockError(424, "ModelErrorException", "The model returned an error.", BedrockError.BEDROCK),
            429, new BedrockError(429, "ThrottlingException", "Too many requests, please wait before trying again.",
                    BedrockError.BEDROCK),
            500, BedrockError.internal("The server encountered an internal error."),
            503, new BedrockError(503, "ServiceUnavailableException", "Bedrock is unable to process your request.",
                    BedrockError.BEDROCK)));

    private static String text(JsonNode f, String where, String name, String absent) {
        JsonNode value = f.path(name);
        if (value.isMissingNode()) {
            return absent;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + "." + name + " must be a string, not " + value);
        }
        return value.asText();
    }

    private static long whole(JsonNode f, String where, String name, long absent, long max) {
        JsonNode value = f.path(name);
        if (value.isMissingNode()) {
            return absent;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > max) {
            throw new IllegalArgumentException(where + "." + name + " must be a whole number from 0"
                    + (max < Integer.MAX_VALUE ? " to " + max : "") + ", not " + value);
        }
        return value.asLong();
    }

    public List<Quota> quotas(JsonNode array) {
        List<Quota> quotas = new ArrayList<>();
        for (JsonNode q : requireArray(array, "quotas")) {
            quotas.add(new Quota(q.path("model").asText("*"), q.path("rpm").asInt(0), q.path("tpm").asInt(0)));
        }
        return quotas;
    }

    public Pace pace(JsonNode pace) {
        return new Pace(Duration.ofMillis(pace.path("firstTokenMs").asLong(0)), pace.path("tokensPerSecond").asDouble(0));
    }

    public List<Guardrail> guardrails(JsonNode array) {
        List<Guardrail> guardrails = new ArrayList<>();
        for (JsonNode g : requireArray(array, "guardrails")) {
            List<String> words = new ArrayList<>();
            g.path("words").forEach(w -> words.add(w.asText()));
            guardrails.add(new Guardrail(g.path("id").asText(), g.path("version").asText("DRAFT"), words));
        }
        return guardrails;
    }

    /** The settings in force, in the same shapes (what the admin API's GET answers). */
    ObjectNode write(List<FaultRule> faults, List<Quota> quotas, Pace pace, List<Guardrail> guardrails) {
        ObjectNode root = json.createObjectNode();
        ArrayNode f = root.putArray("faults");
        for (FaultRule rule : faults) {
            ObjectNode node = f.addObject();
            Fault fault = rule.fault();
            if (fault instanceof Fault.Throttle) {
                node.put("kind", "throttle");
            } else if (fault instanceof Fault.Error e) {
                node.put("kind", "error").put("status", e.status()).put("type", e.type()).put("message", e.message());
            } else if (fault instanceof Fault.StreamException e) {
                node.put("kind", "stream-exception").put("afterEvents", e.afterEvents()).put("type", e.type())
                        .put("message", e.message());
            } else if (fault instanceof Fault.TruncatedFrame t) {
                node.put("kind", "truncated-frame").put("afterEvents", t.afterEvents());
            } else if (fault instanceof Fault.CorruptFrame c) {
                node.put("kind", "corrupt-frame").put("afterEvents", c.afterEvents());
            } else if (fault instanceof Fault.Stall s) {
                node.put("kind", "stall").put("afterEvents", s.afterEvents()).put("ms", s.duration().toMillis());
            } else if (fault instanceof Fault.SlowRead s) {
                node.put("kind", "slow-read").put("ms", s.delay().toMillis());
            }
            node.put("rate", rule.rate()).put("model", rule.model());
            if (rule.times() > 0) {
                node.put("times", rule.times());
            }
        }
        ArrayNode q = root.putArray("quotas");
        quotas.forEach(quota -> q.addObject().put("model", quota.model()).put("rpm", quota.requestsPerMinute())
                .put("tpm", quota.tokensPerMinute()));
        root.putObject("pace").put("firstTokenMs", pace.firstTokenLatency().toMillis())
                .put("tokensPerSecond", pace.tokensPerSecond());
        ArrayNode g = root.putArray("guardrails");
        for (Guardrail guardrail : guardrails) {
            ObjectNode node = g.addObject().put("id", guardrail.id()).put("version", guardrail.version());
            guardrail.blockedWords().forEach(node.putArray("words")::add);
        }
        return root;
    }

    private static JsonNode requireArray(JsonNode node, String name) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(name + " must be a JSON array");
        }
        return node;
    }
}
