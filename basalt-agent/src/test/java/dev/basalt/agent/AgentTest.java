package dev.basalt.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ChatModel;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.core.ResponseAssembler;
import dev.basalt.core.Role;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import dev.basalt.core.StreamListener;
import dev.basalt.core.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTest {

    /** A model that answers with the number of messages it was sent, so history is observable. */
    static final class CountingModel implements ChatModel {
        final List<ChatRequest> requests = new ArrayList<>();
        boolean fail;

        @Override
        public ChatResponse chat(ChatRequest request) {
            return stream(request, StreamListener.IGNORE);
        }

        @Override
        public ChatResponse stream(ChatRequest request, StreamListener listener) {
            requests.add(request);
            if (fail) {
                throw new ModelException(ErrorKind.THROTTLED, "slow down", "wait");
            }
            ResponseAssembler assembler = new ResponseAssembler(request.modelId());
            for (StreamEvent e : List.of(
                    new StreamEvent.MessageStart(Role.ASSISTANT),
                    new StreamEvent.TextDelta(0, "seen "),
                    new StreamEvent.TextDelta(0, String.valueOf(request.messages().size())),
                    new StreamEvent.BlockStop(0),
                    new StreamEvent.MessageStop(StopReason.END_TURN),
                    new StreamEvent.Metadata(new Usage(3, 2, 0, 0), 5))) {
                listener.onEvent(e);
                assembler.onEvent(e);
            }
            return assembler.response();
        }
    }

    @Test
    void keepsHistoryAcrossTurnsAndStreamsEachAnswer() {
        CountingModel model = new CountingModel();
        Agent agent = new Agent(model, "m");
        StringBuilder streamed = new StringBuilder();
        StreamListener printer = e -> {
            if (e instanceof StreamEvent.TextDelta d) {
                streamed.append(d.text());
            }
        };

        assertThat(agent.run("one", printer).text()).isEqualTo("seen 1");
        assertThat(agent.run("two", printer).text()).isEqualTo("seen 3");

        assertThat(streamed).hasToString("seen 1seen 3");
        assertThat(agent.conversation().messages()).extracting(m -> m.text())
                .containsExactly("one", "seen 1", "two", "seen 3");
        assertThat(model.requests.get(1).messages()).hasSize(3);
    }

    @Test
    void failedTurnLeavesConversationUnchanged() {
        CountingModel model = new CountingModel();
        Agent agent = new Agent(model, "m");
        agent.run("one", StreamListener.IGNORE);
        model.fail = true;

        assertThatThrownBy(() -> agent.run("two", StreamListener.IGNORE))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind()).isEqualTo(ErrorKind.THROTTLED);
        assertThat(agent.conversation().messages()).hasSize(2);
    }
}
