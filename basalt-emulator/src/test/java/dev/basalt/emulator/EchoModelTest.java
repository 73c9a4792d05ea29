package dev.basalt.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EchoModelTest {

    private final EchoModel echo = new EchoModel();

    @Test
    void echoesTheLastUserTextInWordChunksThatJoinExactly() {
        String prompt = "  Streams arrive\tone small\n\npiece  at a time ";

        ModelReply reply = echo.reply(request(OptionalInt.empty(),
                new ModelRequest.Message("user", "first"), new ModelRequest.Message("assistant", "ok"),
                new ModelRequest.Message("user", prompt)));

        assertThat(reply.text()).isEqualTo(prompt);
        assertThat(reply.chunks()).containsExactly("  ", "Streams ", "arrive\t", "one ", "small\n\n", "piece  ", "at ", "a ", "time ");
        assertThat(reply.stopReason()).isEqualTo("end_turn");
    }

    @Test
    void tokenCountsAreTheQuarterCharEstimate() {
        ModelReply reply = echo.reply(request(OptionalInt.empty(), new ModelRequest.Message("user", "Hello there")));

        assertThat(reply.outputTokens()).isEqualTo(3);           // 11 chars
        assertThat(reply.inputTokens()).isEqualTo(EchoModel.estimateTokens("sysHello there"));
        assertThat(EchoModel.estimateTokens("")).isEqualTo(1);
        assertThat(EchoModel.estimateTokens("abcd")).isEqualTo(1);
        assertThat(EchoModel.estimateTokens("abcde")).isEqualTo(2);
    }

    @Test
    void lastUserMessageWithoutTextGetsTheFixedAnswer() {
        ModelReply reply = echo.reply(request(OptionalInt.empty(),
                new ModelRequest.Message("user", "run it"), new ModelRequest.Message("assistant", ""),
                new ModelRequest.Message("user", "")));

        assertThat(reply.text()).isEqualTo(EchoModel.NO_TEXT_ANSWER);
        assertThat(reply.stopReason()).isEqualTo("end_turn");
    }

    @Test
    void answerLongerThanMaxTokensIsCutWithMaxTokens() {
        ModelReply reply = echo.reply(request(OptionalInt.of(1), new ModelRequest.Message("user", "Hello there")));

        assertThat(reply.text()).isEqualTo("Hell");
        assertThat(reply.stopReason()).isEqualTo("max_tokens");
        assertThat(reply.outputTokens()).isEqualTo(1);
    }

    private static ModelRequest request(OptionalInt maxTokens, ModelRequest.Message... messages) {
        return new ModelRequest("m", "sys", List.of(messages), maxTokens, "{}");
    }
}
