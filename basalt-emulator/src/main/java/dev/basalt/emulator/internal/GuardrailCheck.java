package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.EchoModel;
import dev.basalt.emulator.Guardrail;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import java.util.Optional;

/**
 * A model request's word-list guardrail applied to its input, as Bedrock applies one. Converse names
 * it in {@code guardrailConfig}, and when the request marks text with {@code guardContent} blocks
 * only that text is evaluated. InvokeModel names it in the {@code X-Amzn-Bedrock-Guardrail*}
 * headers and evaluates the whole input.
 */
final class GuardrailCheck {

    private final EmulatorState state;

    GuardrailCheck(EmulatorState state) {
        this.state = state;
    }

    /**
     * What a request's guardrail did to it.
     *
     * @param reply the reply that replaces the model's when the guardrail blocked the input, else null
     * @param trace Bedrock's trace, {@code {"guardrail": {...assessment}}}, when the request asked for
     *     one, else null: Converse sends it as {@code trace}, InvokeModel as {@code amazon-bedrock-trace}
     * @param action InvokeModel's {@code amazon-bedrock-guardrailAction}, INTERVENED or NONE; null
     *     when the request named no guardrail
     */
    record Verdict(ModelReply reply, ObjectNode trace, String action) {
        static final Verdict NONE = new Verdict(null, null, null);

        /** The members Bedrock adds to an InvokeModel body, or to a stream's last chunk; none without a guardrail. */
        ObjectNode invokeMembers(ObjectMapper json) {
            ObjectNode members = json.createObjectNode();
            if (action != null) {
                members.put("amazon-bedrock-guardrailAction", action);
            }
            if (trace != null) {
                members.set("amazon-bedrock-trace", trace);
            }
            return members;
        }
    }

    /** @param body the Converse request body */
    Verdict converse(JsonNode body, ModelRequest request) {
        JsonNode config = body.path("guardrailConfig");
        if (!config.isObject()) {
            return Verdict.NONE;
        }
        Guardrail guardrail = find(config.path("guardrailIdentifier").asText(), config.path("guardrailVersion").asText(null));
        String trace = config.path("trace").asText();
        String evaluated = ConverseRequestReader.guardContent(body).orElse(request.inputText());
        return verdict(guardrail, evaluated, request, trace.equals("enabled") || trace.equals("enabled_full"));
    }

    Verdict invoke(IncomingRequest http, ModelRequest request) {
        String id = http.header("X-Amzn-Bedrock-GuardrailIdentifier");
        if (id == null) {
            return Verdict.NONE;
        }
        Guardrail guardrail = find(id, http.header("X-Amzn-Bedrock-GuardrailVersion"));
        String trace = http.header("X-Amzn-Bedrock-Trace");
        return verdict(guardrail, request.inputText(), request,
                "ENABLED".equalsIgnoreCase(trace) || "ENABLED_FULL".equalsIgnoreCase(trace));
    }

    /** The guardrail a request names; Bedrock's 404 when there is none by that id and version. */
    Guardrail find(String id, String version) {
        return state.guardrail(id, version).orElseThrow(() -> new BedrockErrorException(new BedrockError(404,
                "ResourceNotFoundException", "The guardrail identifier or version provided in the request does not exist.",
                BedrockError.BEDROCK)));
    }

    private Verdict verdict(Guardrail guardrail, String evaluated, ModelRequest request, boolean traced) {
        Optional<String> match = guardrail.firstMatch(evaluated);
        ObjectNode trace = traced ? trace(guardrail, match) : null;
        if (match.isEmpty()) {
            return new Verdict(null, trace, "NONE");
        }
        ModelReply blocked = ModelReply.text(EchoModel.words(guardrail.blockedMessage()), "guardrail_intervened",
                EchoModel.estimateTokens(request.inputText()), EchoModel.estimateTokens(guardrail.blockedMessage()));
        return new Verdict(blocked, trace, "INTERVENED");
    }

    /** Bedrock's trace: the input's assessment under the guardrail's id, and why it acted when it did. */
    private ObjectNode trace(Guardrail guardrail, Optional<String> match) {
        ObjectNode trace = state.json.createObjectNode();
        ObjectNode assessed = trace.putObject("guardrail");
        ArrayNode words = assessed.putObject("inputAssessment").putObject(guardrail.id())
                .putObject("wordPolicy").putArray("customWords");
        match.ifPresent(word -> words.addObject().put("match", word).put("action", "BLOCKED").put("detected", true));
        if (match.isPresent()) {
            assessed.put("actionReason", "Guardrail blocked.");
        }
        return trace;
    }
}
