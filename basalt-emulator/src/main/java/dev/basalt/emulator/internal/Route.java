package dev.basalt.emulator.internal;

/**
 * Where a request goes: an operation on a model, or nowhere.
 *
 * @param operation null when the method and path name no operation
 * @param modelId the percent-decoded model id, or null when the path has none
 */
record Route(Operation operation, String modelId) {

    static final Route NOWHERE = new Route(null, null);

    String operationName() {
        return operation == null ? null : operation.awsName();
    }
}
