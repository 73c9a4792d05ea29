package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.Content;
import dev.basalt.core.Message;
import dev.basalt.core.Role;
import dev.basalt.core.ToolSpec;
import dev.basalt.core.Usage;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cache points where Bedrock caches a stable prefix, and cache tokens counted and priced apart. */
class PromptCachingTest extends EmulatedBedrock {

    private static final JsonNode CACHE_POINT = json("{\"cachePoint\":{\"type\":\"default\"}}");

    @Test
    void cachePointsFollowTheSystemPromptTheToolsAndTheLastTwoUserTurns() {
        model.chat(agentTurn(SONNET).promptCaching(true).build());

        JsonNode body = lastBody();
        assertThat(last(body.path("system"))).isEqualTo(CACHE_POINT);
        assertThat(body.at("/system/0/text").asText()).isEqualTo("You are terse.");
        assertThat(last(body.at("/toolConfig/tools"))).isEqualTo(CACHE_POINT);
        assertThat(body.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("read_file");
        JsonNode messages = body.path("messages");
        assertThat(last(messages.at("/0/content"))).isNotEqualTo(CACHE_POINT);
        assertThat(last(messages.at("/2/content"))).isEqualTo(CACHE_POINT);
        assertThat(messages.at("/2/content/0/toolResult/toolUseId").asText()).isEqualTo("tu_1");
        assertThat(last(messages.at("/4/content"))).isEqualTo(CACHE_POINT);
        assertThat(body.findValues("cachePoint")).hasSize(4);   // Bedrock's maximum per request
    }

    @Test
    void streamsCarryTheSameCachePoints() {
        ChatRequest request = agentTurn(SONNET).promptCaching(true).build();
        model.chat(request);
        JsonNode converse = lastBody();

        model.stream(request, e -> { });

        assertThat(lastBody().path("messages")).isEqualTo(converse.path("messages"));
        assertThat(lastBody().path("system")).isEqualTo(converse.path("system"));
        assertThat(lastBody().path("toolConfig")).isEqualTo(converse.path("toolConfig"));
    }

    @Test
    void withoutTheOptionNothingIsMarked() {
        model.chat(agentTurn(SONNET).build());

        assertThat(lastBody().findValues("cachePoint")).isEmpty();
    }

    @Test
    void aModelWithoutCachingInTheCatalogGetsNoCachePoints() {
        model.chat(agentTurn(HAIKU_3).promptCaching(true).build());

        assertThat(lastBody().findValues("cachePoint")).isEmpty();
    }

    @Test
    void novaCachesTheSystemPromptAndTheTurnsButNotTheTools() {
        model.chat(agentTurn("us.amazon.nova-pro-v1:0").promptCaching(true).build());

        JsonNode body = lastBody();
        assertThat(last(body.path("system"))).isEqualTo(CACHE_POINT);
        assertThat(last(body.at("/toolConfig/tools"))).isNotEqualTo(CACHE_POINT);
        assertThat(body.findValues("cachePoint")).hasSize(3);
    }

    @Test
    void cacheReadsAndWritesAreCountedAndPricedApart() {
        answer(request -> new ModelReply(List.of(ReplyBlock.Text.of("Cached.")), "end_turn",
                new TokenUsage(100, 20, 5_000, 2_000)));
        ChatRequest request = agentTurn(SONNET).promptCaching(true).build();

        ChatResponse viaChat = model.chat(request);
        ChatResponse viaStream = model.stream(request, e -> { });

        // Claude Sonnet 4.5: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million tokens
        double expected = (100 * 3.0 + 20 * 15.0 + 5_000 * 0.30 + 2_000 * 3.75) / 1_000_000;
        for (ChatResponse response : List.of(viaChat, viaStream)) {
            assertThat(response.usage()).isEqualTo(new Usage(100, 20, 5_000, 2_000));
            assertThat(response.costUsd().getAsDouble()).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void everyResponseOfACatalogModelCarriesItsCostAndOthersNone() {
        ChatResponse priced = model.chat(ChatRequest.builder(HAIKU_3).user("four token words").build());
        // Claude 3 Haiku: $0.25 in, $1.25 out per million tokens
        double expected = (priced.usage().inputTokens() * 0.25 + priced.usage().outputTokens() * 1.25) / 1_000_000;
        assertThat(priced.costUsd().getAsDouble()).isCloseTo(expected, within(1e-15));

        try (BedrockChatModel uncatalogued = BedrockChatModel.builder().region("us-east-1").endpoint(emulator.endpoint())
                .credentials(KEY_ID, SECRET).catalog(new ModelCatalog(List.of())).build()) {
            assertThat(uncatalogued.chat(ChatRequest.builder(HAIKU_3).user("hi").build()).costUsd()).isEmpty();
            assertThat(uncatalogued.stream(ChatRequest.builder(HAIKU_3).user("hi").build(), e -> { }).costUsd()).isEmpty();
        }
    }

    /** An agent's third call: system, a tool, and a tool round trip before the newest user turn. */
    private static ChatRequest.Builder agentTurn(String modelId) {
        return ChatRequest.builder(modelId)
                .system("You are terse.")
                .tool(new ToolSpec("read_file", "Reads a file", null))
                .user("Read a.txt")
                .message(new Message(Role.ASSISTANT, List.of(new Content.ToolUse("tu_1", "read_file", "{\"path\":\"a.txt\"}"))))
                .message(new Message(Role.USER, List.of(Content.ToolResult.text("tu_1", "hello", false))))
                .message(Message.assistant("It says hello."))
                .user("Thanks");
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }
}
