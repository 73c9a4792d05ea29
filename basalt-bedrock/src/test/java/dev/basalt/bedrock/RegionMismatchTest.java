package dev.basalt.bedrock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.core.ChatRequest;
import dev.basalt.core.ErrorKind;
import dev.basalt.core.ModelException;
import dev.basalt.emulator.Emulator;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** A regional endpoint called with a request signed for another region: named as a region problem, not bad keys. */
class RegionMismatchTest {

    @Test
    void aRequestSignedForAnotherRegionSaysToFixTheRegion() {
        try (Emulator emulator = Emulator.builder().credentials("AKIDREGION", "region-secret").region("us-east-1").start();
             BedrockChatModel model = BedrockChatModel.builder().region("eu-west-1").endpoint(emulator.endpoint())
                     .credentials("AKIDREGION", "region-secret").build()) {
            assertThatThrownBy(() -> model.chat(ChatRequest.builder("anthropic.claude-3-haiku-20240307-v1:0").user("hi").build()))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        Assertions.assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION);
                        Assertions.assertThat(e.userMessage()).contains("does not serve region eu-west-1").contains("--region");
                    });
        }
    }
}
