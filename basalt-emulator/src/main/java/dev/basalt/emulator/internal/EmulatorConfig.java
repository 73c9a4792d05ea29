package dev.basalt.emulator.internal;

import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.Guardrail;
import dev.basalt.emulator.ModelBehaviour;
import dev.basalt.emulator.Pace;
import dev.basalt.emulator.Quota;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the server needs to run, as the public builder collected it.
 *
 * @param requestLog where the JSONL request log goes, or null for none
 * @param region the one region requests must be signed for, or null for any
 */
public record EmulatorConfig(String host, int port, Map<String, String> secretsByKeyId, Set<String> apiKeys,
                             boolean noAuth, ModelBehaviour model, Clock clock, Pace pace, List<FaultRule> faults,
                             List<Quota> quotas, List<Guardrail> guardrails, Path requestLog,
                             String region) {

    public EmulatorConfig {
        Objects.requireNonNull(host, "host");
        secretsByKeyId = Map.copyOf(secretsByKeyId);
        apiKeys = Set.copyOf(apiKeys);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pace, "pace");
        faults = List.copyOf(faults);
        quotas = List.copyOf(quotas);
        guardrails = List.copyOf(guardrails);
    }
}
