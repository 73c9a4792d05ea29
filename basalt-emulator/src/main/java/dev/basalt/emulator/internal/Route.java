package dev.basalt.emulator.internal;

/**
 * Where a request goes: an operation on a resource, or nowhere.
 *
 * @param operation null when the method and path name no operation
 * @param modelId the percent-decoded model id, profile id or guardrail id, or null when the path
 *     has none
 * @param version the guardrail version of ApplyGuardrail, else null
 */
record Route(Operation operation, String modelId, String version) {

    static final Route NOWHERE = new Route(null, null, null);

    Route(Operation operation, String modelId) {
        this(operation, modelId, null);
    }

    String operationName() {
        return operation == null ? null : operation.awsName();
    }
}
