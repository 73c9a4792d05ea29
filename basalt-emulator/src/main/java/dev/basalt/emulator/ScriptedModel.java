package dev.basalt.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ModelBehaviour} that plays a conversation from a script: the n-th model call of a
 * conversation (n = the assistant turns the request already holds) gets the script's n-th turn.
 * Being keyed on the conversation rather than on a counter, it needs no state, answers concurrent
 * conversations alike, and a retried call gets the same answer. Past the last turn it echoes.
 *
 * <pre>{@code
 * {"turns": [
 *   {"reply": [{"text": "Let me look."},
 *              {"toolUse": {"name": "read_file", "input": {"path": "notes.txt"}}}],
 *    "stopReason": "tool_use"},
 *   {"reply": [{"reasoning": "The file says hi.", "signature": "sig-1"},
 *              {"redactedReasoning": "ZW5jcnlwdGVk"},
 *              {"text": "The file says hi."}],
 *    "usage": {"inputTokens": 120, "outputTokens": 9, "cacheReadInputTokens": 100}}
 * ]}
 * }</pre>
 *
 * <p>Text and reasoning stream word by word; a tool's input arrives split across three deltas, as
 * real models stream it; redacted reasoning (base64 of its opaque bytes) arrives in one piece. Tool-use ids are {@code tooluse_<turn>_<block>}. The stop reason defaults
 * to {@code tool_use} when the turn calls a tool, else {@code end_turn}; usage defaults to the
 * emulator's estimates.
 */
public final class ScriptedModel implements ModelBehaviour {

    private final List<ModelReply> turns;
    private final ModelBehaviour afterScript = new EchoModel();

    private ScriptedModel(List<ModelReply> turns) {
        this.turns = List.copyOf(turns);
    }

    /** The replies, in order, as the script's turns. */
    public static ScriptedModel of(List<ModelReply> turns) {
        return new ScriptedModel(turns);
    }

    /**
     * Reads a script file.
     *
     * @throws IllegalArgumentException naming the file and the turn that is wrong
     */
    public static ScriptedModel fromFile(Path file) {
        try {
            return fromJson(new ObjectMapper().readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the script " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Script " + file + ": " + e.getMessage(), e);
        }
    }

    static ScriptedModel fromJson(JsonNode root) {
        JsonNode turns = root.path("turns");
        if (!turns.isArray() || turns.isEmpty()) {
            throw new IllegalArgumentException("\"turns\" must be a non-empty array");
        }
        List<ModelReply> replies = new ArrayList<>();
        for (int t = 0; t < turns.size(); t++) {
            replies.add(turn(turns.get(t), t));
        }
        return new ScriptedModel(replies);
    }

    private static ModelReply turn(JsonNode turn, int t) {
        JsonNode reply = turn.path("reply");
        if (!reply.isArray() || reply.isEmpty()) {
            throw new IllegalArgumentException("turns[" + t + "].reply must be a non-empty array of blocks");
        }
        List<ReplyBlock> blocks = new ArrayList<>();
        boolean callsTool = false;
        int outputChars = 0;
        for (int b = 0; b < reply.size(); b++) {
            JsonNode block = reply.get(b);
            String where = "turns[" + t + "].reply[" + b + "]";
            if (block.path("text").isTextual()) {
                String text = requireText(block.path("text").asText(), where + ".text");
                blocks.add(new ReplyBlock.Text(EchoModel.words(text)));
                outputChars += text.length();
            } else if (block.path("toolUse").isObject()) {
                JsonNode use = block.path("toolUse");
                String name = requireText(use.path("name").asText(""), where + ".toolUse.name");
                String input = use.path("input").isMissingNode() ? "{}" : use.path("input").toString();
                String id = use.path("id").asText("tooluse_" + t + "_" + b);
                blocks.add(new ReplyBlock.ToolUse(id, name, thirds(input)));
                callsTool = true;
                outputChars += input.length();
            } else if (block.path("reasoning").isTextual()) {
                String text = requireText(block.path("reasoning").asText(), where + ".reasoning");
                blocks.add(new ReplyBlock.Reasoning(EchoModel.words(text), block.path("signature").asText("sig-" + t + "-" + b)));
                outputChars += text.length();
            } else if (block.path("redactedReasoning").isTextual()) {
                byte[] data;
                try {
                    data = java.util.Base64.getDecoder().decode(block.path("redactedReasoning").asText());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ".redactedReasoning must be base64: " + e.getMessage());
                }
                if (data.length == 0) {
                    throw new IllegalArgumentException(where + ".redactedReasoning must not be empty");
                }
                blocks.add(new ReplyBlock.RedactedReasoning(data));
                outputChars += data.length;
            } else {
                throw new IllegalArgumentException(where
                        + " must have \"text\", \"toolUse\", \"reasoning\" or \"redactedReasoning\"");
            }
        }
        String stopReason = turn.path("stopReason").asText(callsTool ? "tool_use" : "end_turn");
        JsonNode usage = turn.path("usage");
        // an input count the script leaves out is estimated per request, over what was sent
        TokenUsage tokens = new TokenUsage(usage.path("inputTokens").asInt(0), usage.path("outputTokens")
                .asInt(Math.max(1, (outputChars + 3) / 4)), usage.path("cacheReadInputTokens").asInt(0),
                usage.path("cacheWriteInputTokens").asInt(0));
        return new ModelReply(blocks, stopReason, tokens);
    }

    @Override
    public ModelReply reply(ModelRequest request) {
        int turn = request.assistantTurns();
        if (turn >= turns.size()) {
            return afterScript.reply(request);
        }
        ModelReply scripted = turns.get(turn);
        if (scripted.usage().inputTokens() > 0) {
            return scripted;
        }
        TokenUsage u = scripted.usage();
        return new ModelReply(scripted.blocks(), scripted.stopReason(), new TokenUsage(
                EchoModel.estimateTokens(request.inputText()), u.outputTokens(), u.cacheReadInputTokens(),
                u.cacheWriteInputTokens()));
    }

    /** The turns of the script, in order. */
    public List<ModelReply> turns() {
        return turns;
    }

    private static List<String> thirds(String text) {
        if (text.length() < 3) {
            return List.of(text);
        }
        int a = text.length() / 3;
        int b = 2 * text.length() / 3;
        return List.of(text.substring(0, a), text.substring(a, b), text.substring(b));
    }

    private static String requireText(String text, String where) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(where + " must not be empty");
        }
        return text;
    }
}
