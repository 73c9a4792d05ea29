package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ChatResponse;
import dev.basalt.core.Message;
import dev.basalt.core.StopReason;
import dev.basalt.core.Usage;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonAnswerTest {

    private static final JsonAnswer ANSWER = JsonAnswer.parse(
            "{\"name\":\"Ada\",\"age\":36,\"ratio\":0.5e1,\"ok\":true,\"none\":null,"
                    + "\"tags\":[\"a\",{\"deep\":[1,2]}],\"address\":{\"city\":\"London\"}}");

    @Test
    void pathsLeadThroughObjectsAndLists() {
        assertThat(ANSWER.string("name")).isEqualTo("Ada");
        assertThat(ANSWER.number("age")).isEqualByComparingTo("36");
        assertThat(ANSWER.number("ratio")).isEqualByComparingTo(new BigDecimal("5"));
        assertThat(ANSWER.bool("ok")).isTrue();
        assertThat(ANSWER.get("none")).isNull();
        assertThat(ANSWER.number("tags", "1", "deep", "1")).isEqualByComparingTo("2");
        assertThat(ANSWER.object("address")).containsEntry("city", "London");
        assertThat(ANSWER.list("tags")).hasSize(2);
        assertThat(ANSWER.has("none")).isTrue();
        assertThat(ANSWER.has("tags", "5")).isFalse();
        assertThat(ANSWER.object().keySet())
                .containsExactly("name", "age", "ratio", "ok", "none", "tags", "address");
    }

    @Test
    void aMissingPathOrAnotherTypeIsNamedInTheError() {
        assertThatThrownBy(() -> ANSWER.string("address", "zip")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the answer has no address.zip");
        assertThatThrownBy(() -> ANSWER.string("age")).hasMessage("age is a number, not a string");
        assertThatThrownBy(() -> ANSWER.list("none")).hasMessage("none is null, not a list");
    }

    @Test
    void listsMayHoldNullAndTheValuesCannotBeChanged() {
        JsonAnswer answer = JsonAnswer.parse("[1,null,\"x\"]");

        assertThat(answer.list()).isEqualTo(Arrays.asList(new BigDecimal("1"), null, "x"));
        assertThatThrownBy(() -> answer.list().add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(answer.json()).isEqualTo("[1,null,\"x\"]");
    }

    @Test
    void anAnswerThatIsNotJsonSaysSo() {
        ChatResponse refusal = new ChatResponse(Message.assistant("Sorry, I cannot."), StopReason.GUARDRAIL_INTERVENED,
                Usage.ZERO, "m", 0);

        assertThatThrownBy(() -> JsonAnswer.of(refusal)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the answer is not JSON (stop reason guardrail_intervened): not valid JSON: Sorry");
        assertThatThrownBy(() -> JsonAnswer.parse("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
        assertThat(JsonAnswer.of(new ChatResponse(Message.assistant("{}"), StopReason.END_TURN, Usage.ZERO, "m", 0)).object())
                .isEqualTo(Map.of());
    }
}
