package dev.basalt.emulator.internal;

import dev.basalt.emulator.ModelBehaviour;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Everything the server needs to run, as the public builder collected it. */
public record EmulatorConfig(String host, int port, Map<String, String> secretsByKeyId, Set<String> apiKeys,
                             boolean noAuth, ModelBehaviour model, Clock clock) {

    public EmulatorConfig {
        Objects.requireNonNull(host, "host");
        secretsByKeyId = Map.copyOf(secretsByKeyId);
        apiKeys = Set.copyOf(apiKeys);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(clock, "clock");
    }
}
