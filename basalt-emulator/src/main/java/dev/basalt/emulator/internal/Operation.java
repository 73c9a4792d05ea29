package dev.basalt.emulator.internal;

import java.util.Arrays;
import java.util.Optional;

/** The operations the emulator serves, runtime and control plane, on one base URL. */
enum Operation {
    CONVERSE("Converse", "converse"),
    CONVERSE_STREAM("ConverseStream", "converse-stream"),
    INVOKE_MODEL("InvokeModel", "invoke"),
    INVOKE_MODEL_WITH_RESPONSE_STREAM("InvokeModelWithResponseStream", "invoke-with-response-stream"),
    COUNT_TOKENS("CountTokens", "count-tokens"),
    APPLY_GUARDRAIL("ApplyGuardrail", null),
    LIST_FOUNDATION_MODELS("ListFoundationModels", null),
    GET_FOUNDATION_MODEL("GetFoundationModel", null),
    LIST_INFERENCE_PROFILES("ListInferenceProfiles", null),
    GET_INFERENCE_PROFILE("GetInferenceProfile", null),
    GET_CALLER_IDENTITY("GetCallerIdentity", null);

    private final String awsName;
    private final String modelPathSuffix;

    Operation(String awsName, String modelPathSuffix) {
        this.awsName = awsName;
        this.modelPathSuffix = modelPathSuffix;
    }

    /** The operation's name in the Bedrock API, e.g. {@code ConverseStream}. */
    String awsName() {
        return awsName;
    }

    /** Whether the operation runs a model (and so meets faults, quotas and the model behaviour). */
    boolean runsModel() {
        return modelPathSuffix != null;
    }

    boolean streams() {
        return this == CONVERSE_STREAM || this == INVOKE_MODEL_WITH_RESPONSE_STREAM;
    }

    /** The runtime operation addressed as {@code POST /model/{modelId}/<suffix>}. */
    static Optional<Operation> bySuffix(String suffix) {
        return Arrays.stream(values()).filter(o -> suffix.equals(o.modelPathSuffix)).findFirst();
    }
}
