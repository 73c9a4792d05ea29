package dev.basalt.emulator.internal;

import java.util.Arrays;
import java.util.Optional;

/** The runtime operations addressed as {@code POST /model/{modelId}/<suffix>}. */
enum Operation {
    CONVERSE("Converse", "converse"),
    CONVERSE_STREAM("ConverseStream", "converse-stream"),
    INVOKE_MODEL("InvokeModel", "invoke"),
    INVOKE_MODEL_WITH_RESPONSE_STREAM("InvokeModelWithResponseStream", "invoke-with-response-stream"),
    COUNT_TOKENS("CountTokens", "count-tokens");

    private final String awsName;
    private final String pathSuffix;

    Operation(String awsName, String pathSuffix) {
        this.awsName = awsName;
        this.pathSuffix = pathSuffix;
    }

    /** The operation's name in the Bedrock API, e.g. {@code ConverseStream}. */
    String awsName() {
        return awsName;
    }

    static Optional<Operation> bySuffix(String suffix) {
        return Arrays.stream(values()).filter(o -> o.pathSuffix.equals(suffix)).findFirst();
    }
}
