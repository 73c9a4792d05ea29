package dev.basalt.emulator.internal.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.emulator.ModelError;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ModelRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta Llama 3: {@code {"prompt", "max_gen_len", ...}}, the prompt in Llama 3's header format
 * (read back into system and messages; a plain prompt is one user message), answered
 * {@code {"generation", "prompt_token_count", "generation_token_count", "stop_reason"}}.
 */
public final class LlamaFamily implements TextFamily {

    private static final Pattern TURN = Pattern.compile(
            "<\\|start_header_id\\|>(system|user|assistant)<\\|end_header_id\\|>\\n\\n(.*?)(?:<\\|eot_id\\|>|$)", Pattern.DOTALL);

    private final ObjectMapper json;

    public LlamaFamily(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ModelRequest read(String modelId, JsonNode body, String bodyText) {
        if (!body.path("prompt").isTextual()) {
            throw ModelError.validation("Malformed input request: #: required key [prompt] not found, please reformat your "
                    + "input and try again.");
        }
        String prompt = body.path("prompt").asText();
        StringBuilder system = new StringBuilder();
        List<ModelRequest.Message> messages = new ArrayList<>();
        Matcher turn = TURN.matcher(prompt);
        while (turn.find()) {
            String role = turn.group(1);
            String text = turn.group(2);
            if (role.equals("system")) {
                system.append(text);
            } else if (!(role.equals("assistant") && text.isEmpty())) {
                messages.add(new ModelRequest.Message(role, text));   // the open assistant header is the cue, not a turn
            }
        }
        if (messages.isEmpty()) {
            messages.add(new ModelRequest.Message("user", prompt.replace("<|begin_of_text|>", "")));
        }
        JsonNode max = body.path("max_gen_len");
        return new ModelRequest(modelId, system.toString(), messages,
                max.isIntegralNumber() ? OptionalInt.of(max.asInt()) : OptionalInt.empty(), bodyText);
    }

    @Override
    public ObjectNode response(String modelId, ModelRequest request, ModelReply reply) {
        return json.createObjectNode().put("generation", reply.text()).put("prompt_token_count", reply.inputTokens())
                .put("generation_token_count", reply.outputTokens()).put("stop_reason", stopReason(reply.stopReason()));
    }

    @Override
    public List<StreamChunk> stream(String modelId, ModelRequest request, ModelReply reply) {
        List<StreamChunk> chunks = new ArrayList<>();
        List<String> pieces = reply.chunks().isEmpty() ? List.of("") : reply.chunks();
        for (int i = 0; i < pieces.size(); i++) {
            boolean last = i == pieces.size() - 1;
            ObjectNode chunk = json.createObjectNode().put("generation", pieces.get(i));
            if (i == 0) {
                chunk.put("prompt_token_count", reply.inputTokens());
            } else {
                chunk.putNull("prompt_token_count");
            }
            chunk.put("generation_token_count", last ? reply.outputTokens()
                    : Math.max(1, (int) ((long) reply.outputTokens() * (i + 1) / pieces.size())));
            if (last) {
                chunk.put("stop_reason", stopReason(reply.stopReason()));
            } else {
                chunk.putNull("stop_reason");
            }
            chunks.add(new StreamChunk(chunk, pieces.get(i)));
        }
        return chunks;
    }

    static String stopReason(String stopReason) {
        return stopReason.equals("max_tokens") ? "length" : "stop";
    }
}
