package dev.basalt.emulator.internal;

import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The fault rules in force; replaced whole (by the builder, the Java API or the admin API). */
final class FaultBoard {

    private volatile List<FaultRule> rules;

    FaultBoard(List<FaultRule> rules) {
        this.rules = List.copyOf(rules);
    }

    List<FaultRule> rules() {
        return rules;
    }

    void replace(List<FaultRule> next) {
        rules = List.copyOf(next);
    }

    /** The fault that strikes this request, if any: the first matching rule whose dice roll hits. */
    Optional<Fault> draw(String modelId, boolean streaming) {
        for (FaultRule rule : rules) {
            if (rule.fault().inStream() && !streaming) {
                continue;
            }
            if (rule.matches(modelId) && (rule.rate() >= 1 || ThreadLocalRandom.current().nextDouble() < rule.rate())) {
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }
}
