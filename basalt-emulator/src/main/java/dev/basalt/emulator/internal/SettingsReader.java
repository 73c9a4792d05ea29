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
            String kind = f.path("kind").asText("").toLowerCase(Locale.ROOT);
            int after = f.path("afterEvents").asInt(0);
            Fault fault;
            switch (kind) {
                case "throttle": fault = new Fault.Throttle(); break;
                case "error": fault = new Fault.Error(f.path("status").asInt(500),
                        f.path("type").asText("InternalServerException"),
                        f.path("message").asText("The server encountered an internal error.")); break;
                case "stream-exception": fault = new Fault.StreamException(after,
                        f.path("type").asText("modelStreamErrorException"),
                        f.path("message").asText("The model stream was interrupted.")); break;
                case "truncated-frame": fault = new Fault.TruncatedFrame(after); break;
                case "corrupt-frame": fault = new Fault.CorruptFrame(after); break;
                case "stall": fault = new Fault.Stall(after, Duration.ofMillis(f.path("ms").asLong(5000))); break;
                case "slow-read": fault = new Fault.SlowRead(Duration.ofMillis(f.path("ms").asLong(1000))); break;
                default: throw new IllegalArgumentException(where + ".kind must be one of throttle, error, "
                        + "stream-exception, truncated-frame, corrupt-frame, stall, slow-read; not '" + kind + "'");
            }
            rules.add(new FaultRule(fault, f.path("rate").asDouble(1), f.path("model").asText("*"), f.path("times").asInt(0)));
        }
        return rules;
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
