package dev.basalt.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BedrockRouterTest {

    private final BedrockRouter router = new BedrockRouter();

    @Test
    void colonRawOrEncodedNamesTheSameModel() {
        Route raw = router.route("POST", "/model/anthropic.claude-3-haiku-20240307-v1:0/converse");
        Route encoded = router.route("POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");

        assertThat(raw).isEqualTo(encoded).isEqualTo(new Route(Operation.CONVERSE, "anthropic.claude-3-haiku-20240307-v1:0"));
    }

    @Test
    void arnWithEncodedSlashIsOneModelId() {
        Route route = router.route("POST",
                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fus.anthropic.x-v1%3A0/converse-stream");

        assertThat(route.operation()).isEqualTo(Operation.CONVERSE_STREAM);
        assertThat(route.modelId()).isEqualTo("arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.x-v1:0");
    }

    @Test
    void encodedSlashDoesNotSplitTheRoute() {
        // decoding before splitting would turn this into five segments
        assertThat(router.route("POST", "/model/a%2Fb/invoke")).isEqualTo(new Route(Operation.INVOKE_MODEL, "a/b"));
    }

    @Test
    void operationsNotYetServedAreStillNamed() {
        assertThat(router.route("POST", "/model/m/invoke-with-response-stream").operationName())
                .isEqualTo("InvokeModelWithResponseStream");
        assertThat(router.route("POST", "/model/m/count-tokens").operationName()).isEqualTo("CountTokens");
    }

    @Test
    void otherMethodsAndPathsGoNowhere() {
        assertThat(router.route("GET", "/model/m/converse")).isEqualTo(Route.NOWHERE);
        assertThat(router.route("POST", "/model/m/chat")).isEqualTo(Route.NOWHERE);
        assertThat(router.route("POST", "/model/a/b/converse")).isEqualTo(Route.NOWHERE);
        assertThat(router.route("POST", "/inference-profiles")).isEqualTo(Route.NOWHERE);
        assertThat(router.route("GET", "/inference-profiles/a/b")).isEqualTo(Route.NOWHERE);
        assertThat(router.route("POST", "/")).isEqualTo(new Route(Operation.GET_CALLER_IDENTITY, null));
        assertThat(router.route("GET", "/")).isEqualTo(Route.NOWHERE);
    }

    @Test
    void malformedEscapeIsKeptAsSent() {
        assertThat(router.route("POST", "/model/m%zz%4/converse").modelId()).isEqualTo("m%zz%4");
    }

    @Test
    void routesTheControlPlaneAndGuardrailsOnTheSameBaseUrl() {
        assertThat(router.route("GET", "/inference-profiles")).isEqualTo(new Route(Operation.LIST_INFERENCE_PROFILES, null));
        assertThat(router.route("GET", "/foundation-models/")).isEqualTo(new Route(Operation.LIST_FOUNDATION_MODELS, null));
        assertThat(router.route("GET", "/foundation-models/anthropic.claude-3-haiku-20240307-v1%3A0"))
                .isEqualTo(new Route(Operation.GET_FOUNDATION_MODEL, "anthropic.claude-3-haiku-20240307-v1:0"));
        assertThat(router.route("GET", "/inference-profiles/us.anthropic.claude-haiku-4-5-20251001-v1:0"))
                .isEqualTo(new Route(Operation.GET_INFERENCE_PROFILE, "us.anthropic.claude-haiku-4-5-20251001-v1:0"));
        assertThat(router.route("POST", "/guardrail/gr-1/version/DRAFT/apply"))
                .isEqualTo(new Route(Operation.APPLY_GUARDRAIL, "gr-1", "DRAFT"));
    }
}
