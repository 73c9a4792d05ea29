package dev.basalt.emulator.internal;

/** Carries a {@link BedrockError} out of request parsing to the code that answers it. */
final class BedrockErrorException extends RuntimeException {

    private final transient BedrockError error;

    BedrockErrorException(BedrockError error) {
        super(error.type() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    BedrockError error() {
        return error;
    }
}
